package io.github.resultexport.embulk.output.salesforce_dmp;

import static io.github.resultexport.embulk.output.salesforce_dmp.DmpEmbulk.DAY;
import static io.github.resultexport.embulk.output.salesforce_dmp.DmpEmbulk.dailyKey;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.embulk.config.ConfigSource;
import org.junit.After;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * {@code url: salesforce-dmp://KEY:SECRET@client-name?…} writes as the options do; {@code endpoint}, {@code region},
 * {@code path_style_access} and {@code checksum_validation} reach an S3-compatible server.
 */
public class UrlAndEndpointTest {
    @ClassRule
    public static final S3Server S3 = new S3Server();
    @ClassRule
    public static final DmpEmbulk EMBULK = new DmpEmbulk();

    private S3FaultFront front;

    @Before
    public void start() throws Exception {
        S3.clear();
        front = S3FaultFront.in(S3);
    }

    @After
    public void stop() throws Exception {
        front.close();
    }

    @Test
    public void theResultUrlWritesTheDaysFile() throws Exception {
        String url = "salesforce-dmp://" + S3Server.ACCESS_KEY + ":" + S3Server.SECRET_KEY.replace("/", "%2F")
                + "@treasure-data?endpoint=" + front.endpoint() + "&path_style_access=true&region=eu-west-1"
                + "&retry_initial_interval_millis=10";
        ConfigSource out = EMBULK.newConfig().set("type", "salesforce_dmp").set("url", url);

        EMBULK.run(EMBULK.segments(20, 2), out, EMBULK.exec(2));

        assertEquals(SegmentsInputPlugin.lines(0, 2, 20, 2, 12), S3.sortedLines(dailyKey(DAY)));
        for (S3FaultFront.Request r : front.requests()) {
            assertTrue(r + ": " + r.header("authorization"), r.header("authorization")
                    .contains("/eu-west-1/s3/aws4_request"));
            assertTrue(r.toString(), r.path().startsWith("/" + S3Server.BUCKET + "/")
                    || r.path().equals("/" + S3Server.BUCKET));
        }
    }

    @Test
    public void uploadsCarryChecksumsWhenSupported() throws Exception {
        EMBULK.run(EMBULK.segments(20, 2), EMBULK.out(front.endpoint()), EMBULK.exec(2));

        List<S3FaultFront.Request> uploads = uploads();
        assertEquals(uploads.toString(), 3, uploads.size());
        for (S3FaultFront.Request r : uploads) {
            assertTrue(r + " " + r.headers, carriesChecksum(r));
        }
        assertEquals(SegmentsInputPlugin.lines(0, 2, 20, 2, 12), S3.sortedLines(dailyKey(DAY)));
    }

    @Test
    public void checksumsOnlyWhenRequired() throws Exception {
        EMBULK.run(EMBULK.segments(20, 2), EMBULK.out(front.endpoint()).set("checksum_validation", "when_required"),
                EMBULK.exec(2));

        List<S3FaultFront.Request> uploads = uploads();
        assertEquals(uploads.toString(), 3, uploads.size());
        for (S3FaultFront.Request r : uploads) {
            assertFalse(r + " " + r.headers, carriesChecksum(r));
        }
        assertEquals(SegmentsInputPlugin.lines(0, 2, 20, 2, 12), S3.sortedLines(dailyKey(DAY)));
        assertEquals(Collections.emptyList(), S3.uploads());
    }

    /** The data uploads of the run: the two task ends and the part joined from them. */
    private List<S3FaultFront.Request> uploads() {
        return front.requests().stream()
                .filter(r -> r.isUploadPart() || (r.isPutObject() && r.path().contains("/task-")))
                .collect(Collectors.toList());
    }

    private static boolean carriesChecksum(S3FaultFront.Request r) {
        for (String name : r.headers.keySet()) {
            if (name.startsWith("x-amz-checksum-") || name.equals("x-amz-sdk-checksum-algorithm")
                    || name.equals("x-amz-trailer")) {
                return true;
            }
        }
        return false;
    }
}
