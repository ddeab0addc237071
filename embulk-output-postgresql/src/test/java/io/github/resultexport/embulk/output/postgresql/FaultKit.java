package io.github.resultexport.embulk.output.postgresql;

import static org.junit.Assert.assertEquals;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Fixtures and checks shared by the fault tests: a target table with known old rows, fingerprints, bounded waits. */
final class FaultKit {
    /** First key of the plugin's advisory locks ({@code RunLock}, "EMBK"). */
    private static final long RUN_LOCK_NAMESPACE = 0x454D424BL;

    /** First id of the old rows that lie outside the generated ids. */
    static final long OLD_FIRST = 1_000_000;

    private FaultKit() {
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls {@code condition} every 20 ms until it holds; fails after {@code timeoutMillis}. */
    static void waitUntil(String what, long timeoutMillis, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up after " + timeoutMillis + " ms waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    /**
     * Waits until a session waits for the advisory lock {@code key} that the test holds (e.g. a final transaction in
     * {@code after_load: SELECT pg_advisory_xact_lock(key)}) and returns its pid.
     */
    static String awaitAdvisoryLockWaiter(PgTestDatabase db, int key) throws Exception {
        String[] pid = new String[1];
        waitUntil("a session to wait for the test's advisory lock " + key, 120_000, () -> {
            List<List<String>> waiting = db.query("SELECT pid FROM pg_locks WHERE locktype = 'advisory'"
                    + " AND NOT granted AND classid = 0 AND objsubid = 1 AND objid = " + key + "::oid");
            pid[0] = waiting.isEmpty() ? null : waiting.get(0).get(0);
            return pid[0] != null;
        });
        return pid[0];
    }

    static String qualified(PgTestDatabase db, String table) {
        return db.schema() + "." + table;
    }

    /** A table with the generator's columns (and {@code PRIMARY KEY (id)} if asked). */
    static void createTarget(PgTestDatabase db, String table, boolean primaryKey) throws SQLException {
        db.execute("CREATE TABLE " + qualified(db, table) + " (id bigint" + (primaryKey ? " PRIMARY KEY" : "")
                + ", name text, score double precision, flag boolean, ts timestamp with time zone, doc jsonb)");
    }

    /** Rows {@code first … first+count-1} that differ from generated rows in every column. */
    static void insertOldRows(PgTestDatabase db, String table, long first, int count) throws SQLException {
        db.execute("INSERT INTO " + qualified(db, table) + " SELECT g, 'old-' || g, g * 10.0, g % 3 = 0,"
                + " timestamptz '2001-02-03 04:05:06+00' + g * interval '1 minute', jsonb_build_object('old', g)"
                + " FROM generate_series(" + first + ", " + (first + count - 1) + ") g");
    }

    /** Row count and an md5 over every row's text, in id order: equal fingerprints mean equal contents. */
    static String fingerprint(PgTestDatabase db, String table) throws SQLException {
        return db.query("SELECT count(*) || ' rows, md5 ' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY"
                + " t.id, t::text)), '-') FROM " + qualified(db, table) + " AS t").get(0).get(0);
    }

    /**
     * Asserts that the rows with ids in [{@code from}, {@code to}) are exactly the generator's rows for those ids:
     * count, distinct ids, min, max, sum of ids, and every column's value.
     */
    static void assertGeneratedRows(PgTestDatabase db, String table, long from, long to) throws SQLException {
        long n = to - from;
        List<String> expected = new ArrayList<>();
        expected.add(Long.toString(n));
        expected.add(Long.toString(n));
        expected.add(Long.toString(from));
        expected.add(Long.toString(to - 1));
        expected.add(Long.toString((from + to - 1) * n / 2));
        expected.add(Long.toString(n));
        List<String> actual = db.query("SELECT count(*), count(DISTINCT id), min(id), max(id), sum(id),"
                + " count(*) FILTER (WHERE name = 'name-' || id AND score = id / 2.0 AND flag = (id % 2 = 0)"
                + " AND ts = timestamptz '2024-01-01 00:00:00+00' + id * interval '1 second'"
                + " AND doc = jsonb_build_object('id', id, 's', 'x'))"
                + " FROM " + qualified(db, table) + " WHERE id >= " + from + " AND id < " + to).get(0);
        assertEquals("rows " + from + "…" + (to - 1) + " of " + table
                        + ": count, distinct ids, min, max, sum(id), rows with the generated values",
                expected, actual);
    }

    /** Asserts that the rows with ids in [{@code from}, {@code from+count}) are exactly the old rows of those ids. */
    static void assertOldRows(PgTestDatabase db, String table, long from, int count) throws SQLException {
        long to = from + count;
        List<String> expected = new ArrayList<>();
        expected.add(Long.toString(count));
        expected.add(Long.toString(count));
        List<String> actual = db.query("SELECT count(*), count(*) FILTER (WHERE name = 'old-' || id"
                + " AND score = id * 10.0 AND flag = (id % 3 = 0)"
                + " AND ts = timestamptz '2001-02-03 04:05:06+00' + id * interval '1 minute'"
                + " AND doc = jsonb_build_object('old', id))"
                + " FROM " + qualified(db, table) + " WHERE id >= " + from + " AND id < " + to).get(0);
        assertEquals("old rows " + from + "…" + (to - 1) + " of " + table + ": count, rows with the old values",
                expected, actual);
    }

    /**
     * Creates table {@code t} for a load in {@code mode} with known old rows and returns its fingerprint: 100 old
     * rows outside the generated ids; for merge (primary key on id) 50 of those plus ids 0…49, which a load updates.
     */
    static String prepareTarget(PgTestDatabase db, String mode) throws SQLException {
        boolean merge = "merge".equals(mode);
        createTarget(db, "t", merge);
        if (merge) {
            insertOldRows(db, "t", 0, 50);
            insertOldRows(db, "t", OLD_FIRST, 50);
        } else {
            insertOldRows(db, "t", OLD_FIRST, 100);
        }
        return fingerprint(db, "t");
    }

    /** Asserts what {@code t} holds after a successful load of generated ids 0…rows-1 into {@link #prepareTarget}. */
    static void assertLoaded(PgTestDatabase db, String mode, long rows) throws SQLException {
        assertGeneratedRows(db, "t", 0, rows);
        switch (mode) {
            case "append":
                assertOldRows(db, "t", OLD_FIRST, 100);
                assertCount(db, "t", rows + 100);
                break;
            case "merge":
                assertOldRows(db, "t", OLD_FIRST, 50);
                assertCount(db, "t", rows + 50);
                break;
            default:
                assertCount(db, "t", rows);
                break;
        }
    }

    /** Asserts that the table holds exactly {@code expected} rows in all. */
    static void assertCount(PgTestDatabase db, String table, long expected) throws SQLException {
        assertEquals("count(*) of " + table, expected, db.count(table));
    }

    /** Staging and replacement tables of the plugin in the test schema. */
    static List<String> runTables(PgTestDatabase db) throws SQLException {
        List<String> names = new ArrayList<>(db.tablesLike("embulk_stg_"));
        names.addAll(db.tablesLike("embulk_new_"));
        return names;
    }

    /** Rows committed so far in the run's staging table, or -1 when there is none (yet). */
    static long stagedRows(PgTestDatabase db) throws SQLException {
        List<String> staging = db.tablesLike("embulk_stg_");
        if (staging.isEmpty()) {
            return -1;
        }
        try {
            return db.count(staging.get(0));
        } catch (SQLException e) {
            return -1; // dropped between the two queries
        }
    }

    /**
     * Waits until the server has ended every backend of a dead run: none holds a lock on its staging table, and its
     * run lock (held by the run's control connection) is free.
     */
    static void awaitRunBackendsGone(PgTestDatabase db, String stagingTable) throws Exception {
        String regclass = "'" + db.schema() + "." + stagingTable + "'";
        waitUntil("the killed run's backends to end", 60_000, () -> "0".equals(db.query(
                "SELECT count(*) FROM pg_locks WHERE pid <> pg_backend_pid() AND ("
                        + "(locktype = 'relation' AND relation = to_regclass(" + regclass + "))"
                        + " OR (locktype = 'advisory' AND classid = " + RUN_LOCK_NAMESPACE + "::oid"
                        + " AND objid = (hashtext('" + stagingTable + "')::bigint & 4294967295)::oid"
                        + " AND objsubid = 2))").get(0).get(0)));
    }
}
