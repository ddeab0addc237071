package io.github.resultexport.embulk.output.postgresql;

import static io.github.resultexport.embulk.output.postgresql.FaultKit.assertCount;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.assertGeneratedRows;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.createTarget;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.insertOldRows;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.runTables;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
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

    private Outcome runBoth(String mode, long offsetA, long offsetB) throws Exception {
        Outcome outcome = new Outcome();
        CountDownLatch go = new CountDownLatch(1);
        Thread a = new Thread(() -> outcome.errorA = run(embulkA, go, mode, offsetA), "run-a");
        Thread b = new Thread(() -> outcome.errorB = run(embulkB, go, mode, offsetB), "run-b");
        a.setDaemon(true);
        b.setDaemon(true);
        a.start();
        b.start();
        go.countDown();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while ((a.isAlive() || b.isAlive()) && System.nanoTime() < deadline) {
            if (db.tablesLike("embulk_stg_").size() == 2) {
                outcome.overlapped = true;
            }
            Thread.sleep(5);
        }
        if (a.isAlive() || b.isAlive()) {
            fail("a concurrent " + mode + " run did not end within 2 minutes (A alive: " + a.isAlive()
                    + ", B alive: " + b.isAlive() + ")");
        }
        return outcome;
    }

    private Throwable run(EmbulkRunner embulk, CountDownLatch go, String mode, long idOffset) {
        try {
            ConfigSource in = embulk.generator(ROWS, 1).set("id_offset", idOffset).set("sleep_millis_per_page", 30);
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
