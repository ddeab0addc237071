package io.github.resultexport.embulk.output.sfdc.stage;

import com.sforce.async.BatchInfo;
import com.sforce.async.BatchStateEnum;
import io.github.resultexport.embulk.output.common.Futures;
import io.github.resultexport.embulk.output.sfdc.client.BulkApi;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;

/**
 * A task's batches in the run's Bulk job. Lines fill a batch until {@code split_records}, 10 MB or 10,000,000
 * characters; the batch is then added to the job on a thread of the task's own (one, so that batches are added in
 * the order they were filled, which a serial job keeps) and waited for on another while the next one fills. At most
 * {@link #IN_FLIGHT} batches are being sent or processed at once, so memory stays bounded; their outcomes are taken
 * in order on the task's thread. Each result is matched to its row:
 * a row that failed for a transient cause ({@code UNABLE_TO_LOCK_ROW}, or a batch that failed with nothing processed)
 * is sent again, alone with the others of its kind, up to {@code retry} times; a row that succeeded is never sent
 * again; every other failure is a failed row. Every row ends as succeeded or failed: a batch whose results do not
 * cover every row it held fails the task.
 */
public final class BatchPipeline {
    static final int IN_FLIGHT = 2;
    private static final Set<String> TRANSIENT_ROW_ERRORS = new HashSet<>(java.util.Arrays.asList(
            "UNABLE_TO_LOCK_ROW", "SERVER_UNAVAILABLE", "REQUEST_RUNNING_TOO_LONG"));

    private final BulkApi api;
    private final String jobId;
    private final String header;
    private final BatchLimits limits;
    private final int retry;
    private final FailedRows failed;
    private final long pollFirstMillis;
    private final long pollMaxMillis;
    private final Duration jobTimeout;
    private final Logger log;
    private final ArrayDeque<Sent> inFlight = new ArrayDeque<>();
    private final ExecutorService adds;
    private final ExecutorService waits;
    private final Set<String> ownBatches = Collections.synchronizedSet(new HashSet<>());
    private Batch filling;

    private long succeeded;
    private long processed;
    private long failedResults;
    private long submitted;
    private long resent;
    private int batches;

    public BatchPipeline(BulkApi api, String jobId, String header, BatchLimits limits, int retry, FailedRows failed,
            long pollFirstMillis, long pollMaxMillis, Duration jobTimeout, Logger log) {
        this.api = api;
        this.jobId = jobId;
        this.header = header;
        this.limits = limits;
        this.retry = retry;
        this.failed = failed;
        this.pollFirstMillis = pollFirstMillis;
        this.pollMaxMillis = pollMaxMillis;
        this.jobTimeout = jobTimeout;
        this.log = log;
        this.filling = new Batch(header, 0);
        String task = Thread.currentThread().getName();
        this.adds = Executors.newSingleThreadExecutor(daemon("sfdc-add-batch-" + task));
        this.waits = Executors.newFixedThreadPool(IN_FLIGHT, daemon("sfdc-await-batch-" + task));
    }

    /** Adds a row's CSV line (with its line break). */
    public void add(long rowNumber, CharSequence line) {
        int bytes = Utf8.length(line);
        if (!filling.fitsAlone(bytes, line.length(), limits)) {
            failed.add(rowNumber, strip(line.toString()), "ROW_TOO_LARGE: the row's CSV (" + bytes + " bytes) does"
                    + " not fit in one Bulk API batch");
            return;
        }
        if (!filling.fits(bytes, line.length(), limits)) {
            send(filling);
            filling = new Batch(header, 0, filling.length() + filling.length() / 8);
        }
        filling.add(rowNumber, line, bytes);
    }

    /** A row that could not even be encoded: it fails without being sent. */
    public void reject(long rowNumber, String error) {
        failed.add(rowNumber, "", error);
    }

    /** A row that is not sent, with the CSV line it would have been. */
    public void reject(long rowNumber, String error, String line) {
        failed.add(rowNumber, "," + strip(line), error);
    }

    /** Sends what is left and waits until every row succeeded or failed. */
    public void finish() {
        if (!filling.isEmpty()) {
            send(filling);
        }
        filling = new Batch(header, 0);
        while (!inFlight.isEmpty()) {
            complete(inFlight.poll());
        }
    }

    /** Stops the batches still being sent or waited for (their rows are neither succeeded nor failed). */
    public void close() {
        adds.shutdownNow();
        waits.shutdownNow();
    }

    public long succeeded() {
        return succeeded;
    }

    /** Result lines Salesforce returned (each attempt counts), and how many of them were failures. */
    public long processed() {
        return processed;
    }

    public long failedResults() {
        return failedResults;
    }

    /** Records added to the job, resends included. */
    public long submitted() {
        return submitted;
    }

    public long resent() {
        return resent;
    }

    public int batches() {
        return batches;
    }

