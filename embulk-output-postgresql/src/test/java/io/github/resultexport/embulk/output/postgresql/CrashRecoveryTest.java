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
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.embulk.config.ConfigSource;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * The server crashes ({@code pg_ctl restart -m immediate} of a cluster the test made) in the middle of a load, or
 * while the final transaction is open. Crash recovery empties UNLOGGED tables: an {@code append} (UNLOGGED staging
 * table) must fail saying the server restarted, with the target unchanged; a {@code replace} loads a logged table, so
 * it recovers and finishes with every row exactly once.
 */
public class CrashRecoveryTest {
    private static final long ROWS = 40_000;
    private static final long CRASH_AT = 19_000;
    /**
     * 256 KB chunks (about 3,500 rows), sent in 64 KB writes: by row 19,000 five are committed and the sixth is open
     * with part of its rows sent (the hook checks that a COPY is running).
     */
    private static final int CHUNKS = 256 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * WAL is written only by commits (no WAL writer or background writer rounds in between), so the records of the
     * chunk open at the crash are still in shared memory and lost with it: its transaction id is then "in the
     * future" for the restarted server.
     */
    @Rule
    public final ThrowawayCluster server = new ThrowawayCluster()
            .conf("wal_writer_delay = 10000", "bgwriter_lru_maxpages = 0");
    @Rule
    public final EmbulkRunner embulk = new EmbulkRunner();
    @Rule
    public final LogCapture logs = new LogCapture();

    private PgTestDatabase db;
    private volatile boolean reachedEnd;

    @Before
    public void createSchema() throws Exception {
        db = new PgTestDatabase("127.0.0.1", server.port(), "postgres", "postgres", "");
        db.before();
    }

    @Test
    public void appendFailsWhenTheServerCrashesWhileStaging() throws Exception {
        String before = prepareTarget(db, "append");
        RuntimeException failure = runCrashingAtRow("append");
        assertNotNull("an append whose UNLOGGED staging table was emptied by crash recovery must fail", failure);
        assertRestartMessage(failure);
        assertFalse("the task stops at the restart instead of loading the rest of its input",
                reachedEnd);
        assertEquals("target after the crash", before, fingerprint(db, "t"));
        assertEquals("staging tables after the failed run", Collections.emptyList(), runTables(db));
    }

    @Test
    public void replaceRecoversWhenTheServerCrashesWhileStaging() throws Exception {
        prepareTarget(db, "replace");
        RuntimeException failure = runCrashingAtRow("replace");
        if (failure != null) {
            throw new AssertionError("a replace loads a logged table and must survive a crash", failure);
        }
        assertFalse("the lost chunk was re-sent", logs.linesContaining("COPY connection lost").isEmpty());
        assertTrue("the task loaded the rest of its input", reachedEnd);
        assertLoaded(db, "replace", ROWS);
        assertEquals(Collections.emptyList(), runTables(db));
    }

    @Test
    public void appendFailsWhenTheServerCrashesInTheFinalTransaction() throws Exception {
        String before = prepareTarget(db, "append");
        RuntimeException failure = runCrashingInFinalTransaction("append");
        assertNotNull("an append must not publish after a crash emptied its staging table", failure);
        assertRestartMessage(failure);
        assertEquals("target after the crash", before, fingerprint(db, "t"));
        assertEquals(Collections.emptyList(), runTables(db));
    }

    @Test
    public void replaceRecoversWhenTheServerCrashesInTheFinalTransaction() throws Exception {
        prepareTarget(db, "replace");
        RuntimeException failure = runCrashingInFinalTransaction("replace");
        if (failure != null) {
            throw new AssertionError("a replace loads a logged table and must survive a crash", failure);
        }
        assertLoaded(db, "replace", ROWS);
        assertEquals(Collections.emptyList(), runTables(db));
    }

    /**
     * The generator crashes the server at {@link #CRASH_AT} (one output task: COPY chunks committed and one open, its
     * WAL not written yet) and notes whether the task got to the last row afterwards.
     */
    private RuntimeException runCrashingAtRow(String mode) throws Exception {
        String hookName = "crash-" + db.schema();
        int[] crashes = new int[1];
        reachedEnd = false;
        RuntimeException failure = null;
        try (AutoCloseable hook = RowHooks.register(hookName, row -> {
            if (row == ROWS - 1) {
                reachedEnd = true;
                return;
            }
            List<List<String>> copies = db.query("SELECT 1 FROM pg_stat_activity WHERE state = 'active'"
                    + " AND query LIKE 'COPY %' AND application_name = 'embulk-output-postgresql'");
            assertEquals("running COPY statements at row " + row, 1, copies.size());
            if ("replace".equals(mode)) {
                List<String> lsn = db.query("SELECT pg_current_wal_insert_lsn() > pg_current_wal_lsn(),"
                        + " pg_current_wal_insert_lsn()::text, pg_current_wal_lsn()::text").get(0);
                assertEquals("WAL of the open chunk not written yet (insert, write location): " + lsn, "t",
                        lsn.get(0));
            }
            server.restartImmediately();
            crashes[0]++;
        })) {
            embulk.run(embulk.generator(ROWS, 1).set("hook", hookName)
                            .set("hook_rows", Arrays.asList(CRASH_AT, ROWS - 1)),
                    output(mode), embulk.singleTask());
        } catch (RuntimeException e) {
            failure = e;
        }
        if (crashes[0] != 1) {
            throw new AssertionError("the server was not crashed at row " + CRASH_AT, failure);
        }
        return failure;
    }

    /**
     * {@code after_load} waits for an advisory lock the test holds, so the final transaction is open when the test
     * crashes the server (which also ends the test's session and its lock).
     */
    private RuntimeException runCrashingInFinalTransaction(String mode) throws Exception {
        int key = 1 + RANDOM.nextInt(Integer.MAX_VALUE - 1);
        AtomicReference<Throwable> crashFailure = new AtomicReference<>();
        int[] crashes = new int[1];
        Connection lockHolder = server.connect();
        try (Statement st = lockHolder.createStatement()) {
            st.execute("SELECT pg_advisory_lock(" + key + ")");
        }
        Thread crasher = new Thread(() -> {
            try {
                FaultKit.awaitAdvisoryLockWaiter(db, key);
                server.restartImmediately();
                crashes[0]++;
            } catch (Throwable t) {
                crashFailure.set(t);
            }
        }, "crasher");
        crasher.setDaemon(true);
        crasher.start();
        RuntimeException failure = null;
        try {
            embulk.run(embulk.generator(ROWS, 1), output(mode).set("after_load", "SELECT pg_advisory_xact_lock("
                    + key + ")"));
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            crasher.join(TimeUnit.SECONDS.toMillis(150));
            try {
                lockHolder.close();
            } catch (Exception ignored) {
                // its server was restarted
            }
        }
        assertEquals("crasher thread", null, crashFailure.get());
        assertEquals("crashes", 1, crashes[0]);
        return failure;
    }

    private static void assertRestartMessage(RuntimeException failure) {
        String message = ModesTest.rootMessage(failure);
        assertTrue(message, message.contains("the PostgreSQL server restarted during the run"));
        assertTrue(message, message.contains("nothing was published and the target table is unchanged"));
    }

    private ConfigSource output(String mode) {
        return db.outputConfig(embulk, "t").set("mode", mode).set("batch_size", CHUNKS);
    }
}
