package io.github.resultexport.embulk.output.postgresql.mode;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.github.resultexport.embulk.output.common.testing.LogCapture;
import io.github.resultexport.embulk.output.postgresql.LoadColumn;
import io.github.resultexport.embulk.output.postgresql.PgTestDatabase;
import io.github.resultexport.embulk.output.postgresql.client.QualifiedName;
import io.github.resultexport.embulk.output.postgresql.encode.TargetKind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.embulk.spi.DataException;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * The default merge run directly on a target and a staging table, with the statement its sample chooses: new rows
 * are inserted, changed rows updated, identical rows keep their row version (same xmin and ctid) whatever the column
 * types; repeated keys fail in every order; a key another session inserts meanwhile is updated, not a failure.
 */
public class ChangedRowsMergeTest {
    private static final List<String> COLUMNS = Arrays.asList("id", "j", "jb", "tags", "amount", "at", "note");
    private static final List<String> TYPES = Arrays.asList("bigint", "json", "jsonb", "text[]", "numeric",
            "timestamp with time zone", "text");

    @Rule
    public final PgTestDatabase db = new PgTestDatabase();

    @Rule
    public final LogCapture logs = new LogCapture();

    private QualifiedName target;
    private QualifiedName staging;
    private TablePlan plan;
    private boolean stagingUnique;

    @Before
    public void tables() throws SQLException {
        target = new QualifiedName(db.schema(), "typed");
        staging = target.sibling("embulk_stg_test");
        List<LoadColumn> columns = new ArrayList<>();
        for (int i = 0; i < COLUMNS.size(); i++) {
            columns.add(new LoadColumn(COLUMNS.get(i), TYPES.get(i), TargetKind.OTHER, null));
        }
        plan = new TablePlan(target, true, columns, Collections.nCopies(columns.size(), false),
                Collections.singletonList("id"), Optional.empty(), Optional.empty());
        db.execute("CREATE TABLE " + target + " (id bigint PRIMARY KEY, j json, jb jsonb, tags text[], amount numeric,"
                        + " at timestamptz, note text, extra text DEFAULT 'kept')",
                plan.createStagingSql(staging));
    }

    private void stored(String... rows) throws SQLException {
        db.execute("INSERT INTO " + target + " (" + String.join(", ", COLUMNS) + ") VALUES " + String.join(", ", rows));
    }

    private void staged(String... rows) throws SQLException {
        db.execute("INSERT INTO " + staging + " VALUES " + String.join(", ", rows));
    }

    /** id → xmin and ctid: a row that got a new version has another. */
    private Map<String, String> versions() throws SQLException {
        Map<String, String> versions = new HashMap<>();
        for (List<String> row : db.query("SELECT id, xmin::text || ' ' || ctid::text FROM " + target)) {
            versions.put(row.get(0), row.get(1));
        }
        return versions;
    }

    private String contents() throws SQLException {
        StringBuilder sb = new StringBuilder();
        for (List<String> row : db.query("SELECT id, j::text, jb::text, tags::text, amount::text,"
                + " to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), note, extra FROM " + target
                + " ORDER BY id")) {
            sb.append(String.join(" | ", row.stream().map(String::valueOf).toArray(String[]::new))).append('\n');
        }
        return sb.toString();
    }

    /** Runs the merge in one transaction on its own connection, as the final transaction does. */
    private void merge() throws SQLException {
        try (Connection conn = db.connect()) {
            mergeOn(conn);
            conn.commit();
        }
    }

    private void mergeOn(Connection conn) throws SQLException {
        conn.setAutoCommit(false);
        try {
            new ChangedRowsMerge(stagingUnique).apply(conn, plan, staging, new StagedRows(staging,
                    Long.parseLong(Sql.queryValue(conn, "SELECT count(*) FROM " + staging))));
        } catch (SQLException | RuntimeException e) {
            conn.rollback();
            throw e;
        }
    }

    @Test
    public void writesNewAndChangedRowsAndLeavesIdenticalRowsAlone() throws SQLException {
        assertMixedRowsMerged(this::merge);
        assertEquals("4 of 11 rows identical: the plain upsert", 1, logs.linesContaining(
                "(a sample of 11 staged rows: 1 with a new key, 4 identical: INSERT … ON CONFLICT, ").size());
    }

