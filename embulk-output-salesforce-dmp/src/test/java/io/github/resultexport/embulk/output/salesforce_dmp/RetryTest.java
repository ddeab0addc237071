package io.github.resultexport.embulk.output.salesforce_dmp;

import static io.github.resultexport.embulk.output.common.testing.SecretAssertions.assertNoSecret;
import static io.github.resultexport.embulk.output.common.testing.TestConfigs.config;
import static io.github.resultexport.embulk.output.salesforce_dmp.Causes.causedBy;
import static io.github.resultexport.embulk.output.salesforce_dmp.Causes.messages;
import static io.github.resultexport.embulk.output.salesforce_dmp.DmpEmbulk.DAY;
import static io.github.resultexport.embulk.output.salesforce_dmp.DmpEmbulk.dailyKey;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.github.resultexport.embulk.output.common.testing.LogCapture;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.embulk.config.ConfigDiff;
import org.embulk.config.ConfigException;
import org.embulk.config.ConfigSource;
import org.embulk.config.TaskReport;
import org.embulk.spi.Page;
import org.embulk.spi.Schema;
import org.embulk.spi.TransactionalPageOutput;
import org.embulk.test.EmbulkTestRuntime;
import org.embulk.test.PageTestUtils;
import org.junit.After;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

/**
 * Transient S3 errors (5xx, 503 SlowDown, a dropped connection, a lost response) are retried with the retry options;
 * a wrong access key or secret fails at once, with a message that names the option; the secret shows in no log
 * line, exception or task report.
 */
public class RetryTest {
    private static final long MIB = 1024 * 1024;

    @ClassRule
    public static final S3Server S3 = new S3Server();
    @ClassRule
    public static final DmpEmbulk EMBULK = new DmpEmbulk();
    @Rule
    public LogCapture everything = new LogCapture();
    @Rule
    public EmbulkTestRuntime runtime = new EmbulkTestRuntime();

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
    public void transientErrorsAreRetried() throws Exception {
        front.inject(S3FaultFront.Request::isCreateUpload, 1, S3FaultFront.error(503, "SlowDown"));
        // Task 0 owns part numbers from 1, task 1 from 5000 (4,999 each of 10,000 for two tasks).
        front.inject(r -> r.isUploadPart() && r.hasParam("partNumber=1"), 1, S3FaultFront.error(500, "InternalError"));
        front.inject(r -> r.isUploadPart() && r.hasParam("partNumber=5000"), 1, S3FaultFront.dropAfterBodyBytes(MIB));
        front.inject(r -> r.isPutObject() && r.path().contains("/task-"), 1, S3FaultFront.error(503, "SlowDown"));
        front.inject(S3FaultFront.Request::isListParts, 1, S3FaultFront.error(502, "BadGateway"));
        front.inject(S3FaultFront.Request::isComplete, 1, S3FaultFront.loseResponse());

        EMBULK.run(EMBULK.segments(18_000, 2).set("value_chars", 200),
                EMBULK.out(front.endpoint()).set("part_size", 5 * MIB), EMBULK.exec(2));

        assertEquals(SegmentsInputPlugin.lines(0, 2, 18_000, 2, 200), S3.sortedLines(dailyKey(DAY)));
        assertEquals(Collections.emptyList(), S3.uploads());
        for (String what : new String[] {"starting the upload", "uploading part 1 of", "uploading part 5000 of",
            "uploading s3://", "listing the parts", "completing the upload"}) {
            assertEquals(what, 1, everything.linesContaining(what).stream()
                    .filter(l -> l.contains("failed (retry 1/12")).count());
        }
        assertEquals("the completion's retry found its upload completed", 2,
                front.count(S3FaultFront.Request::isComplete));
    }

    @Test
    public void aWrongSecretFailsAtOnce() {
        String wrong = "wrong/Secret+Key0123456789abcdefghijklmn";

        Exception e = assertThrows(Exception.class, () -> EMBULK.run(EMBULK.segments(10, 1),
                EMBULK.out(front.endpoint()).set("aws_secret_access_key", wrong), EMBULK.exec(1)));

        assertTrue(messages(e), messages(e).contains("SignatureDoesNotMatch"));
        assertTrue(messages(e), messages(e).contains("'aws_secret_access_key' does not belong to"));
        assertTrue(e.toString(), causedBy(e, ConfigException.class));
        assertEquals("no retry", 1, front.requests().size());
        assertNoSecret(e, wrong);
        assertEquals(Collections.emptyList(), everything.linesContaining(wrong));
    }

    @Test
    public void aWrongAccessKeyFailsAtOnce() {
        Exception e = assertThrows(Exception.class, () -> EMBULK.run(EMBULK.segments(10, 1),
                EMBULK.out(front.endpoint()).set("aws_access_key_id", "AKIANOTAKNOWNKEY0000"), EMBULK.exec(1)));

        assertTrue(messages(e), messages(e).contains("InvalidAccessKeyId"));
        assertTrue(messages(e), messages(e).contains("check aws_access_key_id"));
        assertEquals("no retry", 1, front.requests().size());
        assertNoSecret(e, S3Server.SECRET_KEY);
    }

    /**
     * Drives the plugin as Embulk does, with the secret in a {@code url:}, to see its task reports and config diff:
     * none holds the secret, and no log line of the run does.
     */
    @Test
    public void theSecretIsInNoLogLineNorTaskReport() {
        ConfigSource config = config("type", "salesforce_dmp", "url", "salesforce-dmp://" + S3Server.ACCESS_KEY + ":"
                + S3Server.SECRET_KEY.replace("/", "%2F") + "@treasure-data?endpoint=" + front.endpoint()
                + "&path_style_access=true");
        Schema schema = SegmentsInputPlugin.schema(1);
        SalesforceDmpOutputPlugin plugin = new SalesforceDmpOutputPlugin();
        List<TaskReport> reports = new ArrayList<>();

        ConfigDiff diff = plugin.transaction(config, schema, 2, taskSource -> {
            for (int task = 0; task < 2; task++) {
                TransactionalPageOutput out = plugin.open(taskSource, schema, task);
                for (Page page : PageTestUtils.buildPage(runtime.getBufferAllocator(), schema,
                        "u" + task, "s1,s2", "v" + task)) {
                    out.add(page);
                }
                out.finish();
                reports.add(out.commit());
                out.close();
            }
            return reports;
        });

        assertEquals(2, reports.size());
        for (TaskReport report : reports) {
            assertFalse(report.toJson(), report.toJson().contains(S3Server.SECRET_KEY));
            assertTrue(report.toJson(), report.toJson().contains("\"rows\":1"));
        }
        assertFalse(diff.toJson().contains(S3Server.SECRET_KEY));
        assertTrue(everything.linesContaining("salesforce_dmp: 2 rows written").size() == 1);
        assertEquals(Collections.emptyList(), everything.linesContaining(S3Server.SECRET_KEY));
        assertEquals(Collections.emptyList(), everything.linesContaining(S3Server.SECRET_KEY.replace("/", "%2F")));
    }

}
