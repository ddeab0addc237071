package io.github.resultexport.embulk.output.postgresql;

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
import java.util.Collections;
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
    private static final long CRASH_AT = 20_000;
    /** 256 KB chunks: by row 20,000 (about 1.4 MB of COPY text) several are committed and one is open. */
    private static final int CHUNKS = 256 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Rule
    public final ThrowawayCluster server = new ThrowawayCluster();
    @Rule
    public final EmbulkRunner embulk = new EmbulkRunner();
    @Rule
    public final LogCapture logs = new LogCapture();

    private PgTestDatabase db;

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

    /** The generator crashes the server at {@link #CRASH_AT} (one output task: COPY chunks committed and one open). */
    private RuntimeException runCrashingAtRow(String mode) throws Exception {
        String hookName = "crash-" + db.schema();
        int[] crashes = new int[1];
        try (AutoCloseable hook = GeneratorInputPlugin.register(hookName, row -> {
            server.restartImmediately();
            crashes[0]++;
        })) {
            embulk.run(embulk.generator(ROWS, 1).set("hook", hookName)
                            .set("hook_rows", Collections.singletonList(CRASH_AT)),
                    output(mode), embulk.newConfig().set("min_output_tasks", 1).set("max_threads", 1));
            return null;
        } catch (RuntimeException e) {
            return e;
        } finally {
            assertEquals("crashes", 1, crashes[0]);
        }
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
                FaultKit.waitUntil("the final transaction to wait for the test's lock", 120_000, () -> !db.query(
                        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = 0"
                                + " AND objsubid = 1 AND objid = " + key + "::oid").isEmpty());
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