    /** The statement for inputs of mostly identical rows writes exactly what the plain upsert writes. */
    @Test
    public void theUpsertSkippingIdenticalRowsWritesTheSameRows() throws SQLException {
        assertMixedRowsMerged(() -> {
            try (Connection conn = db.connect()) {
                conn.setAutoCommit(false);
                assertEquals(7, Sql.update(conn, new MergeSql(plan, staging).upsertChangedSkippingIdentical()));
                conn.commit();
            }
        });
    }

    private interface MergeRun {
        void run() throws SQLException;
    }

    private void assertMixedRowsMerged(MergeRun mergeRun) throws SQLException {
        String same = "'{\"a\": 1}', '{\"b\": [1, 2]}', '{x,y}', 1.50, '2024-01-01 00:00:00+00', 'same'";
        stored("(1, " + same + ")",
                "(2, NULL, NULL, NULL, NULL, NULL, NULL)",
                "(3, '{\"a\":1}', NULL, NULL, NULL, NULL, NULL)",
                "(4, NULL, '{\"b\": 1}', NULL, NULL, NULL, NULL)",
                "(5, NULL, NULL, '{x,y}', NULL, NULL, NULL)",
                "(6, NULL, NULL, NULL, 1.5, NULL, NULL)",
                "(7, NULL, NULL, NULL, NULL, NULL, 'v')",
                "(8, NULL, NULL, NULL, NULL, NULL, NULL)",
                "(9, NULL, NULL, NULL, NULL, '2024-01-01 00:00:00+00', NULL)",
                "(10, NULL, '{\"k\": 1, \"a\": 2}', NULL, NULL, NULL, NULL)",
                "(12, NULL, NULL, NULL, NULL, NULL, 'not in the input')");
        staged("(1, " + same + ")",
                "(2, NULL, NULL, NULL, NULL, NULL, NULL)",
                "(3, '{\"a\": 1}', NULL, NULL, NULL, NULL, NULL)",
                "(4, NULL, '{\"b\": 2}', NULL, NULL, NULL, NULL)",
                "(5, NULL, NULL, '{y,x}', NULL, NULL, NULL)",
                "(6, NULL, NULL, NULL, 1.50, NULL, NULL)",
                "(7, NULL, NULL, NULL, NULL, NULL, NULL)",
                "(8, NULL, NULL, NULL, NULL, NULL, 'v')",
                "(9, NULL, NULL, NULL, NULL, '2024-01-01 09:00:00+09', NULL)",
                "(10, NULL, '{\"a\":2,\"k\":1}', NULL, NULL, NULL, NULL)",
                "(11, '[]', '[]', '{}', 0, '2024-02-03 04:05:06+00', 'new')");
        Map<String, String> before = versions();

        mergeRun.run();

        assertEquals("1 | {\"a\": 1} | {\"b\": [1, 2]} | {x,y} | 1.50 | 2024-01-01 00:00:00 | same | kept\n"
                        + "2 | null | null | null | null | null | null | kept\n"
                        + "3 | {\"a\": 1} | null | null | null | null | null | kept\n"
                        + "4 | null | {\"b\": 2} | null | null | null | null | kept\n"
                        + "5 | null | null | {y,x} | null | null | null | kept\n"
                        + "6 | null | null | null | 1.50 | null | null | kept\n"
                        + "7 | null | null | null | null | null | null | kept\n"
                        + "8 | null | null | null | null | null | v | kept\n"
                        + "9 | null | null | null | null | 2024-01-01 00:00:00 | null | kept\n"
                        + "10 | null | {\"a\": 2, \"k\": 1} | null | null | null | null | kept\n"
                        + "11 | [] | [] | {} | 0 | 2024-02-03 04:05:06 | new | kept\n"
                        + "12 | null | null | null | null | null | not in the input | kept\n",
                contents());
        Map<String, String> after = versions();
        // identical: all values equal; NULL = NULL; the same instant in another offset; jsonb keys in another order
        for (String id : new String[] {"1", "2", "9", "10", "12"}) {
            assertEquals("row " + id + " is identical to the input and keeps its version", before.get(id),
                    after.get(id));
        }
        // json text with other spacing, jsonb value, array order, numeric scale, value to NULL, NULL to value
        for (String id : new String[] {"3", "4", "5", "6", "7", "8"}) {
            assertNotEquals("row " + id + " changed and got a new version", before.get(id), after.get(id));
        }
        assertTrue(after.containsKey("11"));
    }

