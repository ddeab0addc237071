package io.github.resultexport.embulk.output.sfdc;

import static io.github.resultexport.embulk.output.sfdc.SfdcFixture.OBJECT;
import static io.github.resultexport.embulk.output.sfdc.SfdcFixture.PASSWORD;
import static io.github.resultexport.embulk.output.sfdc.SfdcFixture.TOKEN;
import static io.github.resultexport.embulk.output.sfdc.SfdcFixture.USER;
import static io.github.resultexport.embulk.output.sfdc.SfdcModesTest.exts;
import static io.github.resultexport.embulk.output.sfdc.SfdcModesTest.messages;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.github.resultexport.embulk.output.common.testing.LogCapture;
import io.github.resultexport.embulk.output.sfdc.fake.BatchView;
import io.github.resultexport.embulk.output.sfdc.fake.FaultRule;
import io.github.resultexport.embulk.output.sfdc.fake.JobView;
import io.github.resultexport.embulk.output.sfdc.fake.RowFault;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.embulk.config.ConfigSource;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Failed rows are counted, logged, written with their values and error, and fail the run beyond
 * {@code max_error_records} (after the job is closed); transient failures are re-sent alone and land exactly once;
 * rows that succeeded are never sent again; permanent failures are not retried.
 */
public class SfdcFailedRowsTest {
    @Rule
    public final SfdcFixture fixture = new SfdcFixture();

    @Rule
    public final SfdcEmbulk embulk = new SfdcEmbulk();

    @Rule
    public final LogCapture logs = new LogCapture();

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private ConfigSource out() {
        return embulk.out(fixture.sf, USER, PASSWORD, TOKEN, OBJECT).set("split_records", 4);
    }

    private ConfigSource tenRows() throws Exception {
        List<String> lines = IntStream.range(0, 10).mapToObj(i -> "k" + i + ",name " + i)
                .collect(Collectors.toList());
        return embulk.csv(List.of("Ext__c:string", "Name:string"), lines.toArray(new String[0]));
    }

    @Test
    public void aFailedRowFailsTheRunAfterTheJobIsClosedAndIsWrittenWithItsValues() throws Exception {
        fixture.sf.faults().addRowFault(RowFault.whereColumn("Ext__c", "k3").requiredFieldMissing("Count__c"));
        Path errors = tmp.getRoot().toPath().resolve("failed.csv");

        Throwable e = assertThrows(Throwable.class, () -> embulk.run(tenRows(),
                out().set("error_records_path", errors.toString()), embulk.singleTask()));

        assertTrue(messages(e), messages(e).contains("1 of 10 rows failed"));
        assertTrue(messages(e), messages(e).contains("max_error_records (0)"));
        assertEquals(9, fixture.sf.records(OBJECT).size());
        JobView job = fixture.sf.jobs().get(0);
        assertEquals("the job is closed", "Closed", job.state());
        assertEquals(1, logs.linesContaining("Job " + job.id() + " finished: Total 10, Completed 9, Failed 1").size());
        assertEquals(1, logs.linesContaining("row 4 of task 0 failed: REQUIRED_FIELD_MISSING").size());
        List<String> lines = Files.readAllLines(errors, StandardCharsets.UTF_8);
        assertEquals("task,row,error,\"Ext__c\",\"Name\"", lines.get(0));
        assertEquals(2, lines.size());
        assertTrue(lines.get(1), lines.get(1).startsWith("0,4,\"REQUIRED_FIELD_MISSING:Required fields are missing"));
        assertTrue(lines.get(1), lines.get(1).endsWith(",\"k3\",\"name 3\""));
    }

    @Test
    public void failuresWithinMaxErrorRecordsLetTheRunSucceed() throws Exception {
        fixture.sf.faults().addRowFault(RowFault.whereColumn("Ext__c", "k3").requiredFieldMissing("Count__c"));
        fixture.sf.faults().addRowFault(RowFault.whereColumn("Ext__c", "k8").error("STRING_TOO_LONG", "too long"));

        embulk.run(tenRows(), out().set("max_error_records", 2));

        assertEquals(8, fixture.sf.records(OBJECT).size());
        assertEquals(1, logs.linesContaining("finished: Total 10, Completed 8, Failed 2").size());
    }

    @Test
    public void transientRowFailuresAreSentAgainAloneAndLandOnce() throws Exception {
        RowFault lock = fixture.sf.faults().addRowFault(RowFault.whereColumn("Ext__c", "k5").times(2)
                .unableToLockRow());

        embulk.run(tenRows(), out().set("retry", 2), embulk.singleTask());

        assertEquals(IntStream.range(0, 10).mapToObj(i -> "k" + i).collect(Collectors.toList()),
                exts(fixture.sf.records(OBJECT)));
        assertEquals(2, lock.hits());
        List<String> sent = sentRows();
        assertEquals("k5 sent three times, every other row once: " + sent, 12, sent.size());
        for (int i = 0; i < 10; i++) {
            long times = sent.stream().filter(("\"k" + i + "\"")::equals).count();
            assertEquals("k" + i, i == 5 ? 3 : 1, times);
        }
        List<BatchView> batches = fixture.sf.jobs().get(0).batches();
        assertEquals("the resent batches hold k5 alone", "\"Ext__c\",\"Name\"\n\"k5\",\"name 5\"\n",
                batches.get(batches.size() - 1).request());
    }

    @Test
    public void transientFailuresBeyondRetryAndPermanentOnesAreFailedRows() throws Exception {
        fixture.sf.faults().addRowFault(RowFault.whereColumn("Ext__c", "k1").unableToLockRow());
        RowFault permanent = fixture.sf.faults().addRowFault(RowFault.whereColumn("Ext__c", "k2")
                .requiredFieldMissing("Count__c"));

        assertThrows(Throwable.class, () -> embulk.run(tenRows(), out().set("retry", 1), embulk.singleTask()));

        assertEquals(8, fixture.sf.records(OBJECT).size());
        assertEquals("permanent failures are not retried", 1, permanent.hits());
        assertEquals(2, sentRows().stream().filter("\"k1\""::equals).count());
        assertEquals(1, logs.linesContaining("Total 10, Completed 8, Failed 2").size());
    }

    @Test
    public void aBatchThatFailedWithNothingProcessedIsSentAgain() throws Exception {
        fixture.sf.faults().add(FaultRule.on("batch/create").nth(2).batchFails());

        embulk.run(tenRows(), out(), embulk.singleTask());

        assertEquals(IntStream.range(0, 10).mapToObj(i -> "k" + i).collect(Collectors.toList()),
                exts(fixture.sf.records(OBJECT)));
        assertEquals(1, logs.linesContaining("Total 10, Completed 10, Failed 0").size());
    }

    @Test
    public void aBatchThatFailsForGoodFailsItsRows() throws Exception {
        fixture.sf.faults().add(FaultRule.on("batch/create").nth(1)
                .batchFails("InvalidBatch : Failed to process query: something permanent"));

        Throwable e = assertThrows(Throwable.class, () -> embulk.run(tenRows(), out(), embulk.singleTask()));

        assertTrue(messages(e), messages(e).contains("4 of 10 rows failed"));
        assertEquals(6, fixture.sf.records(OBJECT).size());
    }

    /** The key of every row of every batch the job got, resends included. */
    private List<String> sentRows() {
        List<String> keys = new ArrayList<>();
        for (BatchView b : fixture.sf.jobs().get(0).batches()) {
            String[] lines = b.request().split("\n");
            for (int i = 1; i < lines.length; i++) {
                keys.add(lines[i].substring(0, lines[i].indexOf(',')));
            }
        }
        return keys;
    }
}
