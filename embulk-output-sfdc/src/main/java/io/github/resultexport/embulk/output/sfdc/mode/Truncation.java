package io.github.resultexport.embulk.output.sfdc.mode;

import com.sforce.async.BatchInfo;
import com.sforce.async.BatchStateEnum;
import com.sforce.async.ConcurrencyMode;
import com.sforce.async.ContentType;
import com.sforce.async.JobInfo;
import com.sforce.async.OperationEnum;
import io.github.resultexport.embulk.output.sfdc.PluginTask;
import io.github.resultexport.embulk.output.sfdc.client.BulkApi;
import io.github.resultexport.embulk.output.sfdc.stage.Backoff;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * truncate's first half: a bulk query job for {@code SELECT Id FROM <object>}, then a delete (or, with
 * {@code hard_delete}, hardDelete) job with the Ids in batches of 10,000. Every record must be deleted before the
 * insert starts; if any is not, the run fails and nothing is inserted.
 */
final class Truncation {
    private static final int IDS_PER_BATCH = 10_000;

    private final BulkApi api;
    private final PluginTask task;
    private final Logger log;

    Truncation(BulkApi api, PluginTask task, Logger log) {
        this.api = api;
        this.task = task;
        this.log = log;
    }

    void run() {
        String object = task.getObject();
        OperationEnum operation = task.getHardDelete() ? OperationEnum.hardDelete : OperationEnum.delete;
        log.warn("truncate of {} is not atomic: Salesforce has no transaction across jobs, so its records are deleted"
                + " first ({}), then the input is inserted", object, task.getHardDelete()
                ? "hardDelete, bypassing the recycle bin" : "into the recycle bin");
        JobInfo delete = createDeleteJob(object, operation);
        List<String> batches = new ArrayList<>();
        long ids = 0;
        try {
            JobInfo query = api.createJob(job(object, OperationEnum.query));
            BatchInfo queryBatch = api.createQueryBatch(query, "SELECT Id FROM " + object);
            api.closeJob(query.getId());
            BatchInfo done = await(query.getId(), queryBatch.getId());
            if (done.getState() != BatchStateEnum.Completed) {
                throw new IllegalStateException("truncate: the query for the Ids of " + object + " failed ("
                        + done.getStateMessage() + "); nothing was deleted");
            }
            StringBuilder csv = new StringBuilder("Id\n");
            int inBatch = 0;
            for (String result : api.queryResultIds(query.getId(), queryBatch.getId())) {
                List<List<String>> rows = api.queryResult(query.getId(), queryBatch.getId(), result);
                for (int i = 1; i < rows.size(); i++) {
                    csv.append(rows.get(i).get(0)).append('\n');
                    ids++;
                    if (++inBatch == IDS_PER_BATCH) {
                        batches.add(send(delete, csv));
                        csv.setLength(3);
                        inBatch = 0;
                    }
                }
            }
            if (inBatch > 0) {
                batches.add(send(delete, csv));
            }
        } finally {
            api.closeJob(delete.getId());
        }
        long deleted = 0;
        long failed = 0;
        String firstError = null;
        for (String batch : batches) {
            BatchInfo info = await(delete.getId(), batch);
            if (info.getState() != BatchStateEnum.Completed) {
                throw new IllegalStateException("truncate: a " + operation + " batch of " + object + " failed ("
                        + info.getStateMessage() + "); nothing was inserted");
            }
            List<List<String>> results = api.results(delete.getId(), batch);
            int success = results.get(0).indexOf("Success");
            int error = results.get(0).indexOf("Error");
            for (int i = 1; i < results.size(); i++) {
                if ("true".equalsIgnoreCase(results.get(i).get(success))) {
                    deleted++;
                } else {
                    failed++;
                    if (firstError == null) {
                        firstError = results.get(i).get(error);
                    }
                }
            }
        }
        if (failed > 0 || deleted != ids) {
            throw new IllegalStateException("truncate: " + (ids - deleted) + " of " + ids + " records of " + object
                    + " could not be deleted (first error: " + firstError + "); nothing was inserted");
        }
        log.info("truncate: {} records of {} deleted ({}, job {})", deleted, object, operation, delete.getId());
    }

    /** The delete job comes first: without the hardDelete permission the run stops before anything is deleted. */
    private JobInfo createDeleteJob(String object, OperationEnum operation) {
        try {
            return api.createJob(job(object, operation));
        } catch (RuntimeException e) {
            if (operation == OperationEnum.hardDelete && causedBy(e, com.sforce.async.AsyncExceptionCode.FeatureNotEnabled)) {
                throw new org.embulk.config.ConfigException("hard_delete: true needs the \"Bulk API Hard Delete\""
                        + " permission, which this user lacks (Salesforce: FeatureNotEnabled); grant it, or remove"
                        + " hard_delete to move the records to the recycle bin. Nothing was deleted.");
            }
            throw e;
        }
    }

    private static boolean causedBy(Throwable t, com.sforce.async.AsyncExceptionCode code) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof com.sforce.async.AsyncApiException
                    && ((com.sforce.async.AsyncApiException) c).getExceptionCode() == code) {
                return true;
            }
        }
        return false;
    }

    private String send(JobInfo job, StringBuilder csv) {
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        return api.createBatch(job.getId(), bytes, bytes.length, java.util.Collections.emptySet()).getId();
    }

    private BatchInfo await(String jobId, String batchId) {
        Backoff backoff = new Backoff(task.getPollIntervalMillis(), task.getPollMaxIntervalMillis(),
                Duration.ofSeconds(task.getJobTimeout()));
        while (true) {
            BatchInfo info = api.batch(jobId, batchId);
            if (info.getState() == BatchStateEnum.Completed || info.getState() == BatchStateEnum.Failed
                    || info.getState() == BatchStateEnum.NotProcessed) {
                return info;
            }
            if (!backoff.next()) {
                throw new IllegalStateException("truncate: batch " + batchId + " was not processed within job_timeout");
            }
        }
    }

    private JobInfo job(String object, OperationEnum operation) {
        JobInfo job = new JobInfo();
        job.setObject(object);
        job.setOperation(operation);
        job.setContentType(ContentType.CSV);
        job.setConcurrencyMode(task.getConcurrencyMode() == PluginTask.ConcurrencyMode.SERIAL
                ? ConcurrencyMode.Serial : ConcurrencyMode.Parallel);
        return job;
    }
}
