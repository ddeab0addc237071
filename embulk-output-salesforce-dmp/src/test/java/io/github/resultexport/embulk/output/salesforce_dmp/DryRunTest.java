package io.github.resultexport.embulk.output.salesforce_dmp;

import static io.github.resultexport.embulk.output.salesforce_dmp.Causes.messages;
import static io.github.resultexport.embulk.output.salesforce_dmp.DmpEmbulk.DAY;
import static io.github.resultexport.embulk.output.salesforce_dmp.DmpEmbulk.dailyKey;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.github.resultexport.embulk.output.common.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.TreeMap;
import org.embulk.config.ConfigSource;
import org.junit.After;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

/**
 * {@code dry_run: true} checks the schema, the credentials and write access under the day's folder and the staging
 * folder, reads and encodes every record, and uploads nothing.
 */
public class DryRunTest {
    @ClassRule
    public static final S3Server S3 = new S3Server();
    @ClassRule
    public static final DmpEmbulk EMBULK = new DmpEmbulk();
    @Rule
    public LogCapture pluginLog = new LogCapture(SalesforceDmpOutputPlugin.class.getName());

    private S3FaultFront front;
    private TreeMap<String, String> before;

    @Before
    public void previousFileOfTheDay() throws Exception {
        S3.clear();
        EMBULK.run(EMBULK.segments(10, 1).set("seed", 1), EMBULK.out(S3.endpoint()), EMBULK.exec(1));
        before = S3.snapshot("");
        front = S3FaultFront.in(S3);
    }

    @After
    public void stop() throws Exception {
        front.close();
    }

    @Test
    public void aDryRunChecksAccessReadsEveryRecordAndUploadsNothing() {
        EMBULK.run(EMBULK.segments(300, 2).set("seed", 2), dryRun(), EMBULK.exec(2));

        assertUnchanged();
        assertEquals("no object, part or completion", 0, front.count(r -> r.isPutObject() || r.isUploadPart()
                || r.isComplete()));
        assertEquals("write access probed in the day's folder and the staging folder", 2,
                front.count(S3FaultFront.Request::isCreateUpload));
        assertEquals(2, front.count(S3FaultFront.Request::isAbort));
        assertEquals(1, pluginLog.linesContaining("dry run (nothing uploaded): 600 rows written, 0 rejected").size());
    }

    @Test
    public void aDryRunFailsOnAnInvalidRecord() {
        Exception e = assertThrows(Exception.class,
                () -> EMBULK.run(EMBULK.segments(300, 2).set("invalid_at", 299), dryRun(), EMBULK.exec(2)));

        assertTrue(messages(e), messages(e).contains("invalid record at row 300 of task 0, column 'a1'"));
        assertUnchanged();
    }

    @Test
    public void aDryRunFailsOnAWrongSecret() {
        Exception e = assertThrows(Exception.class, () -> EMBULK.run(EMBULK.segments(10, 1),
                dryRun().set("aws_secret_access_key", "not-the-secret"), EMBULK.exec(1)));

        assertTrue(messages(e), messages(e).contains("SignatureDoesNotMatch"));
        assertUnchanged();
    }

    @Test
    public void aDryRunChecksTheSchemaBeforeAnyRequest() throws Exception {
        Path file = Files.createTempFile("dry-run", ".csv");
        try {
            Files.write(file, "1,s\n".getBytes(StandardCharsets.UTF_8));
            Exception e = assertThrows(Exception.class, () -> EMBULK.run(EMBULK.csv(file.toString(),
                    "user_id:long", "td_segment:string"), dryRun(), EMBULK.exec(1)));

            assertTrue(messages(e), messages(e).contains("column 'user_id' must be of type string"));
            assertEquals(Collections.emptyList(), front.requests());
        } finally {
            Files.delete(file);
        }
    }

    private ConfigSource dryRun() {
        return EMBULK.out(front.endpoint()).set("dry_run", true);
    }

    private void assertUnchanged() {
        assertEquals("the day's file, byte for byte, and no other object", before, S3.snapshot(""));
        assertEquals(Collections.singleton(dailyKey(DAY)), before.keySet());
        assertEquals(Collections.emptyList(), S3.uploads());
    }
}
