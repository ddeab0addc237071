package io.github.resultexport.embulk.output.postgresql;

import io.github.resultexport.embulk.output.common.testing.LogCapture;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.assertLoaded;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.fingerprint;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.prepareTarget;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.runTables;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.embulk.config.ConfigSource;
import org.junit.Rule;
import org.junit.Test;

/**
 * {@code pg_terminate_backend} of a task's COPY backend in the middle of a load, in every atomic mode. Without
 * retries the run fails and leaves the target exactly as it was and no staging table; with the default retry
 * options the lost chunk is re-sent and every row lands exactly once. The same for the run's own connection while
 * its final transaction is open.
 */
public class BackendTerminationFaultTest {
    private static final long ROWS = 60_000;
    /** COPY chunks of 1 MB: each stays open over many pauses of the input, so the terminator finds it running. */
    private static final int BIG_CHUNKS = 1024 * 1024;
    /** COPY chunks of 32 KB (less than one 64 KB write): the connection sits idle between chunks most of the time. */
    private static final int SMALL_CHUNKS = 32 * 1024;

    @Rule
    public final PgTestDatabase db = new PgTestDatabase();
    @Rule
    public final EmbulkRunner embulk = new EmbulkRunner();
    @Rule
    public final LogCapture logs = new LogCapture();

    @Test
    public void appendWithoutRetryFails() throws Exception {
        terminatedWithoutRetry("append");
    }

    @Test
    public void replaceWithoutRetryFails() throws Exception {
        terminatedWithoutRetry("replace");
    }

    @Test
    public void truncateWithoutRetryFails() throws Exception {
        terminatedWithoutRetry("truncate");
    }

    @Test
    public void mergeWithoutRetryFails() throws Exception {
        terminatedWithoutRetry("merge");
    }

    @Test
    public void appendResendsLostChunk() throws Exception {
        terminatedWithRetry("append", 1);
    }

    @Test
    public void replaceResendsLostChunk() throws Exception {
        terminatedWithRetry("replace", 1);
    }

    @Test
    public void truncateResendsLostChunk() throws Exception {
        terminatedWithRetry("truncate", 1);
    }

    @Test
    public void mergeResendsLostChunk() throws Exception {
        terminatedWithRetry("merge", 1);
    }

    @Test
    public void appendSurvivesThreeTerminations() throws Exception {
        terminatedWithRetry("append", 3);
    }

    /** The connection is lost after a chunk was committed, before the next chunk's COPY began. */
    @Test
    public void appendResendsWhenLostBetweenChunks() throws Exception {
        terminatedWithRetry("append", CopyTerminator.Moment.BETWEEN_CHUNKS, SMALL_CHUNKS, 1);
    }

    @Test
    public void mergeResendsWhenLostBetweenChunks() throws Exception {
        terminatedWithRetry("merge", CopyTerminator.Moment.BETWEEN_CHUNKS, SMALL_CHUNKS, 1);
    }

    /** The run's control connection is terminated while the final transaction runs after_load. */
    @Test
    public void appendFinalTransactionTerminatedIsRetried() throws Exception {
        finalTransactionTerminated("append", true);
    }

    @Test
    public void replaceFinalTransactionTerminatedIsRetried() throws Exception {
        finalTransactionTerminated("replace", true);
    }

    @Test
    public void truncateFinalTransactionTerminatedWithoutRetryFails() throws Exception {
        finalTransactionTerminated("truncate", false);
    }

