package io.github.resultexport.embulk.output.sfdc.mode;

import com.sforce.async.ConcurrencyMode;
import com.sforce.async.ContentType;
import com.sforce.async.JobInfo;
import com.sforce.async.OperationEnum;
import com.sforce.soap.partner.DescribeSObjectResult;
import io.github.resultexport.embulk.output.common.ProgressLog;
import io.github.resultexport.embulk.output.common.RunSummary;
import io.github.resultexport.embulk.output.common.Secret;
import io.github.resultexport.embulk.output.sfdc.FieldPlan;
import io.github.resultexport.embulk.output.sfdc.PluginTask;
import io.github.resultexport.embulk.output.sfdc.PluginTask.Mode;
import io.github.resultexport.embulk.output.sfdc.RunPlan;
import io.github.resultexport.embulk.output.sfdc.client.BulkApi;
import io.github.resultexport.embulk.output.sfdc.client.SalesforceClient;
import io.github.resultexport.embulk.output.sfdc.client.Session;
import io.github.resultexport.embulk.output.sfdc.stage.FailedRows;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.embulk.config.TaskReport;
import org.embulk.config.TaskSource;
import org.embulk.spi.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run: log in, describe the object and check every column before anything is written; (truncate) delete every
 * record; create the one Bulk job all tasks add their batches to; run the tasks; close the job; check that every
 * input row is accounted for as succeeded or failed and that Salesforce's counts agree; report; fail when more rows
 * failed than {@code max_error_records} allows.
 */
public final class SfdcTransaction {
    private static final Logger LOG = LoggerFactory.getLogger(SfdcTransaction.class);

    private final PluginTask task;
    private final Schema schema;
    private final SalesforceClient client;
    private final int taskCount;

    public SfdcTransaction(PluginTask task, Schema schema, SalesforceClient client, int taskCount) {
        this.task = task;
        this.schema = schema;
        this.client = client;
        this.taskCount = taskCount;
    }

    public List<TaskReport> execute(Function<TaskSource, List<TaskReport>> runTasks) {
        long started = System.nanoTime();
        Session session = client.session();
        DescribeSObjectResult object = client.describe(task.getObject());
        List<FieldPlan> fields = FieldMapping.of(task, schema, object);
        LOG.info("logged in to {}; {} has every column as a writable field", hostOf(session.serverUrl()),
                object.getName());
        if (task.getDryRun()) {
            task.setRun(Optional.of(new RunPlan(null, session.serverUrl(), Secret.of(session.sessionId()), fields,
                    true)));
            List<TaskReport> reports = runTasks.apply(task.toTaskSource());
            RunSummary.log(LOG, "sfdc dry run (no job created)", reports, System.nanoTime() - started);
            return reports;
        }
        BulkApi api = new BulkApi(client);
        if (task.getMode() == Mode.TRUNCATE) {
            new Truncation(api, task, LOG).run();
        }
        JobInfo job = api.createJob(jobInfo(object.getName()));
        LOG.info("Bulk job {} ({} {} {}) created", job.getId(), job.getOperation(), object.getName(),
                job.getConcurrencyMode());
        session = client.session();
        task.setRun(Optional.of(new RunPlan(job.getId(), session.serverUrl(), Secret.of(session.sessionId()), fields,
                false)));
        List<TaskReport> reports;
        try {
            reports = runTasks.apply(task.toTaskSource());
        } catch (RuntimeException | Error e) {
            try {
                api.abortJob(job.getId());
                LOG.warn("Bulk job {} aborted after the run failed; batches Salesforce processed before stay"
                        + " written (Salesforce has no transaction across batches)", job.getId());
            } catch (RuntimeException abort) {
                e.addSuppressed(abort);
                LOG.warn("Bulk job {} could not be aborted after the run failed ({}); it stays open, without new"
                        + " batches, until Salesforce closes it", job.getId(),
                        client.masker().mask(String.valueOf(abort.getMessage())));
            }
            throw e;
        } finally {
            joinFailedRows();
        }
        api.closeJob(job.getId());
        JobOutcome outcome = JobOutcome.of(reports);
        outcome.check(api.job(job.getId()));
        LOG.info("Job {} finished: Total {}, Completed {}, Failed {}", job.getId(), outcome.total,
                outcome.succeeded, outcome.failed);
        RunSummary.log(LOG, "sfdc", reports, System.nanoTime() - started);
        if (outcome.failed > task.getMaxErrorRecords()) {
            throw new FailedRowsException(outcome.failed + " of " + outcome.total + " rows failed in Bulk job "
                    + job.getId() + ", more than max_error_records (" + task.getMaxErrorRecords() + ")"
                    + task.getErrorRecordsPath().map(p -> "; every failed row is in " + p).orElse(
                            "; set error_records_path to get every failed row in a file")
                    + ". The other " + outcome.succeeded + " rows are written: Salesforce has no transaction"
                    + " across batches.");
        }
        return reports;
    }

