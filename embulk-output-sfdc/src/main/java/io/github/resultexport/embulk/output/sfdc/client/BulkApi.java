package io.github.resultexport.embulk.output.sfdc.client;

import com.sforce.async.AsyncApiException;
import com.sforce.async.BatchInfo;
import com.sforce.async.BulkConnection;
import com.sforce.async.ContentType;
import com.sforce.async.JobInfo;
import com.sforce.async.JobStateEnum;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The Bulk API v1 calls, through force-wsc's BulkConnection: transient failures retried, an expired session renewed
 * and the call repeated. Adding a batch is the one call that must never be repeated blindly (an insert would run
 * twice): after a failure whose answer may have been lost, the job's batches are listed and a batch whose request is
 * byte for byte the one sent is taken as the one created.
 */
public final class BulkApi {
    private final SalesforceClient client;
    private Session session;
    private BulkConnection connection;

    public BulkApi(SalesforceClient client) {
        this.client = client;
    }

    public JobInfo createJob(JobInfo job) {
        return call("create a Bulk job for " + job.getObject(), c -> c.createJob(job));
    }

    public JobInfo job(String jobId) {
        return call("read Bulk job " + jobId, c -> c.getJobStatus(jobId));
    }

    /** Closes the job (no more batches); a job already closed or aborted is left as it is. */
    public void closeJob(String jobId) {
        call("close Bulk job " + jobId, c -> {
            JobInfo info = c.getJobStatus(jobId);
            if (info.getState() == JobStateEnum.Open) {
                return c.closeJob(jobId);
            }
            return info;
        });
    }

    public void abortJob(String jobId) {
        call("abort Bulk job " + jobId, c -> {
            JobInfo info = c.getJobStatus(jobId);
            if (info.getState() == JobStateEnum.Open) {
                return c.abortJob(jobId);
            }
            return info;
        });
    }

    /**
     * Adds a CSV batch to the job. {@code known} holds the ids of batches this caller already made: after a failure
     * that may have created the batch anyway, the other batches are compared with {@code csv}.
     */
    public BatchInfo createBatch(String jobId, byte[] csv, int length, Set<String> known) {
        JobInfo job = new JobInfo();
        job.setId(jobId);
        job.setContentType(ContentType.CSV);
        boolean[] attempted = {false};
        return call("add a batch to Bulk job " + jobId, c -> {
            if (attempted[0]) {
                BatchInfo found = findSent(c, jobId, csv, length, known);
                if (found != null) {
                    return found;
                }
            }
            attempted[0] = true;
            return c.createBatchFromStream(job, new ByteArrayInputStream(csv, 0, length));
        });
    }

    public BatchInfo batch(String jobId, String batchId) {
        return call("read batch " + batchId, c -> c.getBatchInfo(jobId, batchId));
    }

    public List<BatchInfo> batches(String jobId) {
        return call("list the batches of Bulk job " + jobId,
                c -> Arrays.asList(c.getBatchInfoList(jobId).getBatchInfo()));
    }

    /** The rows of a batch's results CSV (header first). */
    public List<List<String>> results(String jobId, String batchId) {
        return call("read the results of batch " + batchId, c -> CsvReply.read(c.getBatchResultStream(jobId, batchId)));
    }

    /** The result ids of a query batch. */
    public List<String> queryResultIds(String jobId, String batchId) {
        return call("list the results of query batch " + batchId,
                c -> Arrays.asList(c.getQueryResultList(jobId, batchId).getResult()));
    }

    public List<List<String>> queryResult(String jobId, String batchId, String resultId) {
        return call("read query result " + resultId,
                c -> CsvReply.read(c.getQueryResultStream(jobId, batchId, resultId)));
    }

    public BatchInfo createQueryBatch(JobInfo job, String soql) {
        return call("add a query batch", c -> c.createBatchFromStream(job,
                new ByteArrayInputStream(soql.getBytes(StandardCharsets.UTF_8))));
    }

    private interface BulkCall<T> {
        T call(BulkConnection c) throws AsyncApiException, IOException;
    }

    private <T> T call(String what, BulkCall<T> op) {
        return client.retrier().run(what, () -> {
            BulkConnection c = connection();
            Session used = session;
            try {
                return op.call(c);
            } catch (AsyncApiException e) {
                if (SalesforceErrors.isSessionExpired(e)) {
                    renew(used);
                    throw new SalesforceClient.SessionRenewedException(e);
                }
                throw e;
            }
        }, t -> t instanceof SalesforceClient.SessionRenewedException || SalesforceErrors.isTransient(t));
    }

    private synchronized BulkConnection connection() {
        Session current = client.session();
        if (connection == null || current != session) {
            session = current;
            connection = client.bulk(current);
        }
        return connection;
    }

    private synchronized void renew(Session expired) {
        client.renew(expired);
        connection = null;
    }

    private BatchInfo findSent(BulkConnection c, String jobId, byte[] csv, int length, Set<String> known)
            throws AsyncApiException, IOException {
        byte[] wanted = Arrays.copyOf(csv, length);
        for (BatchInfo b : c.getBatchInfoList(jobId).getBatchInfo()) {
            if (known.contains(b.getId())) {
                continue;
            }
            try (InputStream in = c.getBatchRequestInputStream(jobId, b.getId())) {
                if (Arrays.equals(CsvReply.readAll(in), wanted)) {
                    return b;
                }
            }
        }
        return null;
    }
}
