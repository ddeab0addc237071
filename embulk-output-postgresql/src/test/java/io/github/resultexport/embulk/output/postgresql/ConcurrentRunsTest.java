package io.github.resultexport.embulk.output.postgresql;

import io.github.resultexport.embulk.output.common.testing.RowHooks;

import static io.github.resultexport.embulk.output.postgresql.FaultKit.assertCount;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.assertGeneratedRows;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.createTarget;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.insertOldRows;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.runTables;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.embulk.config.ConfigSource;
import org.junit.Rule;
import org.junit.Test;

/**
 * Two runs into the same table at once, each with its own embedded Embulk (as two processes of a workflow would):
 * concurrent appends and merges land all rows of both runs exactly once; concurrent replaces end with exactly one
 * run's rows. Both runs end within a bounded time, and neither leaves a staging table.
 */
public class ConcurrentRunsTest {
    private static final long ROWS = 30_000;
    private static final long B_OFFSET = 1_000_000;
    /** The row at which both runs' inputs wait for each other. */
    private static final long MEET_AT = ROWS / 2;

    @Rule
    public final PgTestDatabase db = new PgTestDatabase();
    @Rule
    public final EmbulkRunner embulkA = new EmbulkRunner();
    @Rule
    public final EmbulkRunner embulkB = new EmbulkRunner();

    @Test
    public void twoAppends() throws Exception {
        createTarget(db, "t", false);
        insertOldRows(db, "t", 5_000_000, 10);
        Outcome outcome = runBoth("append", 0, B_OFFSET);
        outcome.assertBothSucceeded();
        assertTrue("the two runs staged at the same time", outcome.overlapped);
        assertGeneratedRows(db, "t", 0, ROWS);
        assertGeneratedRows(db, "t", B_OFFSET, B_OFFSET + ROWS);
        assertCount(db, "t", 2 * ROWS + 10);
        assertEquals(Collections.emptyList(), runTables(db));
    }

    /** Overlapping keys: ids 0…29,999 and 15,000…44,999 (the generator's values depend on the id only). */
    @Test
    public void twoMergesWithOverlappingKeys() throws Exception {
        createTarget(db, "t", true);
        insertOldRows(db, "t", 20_000, 100);
        Outcome outcome = runBoth("merge", 0, ROWS / 2);
        outcome.assertBothSucceeded();
        assertTrue("the two runs staged at the same time", outcome.overlapped);
        assertGeneratedRows(db, "t", 0, ROWS + ROWS / 2);
        assertCount(db, "t", ROWS + ROWS / 2);
        assertEquals(Collections.emptyList(), runTables(db));
    }

    @Test
    public void twoReplaces() throws Exception {
        createTarget(db, "t", false);
        insertOldRows(db, "t", 5_000_000, 10);
        Outcome outcome = runBoth("replace", 0, B_OFFSET);
        assertTrue("the two runs staged at the same time", outcome.overlapped);
        System.out.println("ConcurrentRunsTest replace: A " + describe(outcome.errorA) + "; B "
                + describe(outcome.errorB));
        assertFalse("at least one replace succeeds: A " + describe(outcome.errorA) + "; B "
                + describe(outcome.errorB), outcome.errorA != null && outcome.errorB != null);
        assertCount(db, "t", ROWS);
        List<String> range = db.query("SELECT min(id), max(id) FROM " + db.schema() + ".t").get(0);
        if (range.get(0).equals("0")) {
            assertTrue("A's rows are there, so A succeeded: " + describe(outcome.errorA), outcome.errorA == null);
            assertGeneratedRows(db, "t", 0, ROWS);
        } else {
            assertTrue("B's rows are there, so B succeeded: " + describe(outcome.errorB), outcome.errorB == null);
            assertGeneratedRows(db, "t", B_OFFSET, B_OFFSET + ROWS);
        }
        assertEquals(Collections.emptyList(), runTables(db));
    }

    private static String describe(Throwable t) {
        return t == null ? "succeeded" : "failed: " + t;
    }

    /**
     * Starts both runs together; each run's input stops at row {@link #MEET_AT} until the other run's input got there
     * too, and the test lists the staging tables at that moment — both runs are staging then, by construction.
     */
    private Outcome runBoth(String mode, long offsetA, long offsetB) throws Exception {
        Outcome outcome = new Outcome();
        CyclicBarrier meet = new CyclicBarrier(2, () -> {
            try {
                outcome.overlapped = db.tablesLike("embulk_stg_").size() == 2;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        String hookName = "meet-" + db.schema();
        try (AutoCloseable hook = RowHooks.register(hookName,
                row -> meet.await(2, TimeUnit.MINUTES))) {
            CountDownLatch go = new CountDownLatch(1);
            Thread a = new Thread(() -> outcome.errorA = run(embulkA, go, hookName, mode, offsetA), "run-a");
            Thread b = new Thread(() -> outcome.errorB = run(embulkB, go, hookName, mode, offsetB), "run-b");
            a.setDaemon(true);
            b.setDaemon(true);
            a.start();
            b.start();
            go.countDown();
            a.join(TimeUnit.MINUTES.toMillis(3));
            b.join(TimeUnit.MINUTES.toMillis(3));
            if (a.isAlive() || b.isAlive()) {
                fail("a concurrent " + mode + " run did not end within 3 minutes (A alive: " + a.isAlive()
                        + ", B alive: " + b.isAlive() + ")");
            }
        }
        return outcome;
    }

    private Throwable run(EmbulkRunner embulk, CountDownLatch go, String hookName, String mode, long idOffset) {
        try {
            ConfigSource in = embulk.generator(ROWS, 1).set("id_offset", idOffset)
                    .set("hook", hookName).set("hook_rows", Collections.singletonList(MEET_AT));
            ConfigSource out = db.outputConfig(embulk, "t").set("mode", mode).set("batch_size", 128 * 1024);
            go.await();
            embulk.run(in, out);
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    private static final class Outcome {
        volatile Throwable errorA;
        volatile Throwable errorB;
        volatile boolean overlapped;

        void assertBothSucceeded() {
            if (errorA != null || errorB != null) {
                AssertionError e = new AssertionError("both runs must succeed: A " + describe(errorA) + "; B "
                        + describe(errorB));
                if (errorA != null) {
                    e.addSuppressed(errorA);
                }
                if (errorB != null) {
                    e.addSuppressed(errorB);
                }
                throw e;
            }
        }
    }
}