    private void finalTransactionTerminated(String mode, boolean retry) throws Exception {
        String before = prepareTarget(db, mode);
        long rows = 10_000;
        String sleep = "SELECT pg_sleep(1) /* final transaction of " + db.schema() + " */";
        ConfigSource out = output(mode, BIG_CHUNKS).set("after_load", sleep);
        if (!retry) {
            out.set("retry_limit", 0);
        }
        AtomicInteger terminated = new AtomicInteger();
        AtomicReference<Throwable> terminatorFailure = new AtomicReference<>();
        Thread terminator = new Thread(() -> {
            try {
                FaultKit.waitUntil("the final transaction in after_load", 120_000, () -> {
                    List<List<String>> pids = db.query("SELECT pid FROM pg_stat_activity WHERE state = 'active'"
                            + " AND query = '" + sleep + "'");
                    if (pids.isEmpty()) {
                        return false;
                    }
                    db.execute("SELECT pg_terminate_backend(" + pids.get(0).get(0) + ")");
                    return true;
                });
                terminated.incrementAndGet();
            } catch (Throwable t) {
                terminatorFailure.set(t);
            }
        }, "final-transaction-terminator");
        terminator.setDaemon(true);
        terminator.start();
        RuntimeException failure = null;
        try {
            embulk.run(embulk.generator(rows, 1), out);
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            terminator.join(TimeUnit.SECONDS.toMillis(150));
        }
        assertEquals("terminator thread", null, terminatorFailure.get());
        assertEquals("final transaction backends terminated", 1, terminated.get());
        if (retry) {
            if (failure != null) {
                throw new AssertionError("the final transaction must be retried", failure);
            }
            assertFalse(logs.linesContaining("final transaction failed (retry 1/").isEmpty());
            assertLoaded(db, mode, rows);
        } else {
            assertNotNull("the run must fail when the final transaction's connection is lost and retry_limit is 0",
                    failure);
            assertEquals("target after the failed run (" + mode + ")", before, fingerprint(db, "t"));
        }
        assertEquals("staging/new tables after the run", Collections.emptyList(), runTables(db));
    }

    private void terminatedWithoutRetry(String mode) throws Exception {
        String before = prepareTarget(db, mode);
        ConfigSource out = output(mode, BIG_CHUNKS).set("retry_limit", 0);
        RuntimeException failure = null;
        int terminated;
        try (CopyTerminator terminator = new CopyTerminator(db, CopyTerminator.Moment.IN_COPY, 1)) {
            try {
                embulk.run(slowInput(1), out);
            } catch (RuntimeException e) {
                failure = e;
            }
            terminated = terminator.stopAndCount();
        }
        assertEquals("COPY backends terminated", 1, terminated);
        assertNotNull("the run must fail when its COPY connection is lost and retry_limit is 0; log:\n"
                + String.join("\n", logs.linesContaining("COPY connection lost")), failure);
        assertEquals("target after the failed run (" + mode + ")", before, fingerprint(db, "t"));
        assertEquals("staging/new tables after the failed run", Collections.emptyList(), runTables(db));
    }

    private void terminatedWithRetry(String mode, int times) throws Exception {
        terminatedWithRetry(mode, CopyTerminator.Moment.IN_COPY, BIG_CHUNKS, times);
    }

    private void terminatedWithRetry(String mode, CopyTerminator.Moment moment, int batchSize, int times)
            throws Exception {
        prepareTarget(db, mode);
        int terminated;
        try (CopyTerminator terminator = new CopyTerminator(db, moment, times)) {
            embulk.run(slowInput(times), output(mode, batchSize));
            terminated = terminator.stopAndCount();
        }
        assertEquals("COPY backends terminated", times, terminated);
        List<String> warnings = logs.linesContaining("COPY connection lost");
        assertFalse("a WARN line about the re-sent chunk", warnings.isEmpty());
        assertEquals("re-send warnings: " + warnings, times, warnings.size());
        assertLoaded(db, mode, ROWS);
        assertEquals("staging/new tables after the run", Collections.emptyList(), runTables(db));
    }

    /** 60 pauses of 25 ms (50 ms for three terminations): time for the terminator, several chunks per task. */
    private ConfigSource slowInput(int times) {
        return embulk.generator(ROWS, 1).set("sleep_millis_per_page", times > 1 ? 50 : 25);
    }

    private ConfigSource output(String mode, int batchSize) {
        return db.outputConfig(embulk, "t").set("mode", mode).set("batch_size", batchSize);
    }
}