    /**
     * Nearly all rows identical (12 of 14 here): they are left out before the upsert, so they are not even locked
     * (their xmax stays 0), which INSERT … ON CONFLICT would do to every row it meets.
     */
    @Test
    public void nearlyAllRowsIdenticalAreLeftOutBeforeTheUpsertAndNotLocked() throws SQLException {
        db.execute("INSERT INTO " + target + " (id, amount, note) SELECT i, i, 'n' || i FROM generate_series(1, 14) i",
                "INSERT INTO " + staging + " (id, amount, note) SELECT i, i, 'n' || i FROM generate_series(1, 12) i");
        staged("(13, NULL, NULL, NULL, 13, NULL, 'changed')", "(15, NULL, NULL, NULL, 15, NULL, 'new')");
        Map<String, String> before = versions();

        merge();

        assertEquals("[[12, n12], [13, changed], [14, n14], [15, new]]",
                db.query("SELECT id, note FROM " + target + " WHERE id >= 12 ORDER BY id").toString());
        Map<String, String> after = versions();
        for (int id = 1; id <= 12; id++) {
            assertEquals(before.get(String.valueOf(id)), after.get(String.valueOf(id)));
        }
        assertNotEquals(before.get("13"), after.get("13"));
        assertEquals("identical rows were not locked", "[[0]]",
                db.query("SELECT max(xmax::text::bigint) FROM " + target + " WHERE id <= 12 OR id = 14").toString());
        assertEquals(1, logs.linesContaining("merge: 2 of 14 staged rows were new or changed and written (a sample of"
                + " 14 staged rows: 1 with a new key, 12 identical: INSERT … ON CONFLICT of the rows not identical, ")
                .size());
    }

    /**
     * The plain upsert, chosen when fewer rows are identical, locks the identical rows it meets: the reason above.
     */
    @Test
    public void thePlainUpsertLocksIdenticalRows() throws SQLException {
        stored("(1, NULL, NULL, NULL, 1, NULL, 'a')", "(2, NULL, NULL, NULL, 2, NULL, 'b')");
        staged("(1, NULL, NULL, NULL, 1, NULL, 'a')", "(2, NULL, NULL, NULL, 2, NULL, 'changed')",
                "(3, NULL, NULL, NULL, 3, NULL, 'new')");

        merge();

        assertNotEquals("0", db.query("SELECT xmax::text FROM " + target + " WHERE id = 1").get(0).get(0));
        assertEquals(1, logs.linesContaining("1 identical: INSERT … ON CONFLICT, ").size());
    }

    /** Every sampled key new: one plain INSERT, no key probe before each row. */
    @Test
    public void everyKeyNewIsOnePlainInsert() throws SQLException {
        stored("(1, NULL, NULL, NULL, 1, NULL, 'stored')");
        staged("(7, NULL, NULL, NULL, 7, NULL, 'x')", "(8, NULL, NULL, NULL, 8, NULL, 'y')");

        merge();

        assertEquals("[[1, stored], [7, x], [8, y]]",
                db.query("SELECT id, note FROM " + target + " ORDER BY id").toString());
        assertEquals(1, logs.linesContaining("merge: 2 of 2 staged rows were new or changed and written (a sample of 2"
                + " staged rows: 2 with a new key, 0 identical: INSERT, ").size());
        assertTrue(logs.linesContaining("undone").isEmpty());
    }

