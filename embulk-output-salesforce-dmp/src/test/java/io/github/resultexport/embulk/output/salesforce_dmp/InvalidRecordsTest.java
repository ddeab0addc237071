package io.github.resultexport.embulk.output.salesforce_dmp;

import static io.github.resultexport.embulk.output.salesforce_dmp.Causes.causedBy;
import static io.github.resultexport.embulk.output.salesforce_dmp.Causes.messages;
import static io.github.resultexport.embulk.output.salesforce_dmp.DmpEmbulk.CLIENT;
import static io.github.resultexport.embulk.output.salesforce_dmp.DmpEmbulk.DAY;
import static io.github.resultexport.embulk.output.salesforce_dmp.DmpEmbulk.dailyKey;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ch.qos.logback.classic.Level;
import io.github.resultexport.embulk.output.common.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.embulk.spi.DataException;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Invalid records ({@code ^}, {@code ;} or a line break in a value, a value of 255 characters or more, an empty or
 * missing user id) fail the run naming row and column, with nothing published; with
 * {@code skip_invalid_records: true} they are left out, counted in the summary, the first ten logged, and the run
 * succeeds.
 */
public class InvalidRecordsTest {
    private static final String[] COLUMNS = {"user_id:string", "td_segment:string", "email:string", "note:string"};
    private static final String LONG = String.join("", Collections.nCopies(255, "x"));
    /** An invalid CSV line, the column it names and what the message says about it. */
    private static final String[][] INVALID = {
        {"u-caret,s,a^b,", "email", "contains '^'"},
        {"u-semicolon,s,,a;b", "note", "contains ';'"},
        {"u-newline,s,,\"two\nlines\"", "note", "contains a line break"},
        {"u-long,s," + LONG + ",", "email", "is 255 characters or longer"},
        {"\"\",s,e,", "user_id", "is empty"},
        {",s,e,", "user_id", "is null"},
    };
    private static final String[] VALID = {"v1,s1,a@example.com,", "v2,s2,,hello", "v3,,,", "v4,s4,x,y"};

    @ClassRule
    public static final S3Server S3 = new S3Server();
    @ClassRule
    public static final DmpEmbulk EMBULK = new DmpEmbulk();
    @Rule
    public TemporaryFolder dir = new TemporaryFolder();
    @Rule
    public LogCapture pageOutputLog = new LogCapture(SalesforceDmpPageOutput.class.getName());
    @Rule
    public LogCapture pluginLog = new LogCapture(SalesforceDmpOutputPlugin.class.getName());

    @Before
    public void emptyBucket() {
        S3.clear();
    }

    @Test
    public void eachInvalidRecordFailsTheRunNamingRowAndColumn() throws Exception {
        for (int i = 0; i < INVALID.length; i++) {
            String[] c = INVALID[i];
            int row = i % VALID.length + 1;
            List<String> lines = new ArrayList<>(Arrays.asList(VALID));
            lines.add(row - 1, c[0]);

            Exception e = assertThrows(c[0], Exception.class, () -> run(lines, false));

            String message = messages(e);
            assertTrue(message, message.contains("invalid record at row " + row + " of task 0, column '" + c[1]
                    + "': the value " + c[2]));
            assertTrue(message, message.contains("skip_invalid_records"));
            assertTrue(c[0], causedBy(e, DataException.class));
            assertEquals("nothing published", Collections.emptyList(), S3.keys(CLIENT + "/uploads/"));
            assertEquals(Collections.emptyList(), S3.keys(CLIENT + "/embulk-staging/"));
            assertEquals(Collections.emptyList(), S3.uploads());
        }
    }

    @Test
    public void skippedRecordsAreCountedAndTheFirstTenLogged() throws Exception {
        List<String> lines = new ArrayList<>();
        int invalid = 0;
        for (int row = 0; row < 16; row++) {
            lines.add(row % 4 == 0 ? VALID[row / 4] : INVALID[invalid++ % INVALID.length][0]);
        }

        run(lines, true);

        assertEquals(Arrays.asList("v1^email:a@example.com;segment:s1", "v2^note:hello;segment:s2", "v3^",
                "v4^email:x;note:y;segment:s4"), S3.lines(dailyKey(DAY), true));
        List<String> warnings = pageOutputLog.lines(Level.WARN);
        assertEquals(warnings.toString(), 10, warnings.size());
        assertTrue(warnings.get(0), warnings.get(0).startsWith("skipped the invalid record at row 2 of task 0,"
                + " column 'email': the value contains '^'"));
        assertTrue(warnings.get(9), warnings.get(9).contains("further invalid records of this task are counted"));
        assertEquals(1, pluginLog.linesContaining("salesforce_dmp: 4 rows written, 12 rejected").size());
    }

    @Test
    public void anAttributeNameWithAColonIsRefusedEvenWhenSkipping() {
        Exception e = assertThrows(Exception.class, () -> EMBULK.run(EMBULK.csv(write(Arrays.asList(VALID)),
                "user_id:string", "td_segment:string", "e:mail:string", "note:string"),
                EMBULK.out(S3.endpoint()).set("skip_invalid_records", true), EMBULK.exec(1)));

        assertTrue(messages(e), messages(e).contains("column 'e:mail' cannot be an attribute name"));
        assertEquals(Collections.emptyList(), S3.keys(""));
    }

    private void run(List<String> lines, boolean skip) throws Exception {
        EMBULK.run(EMBULK.csv(write(lines), COLUMNS), EMBULK.out(S3.endpoint()).set("skip_invalid_records", skip),
                EMBULK.exec(1));
    }

    private String write(List<String> lines) throws Exception {
        Path file = dir.newFile().toPath();
        Files.write(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        return file.toString();
    }

}
