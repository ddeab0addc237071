package io.github.resultexport.embulk.output.sfdc;

import static io.github.resultexport.embulk.output.sfdc.SfdcFixture.OBJECT;
import static io.github.resultexport.embulk.output.sfdc.SfdcFixture.PASSWORD;
import static io.github.resultexport.embulk.output.sfdc.SfdcFixture.TOKEN;
import static io.github.resultexport.embulk.output.sfdc.SfdcFixture.USER;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.github.resultexport.embulk.output.sfdc.fake.BatchView;
import io.github.resultexport.embulk.output.sfdc.fake.JobView;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.embulk.config.ConfigSource;
import org.junit.Rule;
import org.junit.Test;

/** Batches are cut by split_records and by bytes; serial mode makes Salesforce take one batch at a time. */
public class SfdcBatchesTest {
    @Rule
    public final SfdcFixture fixture = new SfdcFixture();

    @Rule
    public final SfdcEmbulk embulk = new SfdcEmbulk();

    private ConfigSource out() {
        return embulk.out(fixture.sf, USER, PASSWORD, TOKEN, OBJECT);
    }

    @Test
    public void splitRecordsCutsBatches() throws Exception {
        embulk.run(rows(10), out().set("split_records", 3), embulk.singleTask());

        JobView job = fixture.sf.jobs().get(0);
        assertEquals(List.of(3, 3, 3, 1), job.batches().stream().map(SfdcBatchesTest::rows)
                .collect(Collectors.toList()));
        assertEquals(10, fixture.sf.records(OBJECT).size());
    }

    @Test
    public void aTaskAddsItsBatchesInOrderWithAtMostTwoUnfinished() throws Exception {
        fixture.sf.setPollsInProgress(3);

        embulk.run(rows(60), out().set("split_records", 5), embulk.singleTask());

        JobView job = fixture.sf.jobs().get(0);
        assertEquals(12, job.batches().size());
        for (int b = 0; b < 12; b++) {
            String[] lines = job.batches().get(b).request().split("\n");
            for (int r = 0; r < 5; r++) {
                assertTrue("batch " + b + " line " + r + ": " + lines[r + 1],
                        lines[r + 1].startsWith("\"k" + (b * 5 + r) + "\","));
            }
        }
        assertTrue("at most 2 of a task's batches at once: " + job.maxBatchesInProgress(),
                job.maxBatchesInProgress() <= 2);
        assertEquals(60, fixture.sf.records(OBJECT).size());
    }

    @Test
    public void multiByteTextIsCutBeforeTenMegabytes() throws Exception {
        String text = "日本語テキスト".repeat(1500);
        String[] lines = IntStream.range(0, 1000).mapToObj(i -> "k" + i + "," + text).toArray(String[]::new);

        embulk.run(embulk.csv(List.of("Ext__c:string", "Doc__c:string"), lines), out(), embulk.singleTask());

        JobView job = fixture.sf.jobs().get(0);
        assertTrue("several batches: " + job.batches().size(), job.batches().size() >= 3);
        long largest = 0;
        for (BatchView b : job.batches()) {
            long bytes = b.request().getBytes(StandardCharsets.UTF_8).length;
            assertTrue(bytes + " bytes", bytes <= 10_000_000L);
            assertEquals("Completed", b.state());
            largest = Math.max(largest, bytes);
        }
        assertTrue("full batches come near the limit: " + largest, largest > 9_900_000L);
        assertEquals(1000, fixture.sf.records(OBJECT).size());
    }

    @Test
    public void serialModeMeansOneBatchAtATimeAcrossAllTasks() throws Exception {
        fixture.sf.setPollsInProgress(3);

        embulk.run(rows(160), out().set("split_records", 5).set("concurrency_mode", "serial"),
                embulk.newConfig().set("max_threads", 4).set("min_output_tasks", 4));

        JobView job = fixture.sf.jobs().get(0);
        assertEquals("Serial", job.concurrencyMode());
        assertTrue("batches from several tasks: " + job.batches().size(), job.batches().size() >= 8);
        assertEquals(1, fixture.sf.maxBatchesInProgressAcrossJobs());
        assertEquals(160, fixture.sf.records(OBJECT).size());
    }

    @Test
    public void parallelModeLetsSalesforceWorkOnSeveralBatches() throws Exception {
        fixture.sf.setPollsInProgress(3);

        embulk.run(rows(160), out().set("split_records", 5),
                embulk.newConfig().set("max_threads", 4).set("min_output_tasks", 4));

        assertTrue(fixture.sf.maxBatchesInProgressAcrossJobs() > 1);
        assertEquals(160, fixture.sf.records(OBJECT).size());
    }

    private ConfigSource rows(int n) throws Exception {
        return embulk.csv(List.of("Ext__c:string", "Name:string", "Count__c:long"),
                IntStream.range(0, n).mapToObj(i -> "k" + i + ",n" + i + "," + i).toArray(String[]::new));
    }

    private static int rows(BatchView b) {
        return b.request().split("\n").length - 1;
    }
}