    /** A staging table larger than the sample: about {@link MergePlan#SAMPLE_ROWS} rows are looked up. */
    @Test
    public void aLargeStagingTableIsSampled() throws SQLException {
        db.execute("INSERT INTO " + target + " (id, note) SELECT i, 'n' || i FROM generate_series(1, 200000) i",
                "INSERT INTO " + staging + " (id, note) SELECT i, 'n' || i FROM generate_series(1, 200000) i",
                "ANALYZE " + staging);
        try (Connection conn = db.connect()) {
            MergePlan chosen = MergePlan.choose(conn, new MergeSql(plan, staging), 200_000);
            assertEquals(MergePlan.Statement.UPSERT_SKIPPING_IDENTICAL, chosen.statement());
            String description = chosen.describe();
            long sampled = Long.parseLong(description.replaceAll("^a sample of (\\d+) staged rows: 0 with a new key,"
                    + " \\1 identical: .*$", "$1"));
            assertTrue(description, sampled >= MergePlan.SAMPLE_ROWS / 2 && sampled <= MergePlan.SAMPLE_ROWS * 2);
        }
    }

    @Test
    public void aStagingTableUniqueOnTheKeysNeedsNoRepeatedKeyCheck() throws SQLException {
        stored("(1, NULL, NULL, NULL, 1, NULL, 'a')", "(2, NULL, NULL, NULL, 2, NULL, 'b')");
        staged("(1, NULL, NULL, NULL, 1, NULL, 'a')", "(2, NULL, NULL, NULL, 2, NULL, 'b')");
        Map<String, String> before = versions();

        merge();
        db.execute("CREATE UNIQUE INDEX ON " + staging + " (id)");
        stagingUnique = true;
        merge();

        List<String> lines = logs.linesContaining("merge: 0 of 2 staged rows were new or changed");
        assertEquals(2, lines.size());
        assertTrue(lines.get(0), lines.get(0).contains("repeated-key check"));
        assertFalse(lines.get(1), lines.get(1).contains("repeated-key check"));
        assertEquals(before, versions());
    }

    @Test
    public void repeatedNewKeyFails() throws Exception {
        staged("(20, NULL, NULL, NULL, NULL, NULL, 'a')", "(20, NULL, NULL, NULL, NULL, NULL, 'b')");
        assertRepeatedKeysFailWithoutChange();
    }

    @Test
    public void repeatedKeyWhoseFirstRowIsIdenticalFails() throws Exception {
        stored("(1, NULL, NULL, NULL, NULL, NULL, 'same')");
        staged("(1, NULL, NULL, NULL, NULL, NULL, 'same')", "(1, NULL, NULL, NULL, NULL, NULL, 'changed')");
        assertRepeatedKeysFailWithoutChange();
    }

    @Test
    public void repeatedKeyWhoseFirstRowChangedFails() throws Exception {
        stored("(1, NULL, NULL, NULL, NULL, NULL, 'same')");
        staged("(1, NULL, NULL, NULL, NULL, NULL, 'changed')", "(1, NULL, NULL, NULL, NULL, NULL, 'same')");
        assertRepeatedKeysFailWithoutChange();
    }

    @Test
    public void repeatedKeyWithTwoIdenticalRowsFails() throws Exception {
        stored("(1, NULL, NULL, NULL, NULL, NULL, 'same')");
        staged("(1, NULL, NULL, NULL, NULL, NULL, 'same')", "(1, NULL, NULL, NULL, NULL, NULL, 'same')");
        assertRepeatedKeysFailWithoutChange();
    }

    @Test
    public void repeatedKeyFailsWhenTheInputHasOnlyKeyColumns() throws Exception {
        List<LoadColumn> keyOnly = Collections.singletonList(plan.columns().get(0));
        plan = new TablePlan(target, true, keyOnly, Collections.singletonList(false), plan.mergeKeys(),
                Optional.empty(), Optional.empty());
        db.execute("DROP TABLE " + staging, plan.createStagingSql(staging));
        stored("(1, NULL, NULL, NULL, NULL, NULL, 'stored')");
        staged("(1)", "(2)", "(2)");
        assertRepeatedKeysFailWithoutChange();
        db.execute("DELETE FROM " + staging + " WHERE ctid = (SELECT max(ctid) FROM " + staging + ")");
        merge();
        assertEquals("[[1, stored], [2, null]]", db.query("SELECT id, note FROM " + target + " ORDER BY id")
                .toString());
    }