    private void send(Batch batch) {
        while (inFlight.size() >= IN_FLIGHT) {
            complete(inFlight.poll());
        }
        submitted += batch.rows();
        batches++;
        Future<BatchInfo> added = adds.submit(() -> {
            BatchInfo info = api.createBatch(jobId, batch.bytes(), batch.length(), ownBatches);
            ownBatches.add(info.getId());
            return info;
        });
        inFlight.add(new Sent(batch, waits.submit(() -> await(outcome(added)))));
    }

    /** Waits until Salesforce is done with an added batch. */
    private Done await(BatchInfo added) {
        BatchInfo info = awaitDone(added.getId());
        boolean nothingProcessed = info.getState() == BatchStateEnum.Failed && info.getNumberRecordsProcessed() == 0;
        return new Done(info, nothingProcessed ? null : api.results(jobId, added.getId()));
    }

    private void complete(Sent sent) {
        Done done = outcome(sent.done);
        BatchInfo info = done.info;
        Batch batch = sent.batch;
        List<Integer> again = new ArrayList<>();
        if (info.getState() == BatchStateEnum.Failed && info.getNumberRecordsProcessed() == 0) {
            String error = "BATCH_FAILED: " + info.getStateMessage();
            boolean transientFailure = isTransientBatchFailure(info.getStateMessage());
            for (int i = 0; i < batch.rows(); i++) {
                if (transientFailure && batch.attempt < retry) {
                    again.add(i);
                } else {
                    failed.add(batch.rowNumber(i), batch.lineText(i), error);
                }
            }
            if (transientFailure && batch.attempt < retry) {
                log.warn("batch {} failed with nothing processed ({}); sending its {} rows again", info.getId(),
                        info.getStateMessage(), batch.rows());
            }
        } else {
            List<List<String>> results = done.results;
            int rows = results.size() - 1;
            if (rows != batch.rows()) {
                throw new IllegalStateException("Salesforce returned " + Math.max(rows, 0) + " results for batch "
                        + info.getId() + " of job " + jobId + ", which holds " + batch.rows() + " rows: the rows"
                        + " without a result cannot be accounted for");
            }
            List<String> head = results.get(0);
            int success = head.indexOf("Success");
            int errorColumn = head.indexOf("Error");
            for (int i = 0; i < rows; i++) {
                List<String> r = results.get(i + 1);
                processed++;
                if ("true".equalsIgnoreCase(r.get(success))) {
                    succeeded++;
                    continue;
                }
                failedResults++;
                String error = errorColumn >= 0 && r.get(errorColumn) != null ? r.get(errorColumn) : "";
                if (isTransientRowError(error) && batch.attempt < retry) {
                    again.add(i);
                } else {
                    failed.add(batch.rowNumber(i), batch.lineText(i), error.trim());
                }
            }
        }
        if (!again.isEmpty()) {
            resend(batch, again);
        }
    }

    private void resend(Batch from, List<Integer> rows) {
        resent += rows.size();
        Batch batch = new Batch(header, from.attempt + 1);
        for (int i : rows) {
            byte[] line = from.line(i);
            int chars = from.lineChars(i);
            if (!batch.fits(line.length, chars, limits)) {
                send(batch);
                batch = new Batch(header, from.attempt + 1);
            }
            batch.add(from.rowNumber(i), line, chars);
        }
        send(batch);
    }

    private BatchInfo awaitDone(String batchId) {
        Backoff backoff = new Backoff(pollFirstMillis, pollMaxMillis, jobTimeout);
        while (true) {
            BatchInfo info = api.batch(jobId, batchId);
            BatchStateEnum state = info.getState();
            if (state == BatchStateEnum.Completed || state == BatchStateEnum.Failed
                    || state == BatchStateEnum.NotProcessed) {
                return info;
            }
            if (!backoff.next()) {
                throw new IllegalStateException("batch " + batchId + " of job " + jobId + " was not processed within"
                        + " job_timeout (" + jobTimeout.getSeconds() + " s); it is still " + state);
            }
        }
    }

    static boolean isTransientRowError(String error) {
        int colon = error.indexOf(':');
        String code = (colon < 0 ? error : error.substring(0, colon)).trim().toUpperCase(Locale.ROOT);
        return TRANSIENT_ROW_ERRORS.contains(code);
    }

    static boolean isTransientBatchFailure(String message) {
        String m = String.valueOf(message).toLowerCase(Locale.ROOT);
        return m.contains("unable_to_lock_row") || m.contains("internalservererror") || m.contains("timeout")
                || m.contains("server_unavailable") || m.contains("unable to lock row") || m.contains("retry");
    }

    private static String strip(String line) {
        return line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
    }

    private static <T> T outcome(Future<T> done) {
        try {
            return Futures.await(done, "a batch");
        } catch (InterruptedIOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static final class Sent {
        final Batch batch;
        final Future<Done> done;

        Sent(Batch batch, Future<Done> done) {
            this.batch = batch;
            this.done = done;
        }
    }

    /** A batch Salesforce is done with, and its results (none when it failed with nothing processed). */
    private static final class Done {
        final BatchInfo info;
        final List<List<String>> results;

        Done(BatchInfo info, List<List<String>> results) {
            this.info = info;
            this.results = results;
        }
    }
}
