package io.github.resultexport.embulk.output.postgresql;

import io.github.resultexport.embulk.output.common.testing.RowHooks;

import static io.github.resultexport.embulk.output.postgresql.FaultKit.assertLoaded;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.awaitRunBackendsGone;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.fingerprint;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.prepareTarget;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.runTables;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.stagedRows;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.waitUntil;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.github.resultexport.embulk.output.common.testing.ChildEmbulk;
import java.util.Collections;
import java.util.List;
import org.embulk.config.ConfigSource;
import org.junit.Rule;
import org.junit.Test;

/**
 * SIGKILL of the whole Embulk process (a child JVM) in every atomic mode, while the tasks stage rows and while the
 * final transaction is open: the target keeps exactly its old rows, and the next run of the same config succeeds
 * and removes what the killed run left.
 */
public class KillFaultTest {
    /** Rows of the runs killed while staging; their input blocks at row {@link #BLOCK_AT}. */
    private static final long SLOW_ROWS = 200_000;
    private static final long BLOCK_AT = 50_000;
    /** Rows of the runs killed in the final transaction and of every follow-up run. */
    private static final long ROWS = 10_000;

    @Rule
    public final PgTestDatabase db = new PgTestDatabase();
    @Rule
    public final EmbulkRunner embulk = new EmbulkRunner();

    @Test
    public void appendKilledWhileStaging() throws Exception {
        killWhileStaging("append");
    }

    @Test
    public void replaceKilledWhileStaging() throws Exception {
        killWhileStaging("replace");
    }

    @Test
    public void truncateKilledWhileStaging() throws Exception {
        killWhileStaging("truncate");
    }

    @Test
    public void mergeKilledWhileStaging() throws Exception {
        killWhileStaging("merge");
    }

    @Test
    public void appendKilledInFinalTransaction() throws Exception {
        killInFinalTransaction("append");
    }

    @Test
    public void replaceKilledInFinalTransaction() throws Exception {
        killInFinalTransaction("replace");
    }

    @Test
    public void truncateKilledInFinalTransaction() throws Exception {
        killInFinalTransaction("truncate");
    }

    @Test
    public void mergeKilledInFinalTransaction() throws Exception {
        killInFinalTransaction("merge");
    }

    /**
     * The child's input stops for good at {@link #BLOCK_AT} once its output has processed every earlier row (a single
     * output task): chunks of 16 KB are committed in the staging table by then, and the kill lands while staging.
     */
    private void killWhileStaging(String mode) throws Exception {
        String before = prepareTarget(db, mode);
        ConfigSource out = output(mode);
        ConfigSource in = embulk.generator(SLOW_ROWS, 1).set("block_at", BLOCK_AT);
        ConfigSource exec = embulk.singleTask();
        String staging;
        try (ChildEmbulk child = ChildEmbulk.start(EmbulkRunner.class, "kill-staging-" + mode + "-" + db.schema(),
                in, out, exec)) {
            waitUntil("the child's input to block at row " + BLOCK_AT, 120_000, () -> {
                if (!child.isAlive()) {
                    throw new AssertionError("the run ended before it was killed:\n" + child.logTail(4000));
                }
                return child.logTail(100_000).contains(RowHooks.BLOCKED + BLOCK_AT);
            });
            assertTrue("committed rows in the staging table", stagedRows(db) > 0);
            staging = db.tablesLike("embulk_stg_").get(0);
            child.kill();
        }
        afterKill(mode, before, staging);
    }

    /**
     * {@code after_load} sleeps inside the final transaction, after the rows were moved; the process is killed
     * there. {@code client_connection_check_interval} lets the server notice the dead client during the sleep.
     */
    private void killInFinalTransaction(String mode) throws Exception {
        String before = prepareTarget(db, mode);
        String sleep = "SELECT pg_sleep(120) /* " + db.schema() + " */";
        ConfigSource out = output(mode)
                .set("after_load", sleep)
                .set("options", embulk.newConfig().set("options", "-c client_connection_check_interval=100"));
        String staging;
        try (ChildEmbulk child = ChildEmbulk.start(EmbulkRunner.class, "kill-final-" + mode + "-" + db.schema(),
                embulk.generator(ROWS, 1), out)) {
            waitUntil("the final transaction to sleep in after_load", 120_000, () -> {
                if (!child.isAlive()) {
                    throw new AssertionError("the run ended before it was killed:\n" + child.logTail(4000));
                }
                return sleepers(sleep) > 0;
            });
            List<String> stagingTables = db.tablesLike("embulk_stg_");
            assertEquals("staging tables while the final transaction is open", 1, stagingTables.size());
            staging = stagingTables.get(0);
            child.kill();
        }
        waitUntil("the server to end the dead client's final transaction", 60_000, () -> sleepers(sleep) == 0);
        afterKill(mode, before, staging);
    }

    private long sleepers(String query) throws Exception {
        return Long.parseLong(db.query("SELECT count(*) FROM pg_stat_activity WHERE query = '"
                + query.replace("'", "''") + "'").get(0).get(0));
    }

    private void afterKill(String mode, String before, String staging) throws Exception {
        awaitRunBackendsGone(db, staging);
        assertEquals("target after the kill (" + mode + ")", before, fingerprint(db, "t"));
        assertEquals("what the killed run left", Collections.singletonList(staging), runTables(db));

        embulk.run(embulk.generator(ROWS, 1), output(mode));

        assertEquals("staging/new tables after the next run", Collections.emptyList(), runTables(db));
        assertLoaded(db, mode, ROWS);
    }

    private ConfigSource output(String mode) {
        return db.outputConfig(embulk, "t").set("mode", mode).set("batch_size", 16 * 1024);
    }
}
