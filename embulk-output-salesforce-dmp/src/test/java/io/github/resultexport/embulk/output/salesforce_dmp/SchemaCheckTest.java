package io.github.resultexport.embulk.output.salesforce_dmp;

import static io.github.resultexport.embulk.output.salesforce_dmp.Causes.causedBy;
import static io.github.resultexport.embulk.output.salesforce_dmp.Causes.messages;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import org.embulk.config.ConfigException;
import org.embulk.config.ConfigSource;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The schema is checked before any request to S3: the first column must be {@code user_id}, the second
 * {@code td_segment}, both strings, else a ConfigException names the column; {@code export_type} other than
 * {@code first_party_segment} is refused. The relay in front of the server shows that no request was made.
 */
public class SchemaCheckTest {
    @ClassRule
    public static final S3Server S3 = new S3Server();
    @ClassRule
    public static final DmpEmbulk EMBULK = new DmpEmbulk();
    @ClassRule
    public static final TemporaryFolder DIR = new TemporaryFolder();

    private static S3FaultFront front;
    private static String csv;

    @BeforeClass
    public static void start() throws Exception {
        front = S3FaultFront.in(S3);
        Path file = DIR.getRoot().toPath().resolve("rows.csv");
        Files.write(file, "u1,s1,x\n".getBytes(StandardCharsets.UTF_8));
        csv = file.toString();
    }

    @AfterClass
    public static void stop() throws Exception {
        front.close();
    }

    @Test
    public void theFirstColumnMustBeUserId() {
        assertRefusedBeforeAnyRequest(EMBULK.out(front.endpoint()), "the first column must be named 'user_id'",
                "'uid'", "uid:string", "td_segment:string", "email:string");
    }

    @Test
    public void theSecondColumnMustBeTdSegment() {
        assertRefusedBeforeAnyRequest(EMBULK.out(front.endpoint()), "the second column must be named 'td_segment'",
                "'segments'", "user_id:string", "segments:string", "email:string");
    }

    @Test
    public void userIdMustBeAString() {
        assertRefusedBeforeAnyRequest(EMBULK.out(front.endpoint()), "column 'user_id' must be of type string",
                "long", "user_id:long", "td_segment:string", "email:string");
    }

    @Test
    public void tdSegmentMustBeAString() {
        assertRefusedBeforeAnyRequest(EMBULK.out(front.endpoint()), "column 'td_segment' must be of type string",
                "json", "user_id:string", "td_segment:json", "email:string");
    }

    @Test
    public void onlyFirstPartySegmentsAreExported() {
        assertRefusedBeforeAnyRequest(EMBULK.out(front.endpoint()).set("export_type", "third_party_segment"),
                "option 'export_type' is 'third_party_segment'", "first_party_segment",
                "user_id:string", "td_segment:string", "email:string");
    }

    private void assertRefusedBeforeAnyRequest(ConfigSource out, String expected, String alsoExpected,
            String... columns) {
        int before = front.requests().size();
        Exception e = assertThrows(Exception.class, () -> EMBULK.run(EMBULK.csv(csv, columns), out, EMBULK.exec(1)));

        assertTrue(messages(e), messages(e).contains(expected) && messages(e).contains(alsoExpected));
        assertTrue("a ConfigException: " + e, causedBy(e, ConfigException.class));
        assertEquals("requests to S3", Collections.emptyList(), front.requests().subList(before,
                front.requests().size()));
    }
}
