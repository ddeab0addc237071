package io.github.resultexport.embulk.output.td.mode;

import com.treasuredata.client.model.TDBulkImportSession;
import com.treasuredata.client.model.TDBulkImportSession.ImportStatus;
import com.treasuredata.client.model.TDJob;
import com.treasuredata.client.model.TDJobSummary;
import io.github.resultexport.embulk.output.td.client.TdApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;
import org.slf4j.Logger;

/**
 * The end of a run's bulk import, once every task uploaded its parts: freeze, perform, wait until ready (watching
 * the perform job too: a killed job leaves the session saying "performing" for ever), check that Treasure Data counted
 * exactly the records the tasks uploaded, show the records it rejected, then commit and wait until committed.
 */
final class BulkImportCommit {
    private final TdApi api;
    private final String session;
    private final Duration jobTimeout;
    private final Logger log;

    BulkImportCommit(TdApi api, String session, Duration jobTimeout, Logger log) {
        this.api = api;
        this.session = session;
        this.jobTimeout = jobTimeout;
        this.log = log;
    }

    /** Freezes and performs; returns the session once ready, its counts checked against the tasks' reports. */
    TDBulkImportSession perform(Optional<String> poolName, long uploadedRecords, long uploadedParts) {
        api.freeze(session);
        api.perform(session, poolName);
        TDBulkImportSession ready = waitForPerform();
        long counted = ready.getValidRecords() + ready.getErrorRecords();
        if (counted != uploadedRecords) {
            throw new PublishCheckException("Treasure Data counted " + ready.getValidRecords() + " valid and "
                    + ready.getErrorRecords() + " invalid records in bulk-import session " + session + ", but the"
                    + " tasks uploaded " + uploadedRecords + " (in " + uploadedParts + " parts). Nothing was"
                    + " committed and the table is unchanged; run the job again.");
        }
        log.info("bulk import {} performed: {} valid records, {} invalid, in {} parts", session,
                ready.getValidRecords(), ready.getErrorRecords(), ready.getValidParts() + ready.getErrorParts());
        return ready;
    }

    /** Logs up to {@code limit} of the records Treasure Data rejected, each with its values. */
    void showErrorRecords(TDBulkImportSession ready, int limit) {
        if (ready.getErrorRecords() == 0 || limit == 0) {
            return;
        }
        List<String> shown = api.errorRecords(session, in -> firstRecords(in, limit));
        log.warn("Treasure Data rejected {} records of bulk import {} (they are not imported); the first {}:",
                ready.getErrorRecords(), session, shown.size());
        for (String record : shown) {
            log.warn("  invalid record: {}", record);
        }
    }

    void commit() {
        api.commit(session);
        Poll poll = new Poll(jobTimeout);
        while (true) {
            TDBulkImportSession s = api.session(session);
            if (s.getStatus() == ImportStatus.COMMITTED) {
                log.info("bulk import {} committed", session);
                return;
            }
            if (s.getStatus() != ImportStatus.COMMITTING && s.getStatus() != ImportStatus.READY) {
                throw new IllegalStateException("bulk import " + session + " is '" + s.getStatus()
                        + "' after commit; the table may be unchanged, check it before running again");
            }
            if (!poll.next()) {
                throw new JobTimeoutException("bulk import " + session + " was not committed within job_timeout ("
                        + jobTimeout.getSeconds() + " s); it is still '" + s.getStatus() + "'");
            }
        }
    }

    private TDBulkImportSession waitForPerform() {
        Poll poll = new Poll(jobTimeout);
        while (true) {
            TDBulkImportSession s = api.session(session);
            if (s.getStatus() == ImportStatus.READY) {
                return s;
            }
            String jobId = s.getJobId();
            if (jobId != null && !jobId.isEmpty()) {
                TDJobSummary job = api.jobStatus(jobId);
                TDJob.Status status = job.getStatus();
                if (status == TDJob.Status.KILLED || status == TDJob.Status.ERROR) {
                    throw new PerformFailedException("the perform job " + jobId + " of bulk import " + session
                            + " ended " + status.toString().toLowerCase(java.util.Locale.ROOT) + "; nothing was"
                            + " committed and the table is unchanged");
                }
            }
            if (s.getStatus() != ImportStatus.PERFORMING && s.getStatus() != ImportStatus.UPLOADING) {
                throw new PerformFailedException("bulk import " + session + " is '" + s.getStatus()
                        + "' while performing" + (s.getErrorMessage() == null ? "" : ": " + s.getErrorMessage()));
            }
            if (!poll.next()) {
                throw new JobTimeoutException("the perform job " + jobId + " of bulk import " + session
                        + " did not finish within job_timeout (" + jobTimeout.getSeconds() + " s); nothing was"
                        + " committed");
            }
        }
    }

    private static List<String> firstRecords(InputStream in, int limit) {
        List<String> records = new ArrayList<>();
        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(new GZIPInputStream(in))) {
            while (records.size() < limit && unpacker.hasNext()) {
                Value v = unpacker.unpackValue();
                records.add(v.toJson());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the error records", e);
        }
        return records;
    }

    /** What Treasure Data holds is not what the tasks uploaded. */
    static final class PublishCheckException extends RuntimeException {
        PublishCheckException(String message) {
            super(message);
        }
    }

    static final class PerformFailedException extends RuntimeException {
        PerformFailedException(String message) {
            super(message);
        }
    }

    static final class JobTimeoutException extends RuntimeException {
        JobTimeoutException(String message) {
            super(message);
        }
    }
}
