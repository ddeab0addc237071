package io.github.resultexport.embulk.output.postgresql;

import io.github.resultexport.embulk.output.common.testing.RowHooks;

import static io.github.resultexport.embulk.output.postgresql.FaultKit.fingerprint;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.prepareTarget;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.runTables;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.Collections;
import java.util.List;
import org.embulk.config.ConfigSource;
import org.junit.Rule;
import org.junit.Test;

/**
 * The final transaction publishes only what the tasks reported committed. Rows that vanish from the staging table
 * after their chunk was committed (as crash recovery empties an UNLOGGED table, or a commit that was not durable)
 * make the run fail before COMMIT, with the target unchanged and the staging table removed.
 */
public class PublishCheckTest {
    private static final long ROWS = 20_000;
    /** 16 KB chunks: by row 10,000 of one task many chunks are committed. */
    private static final int CHUNKS = 16 * 1024;

    @Rule
    public final PgTestDatabase db = new PgTestDatabase();
    @Rule
    public final EmbulkRunner embulk = new EmbulkRunner();

    @Test
    public void appendRefusesWhenCommittedRowsVanished() throws Exception {
        refusesWhenCommittedRowsVanished("append");
    }

    @Test
    public void replaceRefusesWhenCommittedRowsVanished() throws Exception {
        refusesWhenCommittedRowsVanished("replace");
    }

    @Test
    public void mergeRefusesWhenCommittedRowsVanished() throws Exception {
        refusesWhenCommittedRowsVanished("merge");
    }

    /** Every key new: the merge's plain INSERT read the staged rows, and its row count is what is checked. */
    @Test
    public void mergeOfNewKeysRefusesWhenCommittedRowsVanished() throws Exception {
        FaultKit.createTarget(db, "t", true);
        FaultKit.insertOldRows(db, "t", FaultKit.OLD_FIRST, 50);
        refusesWhenCommittedRowsVanished("merge", fingerprint(db, "t"));
    }

    /**
     * A trigger that skips rows makes INSERT … SELECT report fewer rows than it read: the staging table is counted
     * then, and the run succeeds.
     */
    @Test
    public void aTriggerThatSkipsRowsIsNoLoss() throws Exception {
        prepareTarget(db, "append");
        db.execute("CREATE FUNCTION " + db.schema() + ".skip_odd() RETURNS trigger LANGUAGE plpgsql AS"
                        + " $$ BEGIN IF NEW.id % 2 = 1 THEN RETURN NULL; END IF; RETURN NEW; END $$",
                "CREATE TRIGGER skip_odd BEFORE INSERT ON " + db.schema() + ".t FOR EACH ROW EXECUTE FUNCTION "
                        + db.schema() + ".skip_odd()");
        embulk.run(embulk.generator(1000, 1), db.outputConfig(embulk, "t").set("mode", "append"),
                embulk.singleTask());
        FaultKit.assertCount(db, "t", 100 + 500);
    }

    private void refusesWhenCommittedRowsVanished(String mode) throws Exception {
        refusesWhenCommittedRowsVanished(mode, prepareTarget(db, mode));
    }

    private void refusesWhenCommittedRowsVanished(String mode, String before) throws Exception {
        long[] deleted = new long[1];
        RowHooks.RowHook loseRows = row -> {
            List<String> staging = db.tablesLike("embulk_stg_");
            assertEquals("staging tables at row " + row, 1, staging.size());
            deleted[0] = Long.parseLong(db.query("WITH d AS (DELETE FROM " + db.schema() + "." + staging.get(0)
                    + " WHERE id % 2 = 0 RETURNING 1) SELECT count(*) FROM d").get(0).get(0));
        };
        RuntimeException failure = null;
        try (AutoCloseable hook = RowHooks.register("lose-" + db.schema(), loseRows)) {
            ConfigSource in = embulk.generator(ROWS, 1).set("hook", "lose-" + db.schema())
                    .set("hook_rows", Collections.singletonList(ROWS / 2));
            embulk.run(in, db.outputConfig(embulk, "t").set("mode", mode).set("batch_size", CHUNKS),
                    embulk.singleTask());
        } catch (RuntimeException e) {
            failure = e;
        }
        assertTrue("committed rows were deleted from the staging table: " + deleted[0], deleted[0] > 0);
        assertNotNull("the run must fail when the staging table lost committed rows", failure);
        String message = ModesTest.rootMessage(failure);
        assertTrue(message, message.contains("holds " + (ROWS - deleted[0]) + " rows, but the tasks committed "
                + ROWS));
        assertTrue(message, message.contains("Nothing was published"));
        assertEquals("target after the refused publish (" + mode + ")", before, fingerprint(db, "t"));
        assertEquals("staging/new tables after the run", Collections.emptyList(), runTables(db));
    }
}
