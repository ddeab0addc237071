package io.github.resultexport.embulk.output.sfdc.mode;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.sforce.async.JobInfo;
import java.util.List;
import org.embulk.config.TaskReport;
import org.embulk.spi.Exec;
import org.embulk.test.EmbulkTestRuntime;
import org.junit.Rule;
import org.junit.Test;

/** Every input row is accounted for, and the job's own counters agree with the results the tasks read. */
public class JobOutcomeTest {
    @Rule
    public final EmbulkTestRuntime runtime = new EmbulkTestRuntime();

    private static TaskReport report(long input, long succeeded, long failed, long processed, long failedResults) {
        TaskReport r = Exec.newTaskReport();
        r.set("input_rows", input);
        r.set("succeeded", succeeded);
        r.set("rejected", failed);
        r.set("processed", processed);
        r.set("failed_results", failedResults);
        return r;
    }

    @Test
    public void sumsTheTasks() {
        SfdcTransaction.JobOutcome outcome = SfdcTransaction.JobOutcome.of(List.of(report(10, 9, 1, 11, 2),
                report(5, 5, 0, 5, 0)));

        assertEquals(15, outcome.total);
        assertEquals(14, outcome.succeeded);
        assertEquals(1, outcome.failed);
    }

    @Test
    public void aRowNeitherSucceededNorFailedFailsTheRun() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SfdcTransaction.JobOutcome.of(List.of(report(10, 8, 1, 9, 1))));

        assertTrue(e.getMessage(), e.getMessage().contains("1 rows are not accounted for"));
    }

    @Test
    public void jobCountersThatDifferFromTheResultsFailTheRun() {
        SfdcTransaction.JobOutcome outcome = SfdcTransaction.JobOutcome.of(List.of(report(10, 9, 1, 11, 2)));
        JobInfo job = new JobInfo();
        job.setId("750x");
        job.setNumberRecordsProcessed(11);
        job.setNumberRecordsFailed(2);
        outcome.check(job);

        job.setNumberRecordsProcessed(21);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> outcome.check(job));
        assertTrue(e.getMessage(), e.getMessage().contains("not account for"));
    }
}