    private void assertRepeatedKeysFailWithoutChange() throws Exception {
        String before = contents();
        try {
            merge();
            fail("a key repeated in the input must fail the merge");
        } catch (DataException e) {
            assertEquals("merge: the input has more than one row with the same merge_keys (id); each key may appear"
                    + " once per run", e.getMessage());
        }
        assertEquals(before, contents());
    }

    /** A violated unique index on another column is reported as such, not as a repeated key. */
    @Test
    public void otherUniqueViolationIsNotCalledARepeatedKey() throws Exception {
        db.execute("CREATE UNIQUE INDEX typed_note ON " + target + " (note)");
        stored("(1, NULL, NULL, NULL, NULL, NULL, 'taken')");
        staged("(2, NULL, NULL, NULL, NULL, NULL, 'taken')");
        try {
            merge();
            fail("the unique index on note must reject the row");
        } catch (SQLException e) {
            assertEquals("23505", e.getSQLState());
            assertTrue(e.getMessage(), e.getMessage().contains("typed_note"));
        }
    }

    /**
     * Another session inserts a staged key and commits while the merge runs: the merge waits for it and then
     * updates that row.
     */
    @Test
    public void keyInsertedMeanwhileByAnotherSessionIsUpdated() throws Exception {
        staged("(40, NULL, NULL, NULL, NULL, NULL, 'staged')", "(41, NULL, NULL, NULL, NULL, NULL, 'staged')");
        try (Connection other = db.connect(); Connection conn = db.connect()) {
            other.setAutoCommit(false);
            try (Statement st = other.createStatement()) {
                st.execute("INSERT INTO " + target + " (id, note) VALUES (40, 'other session')");
            }
            String pid = pid(conn);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread merging = new Thread(() -> {
                try {
                    mergeOn(conn);
                    conn.commit();
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "merge");
            merging.start();
            waitUntilWaitingForALock(pid, merging);
            other.commit();
            merging.join(TimeUnit.MINUTES.toMillis(1));
            assertFalse("the merge ended", merging.isAlive());
            if (failure.get() != null) {
                throw new AssertionError("the merge must wait for the other session, then update its row",
                        failure.get());
            }
        }
        assertEquals("the sample saw no stored key; the INSERT met the other session's", 1,
                logs.linesContaining("2 with a new key, 0 identical: INSERT, undone when it met a stored key, then"
                        + " INSERT … ON CONFLICT, ").size());
        assertEquals("[[40, staged], [41, staged]]", db.query("SELECT id, note FROM " + target + " ORDER BY id")
                .toString());
    }

    /** While the merge's transaction is open, readers read and other writers of other rows write. */
    @Test
    public void readersAreNotBlockedWhileTheMergeIsOpen() throws Exception {
        stored("(1, NULL, NULL, NULL, NULL, NULL, 'old')");
        staged("(1, NULL, NULL, NULL, NULL, NULL, 'new')");
        try (Connection conn = db.connect(); Connection reader = db.connect()) {
            mergeOn(conn);
            try (Statement st = reader.createStatement()) {
                st.execute("SET lock_timeout = '30s'");
                try (ResultSet rs = st.executeQuery("SELECT note FROM " + target)) {
                    assertTrue(rs.next());
                    assertEquals("the reader sees the old row at once", "old", rs.getString(1));
                }
                st.execute("SET lock_timeout = '50ms'");
                st.execute("INSERT INTO " + target + " (id) VALUES (99)");
            }
            conn.commit();
        }
        assertEquals("new", db.query("SELECT note FROM " + target + " WHERE id = 1").get(0).get(0));
    }

    private static String pid(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void waitUntilWaitingForALock(String pid, Thread merging) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (db.query("SELECT 1 FROM pg_stat_activity WHERE pid = " + pid + " AND wait_event_type = 'Lock'")
                .isEmpty()) {
            if (!merging.isAlive() || System.nanoTime() > deadline) {
                fail("the merge did not wait for the other session's insert");
            }
            Thread.sleep(10);
        }
    }
}
