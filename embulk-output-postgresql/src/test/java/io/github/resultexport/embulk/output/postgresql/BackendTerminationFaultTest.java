package io.github.resultexport.embulk.output.postgresql;

import io.github.resultexport.embulk.output.common.testing.RowHooks;

import io.github.resultexport.embulk.output.common.testing.LogCapture;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.assertLoaded;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.fingerprint;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.prepareTarget;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.runTables;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
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
 *
 * <p>Every fault is placed, not hoped for: the generator stops at a known row and ends the connection from inside
 * the task's thread (a single output task), and the final transaction waits on an advisory lock the test holds.
 */
public class BackendTerminationFaultTest {
    private static final long ROWS = 60_000;
    /** COPY chunks of 1 MB (about 14,000 generated rows): rows 5,000, 20,000 and 35,000 are each inside a COPY. */
    private static final int BIG_CHUNKS = 1024 * 1024;
    private static final long[] IN_COPY_ROWS = {5_000, 20_000, 35_000};
    /**
     * COPY chunks of 32 KB, less than one 64 KB write: a chunk's COPY starts and ends when the chunk is complete, so
     * at any other row the connection sits idle after the last chunk's COMMIT.
     */
    private static final int SMALL_CHUNKS = 32 * 1024;
    private static final long BETWEEN_CHUNKS_ROW = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Rule
    public final PgTestDatabase db = new PgTestDatabase();
    @Rule
    public final EmbulkRunner embulk = new EmbulkRunner();
    @Rule
    public final LogCapture logs = new LogCapture();

    private String copyFormat = "auto";

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
        assertFalse(logs.linesContaining("COPY format: binary").isEmpty());
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
        terminatedWithRetry("append", CopyTerminator.Moment.BETWEEN_CHUNKS, SMALL_CHUNKS, BETWEEN_CHUNKS_ROW);
    }

    @Test
    public void mergeResendsWhenLostBetweenChunks() throws Exception {
        terminatedWithRetry("merge", CopyTerminator.Moment.BETWEEN_CHUNKS, SMALL_CHUNKS, BETWEEN_CHUNKS_ROW);
    }

    /** The tests above write binary COPY (the generator's column types allow it); these two write text. */
    @Test
    public void appendInTextResendsLostChunk() throws Exception {
        copyFormat = "text";
        terminatedWithRetry("append", 1);
        assertFalse(logs.linesContaining("COPY format: text").isEmpty());
    }

    @Test
    public void appendInTextResendsWhenLostBetweenChunks() throws Exception {
        copyFormat = "text";
        terminatedWithRetry("append", CopyTerminator.Moment.BETWEEN_CHUNKS, SMALL_CHUNKS, BETWEEN_CHUNKS_ROW);
        assertFalse(logs.linesContaining("COPY format: text").isEmpty());
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

    /**
     * {@code after_load} waits for an advisory lock that the test holds, so the final transaction stays open until
     * the test has ended its backend; then the test lets the lock go, and a retried final transaction goes through.
     */
    private void finalTransactionTerminated(String mode, boolean retry) throws Exception {
        String before = prepareTarget(db, mode);
        long rows = 10_000;
        int key = 1 + RANDOM.nextInt(Integer.MAX_VALUE - 1);
        ConfigSource out = output(mode, BIG_CHUNKS).set("after_load", "SELECT pg_advisory_xact_lock(" + key + ")");
        if (!retry) {
            out.set("retry_limit", 0);
        }
        AtomicInteger terminated = new AtomicInteger();
        AtomicReference<Throwable> terminatorFailure = new AtomicReference<>();
        RuntimeException failure = null;
        try (Connection lockHolder = db.connect()) {
            execute(lockHolder, "SELECT pg_advisory_lock(" + key + ")");
            Thread terminator = new Thread(() -> {
                try {
                    String pid = FaultKit.awaitAdvisoryLockWaiter(db, key);
                    db.execute("SELECT pg_terminate_backend(" + pid + ")");
                    FaultKit.waitUntil("backend " + pid + " to end", 60_000, () -> db.query(
                            "SELECT 1 FROM pg_stat_activity WHERE pid = " + pid).isEmpty());
                    terminated.incrementAndGet();
                    execute(lockHolder, "SELECT pg_advisory_unlock(" + key + ")");
                } catch (Throwable t) {
                    terminatorFailure.set(t);
                }
            }, "final-transaction-terminator");
            terminator.setDaemon(true);
            terminator.start();
            try {
                embulk.run(embulk.generator(rows, 1), out);
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                terminator.join(TimeUnit.SECONDS.toMillis(150));
            }
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
        CopyTerminator terminator = new CopyTerminator(db, applicationName(), CopyTerminator.Moment.IN_COPY);
        RuntimeException failure = null;
        try (AutoCloseable hook = RowHooks.register(hookName(), terminator)) {
            embulk.run(input(IN_COPY_ROWS[0]), out, embulk.singleTask());
        } catch (RuntimeException e) {
            failure = e;
        }
        assertEquals("COPY backends terminated", 1, terminator.terminated());
        assertNotNull("the run must fail when its COPY connection is lost and retry_limit is 0; log:\n"
                + String.join("\n", logs.linesContaining("COPY connection lost")), failure);
        assertEquals("target after the failed run (" + mode + ")", before, fingerprint(db, "t"));
        assertEquals("staging/new tables after the failed run", Collections.emptyList(), runTables(db));
    }

    private void terminatedWithRetry(String mode, int times) throws Exception {
        terminatedWithRetry(mode, CopyTerminator.Moment.IN_COPY, BIG_CHUNKS,
                Arrays.copyOf(IN_COPY_ROWS, times));
    }

    private void terminatedWithRetry(String mode, CopyTerminator.Moment moment, int batchSize, long... atRows)
            throws Exception {
        prepareTarget(db, mode);
        CopyTerminator terminator = new CopyTerminator(db, applicationName(), moment);
        try (AutoCloseable hook = RowHooks.register(hookName(), terminator)) {
            embulk.run(input(atRows), output(mode, batchSize), embulk.singleTask());
        }
        assertEquals("COPY backends terminated", atRows.length, terminator.terminated());
        List<String> warnings = logs.linesContaining("COPY connection lost");
        assertFalse("a WARN line about the re-sent chunk", warnings.isEmpty());
        assertEquals("re-send warnings: " + warnings, atRows.length, warnings.size());
        assertLoaded(db, mode, ROWS);
        assertEquals("staging/new tables after the run", Collections.emptyList(), runTables(db));
    }

    /** The generator calls the terminator at {@code atRows}. */
    private ConfigSource input(long... atRows) {
        List<Long> rows = new ArrayList<>();
        for (long r : atRows) {
            rows.add(r);
        }
        return embulk.generator(ROWS, 1).set("hook", hookName()).set("hook_rows", rows);
    }

    private String hookName() {
        return "terminate-" + db.schema();
    }

    private String applicationName() {
        return "embulk-test-" + db.schema();
    }

    private ConfigSource output(String mode, int batchSize) {
        return db.outputConfig(embulk, "t").set("mode", mode).set("batch_size", batchSize)
                .set("copy_format", copyFormat)
                .set("options", embulk.newConfig().set("ApplicationName", applicationName()));
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