    private JobInfo jobInfo(String object) {
        JobInfo job = new JobInfo();
        job.setObject(object);
        job.setContentType(ContentType.CSV);
        job.setConcurrencyMode(task.getConcurrencyMode() == PluginTask.ConcurrencyMode.SERIAL
                ? ConcurrencyMode.Serial : ConcurrencyMode.Parallel);
        if (task.getMode() == Mode.UPDATE) {
            if (task.getUpsert()) {
                job.setOperation(OperationEnum.upsert);
                job.setExternalIdFieldName(task.getUnique().get());
            } else {
                job.setOperation(OperationEnum.update);
            }
        } else {
            job.setOperation(OperationEnum.insert);
        }
        return job;
    }

    /** Joins the tasks' parts of {@code error_records_path} in task order, under one header, and removes them. */
    private void joinFailedRows() {
        if (!task.getErrorRecordsPath().isPresent()) {
            return;
        }
        Path target = Paths.get(task.getErrorRecordsPath().get());
        StringBuilder header = new StringBuilder("task,row,error");
        if (task.getMode() == Mode.UPDATE && !task.getUpsert()) {
            header.append(",Id");
        }
        schema.getColumns().forEach(c -> header.append(",\"").append(c.getName().replace("\"", "\"\""))
                .append('"'));
        try (OutputStream out = Files.newOutputStream(target)) {
            out.write(header.append('\n').toString().getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < taskCount; i++) {
                Path part = FailedRows.partOf(target, i);
                if (Files.exists(part)) {
                    Files.copy(part, out);
                    Files.delete(part);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write error_records_path " + target, e);
        }
    }

    private static String hostOf(String url) {
        try {
            return new java.net.URI(url).getHost();
        } catch (java.net.URISyntaxException e) {
            return url;
        }
    }

    /** More rows failed than {@code max_error_records} allows. */
    static final class FailedRowsException extends RuntimeException {
        FailedRowsException(String message) {
            super(message);
        }
    }

    /** The tasks' counts, and their agreement with the job's. */
    static final class JobOutcome {
        final long total;
        final long succeeded;
        final long failed;
        final long processed;
        final long failedResults;

        private JobOutcome(long total, long succeeded, long failed, long processed, long failedResults) {
            this.total = total;
            this.succeeded = succeeded;
            this.failed = failed;
            this.processed = processed;
            this.failedResults = failedResults;
        }

        static JobOutcome of(List<TaskReport> reports) {
            long total = 0;
            long succeeded = 0;
            long failed = 0;
            long processed = 0;
            long failedResults = 0;
            for (TaskReport r : reports) {
                total += r.get(Long.class, "input_rows");
                succeeded += r.get(Long.class, "succeeded");
                failed += r.get(Long.class, ProgressLog.REJECTED);
                processed += r.get(Long.class, "processed");
                failedResults += r.get(Long.class, "failed_results");
            }
            if (succeeded + failed != total) {
                throw new IllegalStateException("of " + total + " input rows, " + succeeded + " succeeded and "
                        + failed + " failed: " + (total - succeeded - failed) + " rows are not accounted for");
            }
            return new JobOutcome(total, succeeded, failed, processed, failedResults);
        }

        /** Salesforce processed exactly the results the tasks read, and failed exactly those that said so. */
        void check(JobInfo job) {
            if (job.getNumberRecordsProcessed() != processed || job.getNumberRecordsFailed() != failedResults) {
                throw new IllegalStateException("Bulk job " + job.getId() + " reports "
                        + job.getNumberRecordsProcessed() + " records processed and " + job.getNumberRecordsFailed()
                        + " failed, but the tasks read " + processed + " results of which " + failedResults
                        + " failures: some batch was processed that the run did not account for");
            }
        }
    }
}
