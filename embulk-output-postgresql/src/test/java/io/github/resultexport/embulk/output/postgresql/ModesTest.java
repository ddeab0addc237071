package io.github.resultexport.embulk.output.postgresql;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.embulk.config.ConfigSource;
import org.junit.Rule;
import org.junit.Test;

/** Each mode leaves exactly the table its name promises, and no staging table. */
public class ModesTest {
    @Rule
    public final PgTestDatabase db = new PgTestDatabase();
    @Rule
    public final EmbulkRunner embulk = new EmbulkRunner();

    private String t(String table) {
        return db.schema() + "." + table;
    }

    /** An existing table shaped like the generator's output, with old rows 1000..1004, an index and a grant. */
    private void oldTable(String table, String constraint) throws Exception {
        db.execute("CREATE TABLE " + t(table) + " (id bigint, name text, score double precision, flag boolean,"
                        + " ts timestamptz, doc jsonb, note text DEFAULT 'old-default'" + constraint + ")",
                "CREATE INDEX " + table + "_name_idx ON " + t(table) + " (name)",
                "INSERT INTO " + t(table) + " (id, name, note) SELECT g, 'old-' || g, 'old' FROM generate_series(1000, 1004) g",
                "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'embulk_it_reader') THEN"
                        + " CREATE ROLE embulk_it_reader; END IF; END $$",
                "GRANT SELECT ON " + t(table) + " TO embulk_it_reader");
    }

    private ConfigSource out(String table, String mode) {
        return db.outputConfig(embulk, table).set("mode", mode);
    }

    private List<List<String>> ids(String table) throws Exception {
        return db.query("SELECT min(id)::text, max(id)::text, count(*)::text, count(DISTINCT id)::text FROM "
                + t(table));
    }

    private boolean readerCanSelect(String table) throws Exception {
        return "t".equals(db.query("SELECT has_table_privilege('embulk_it_reader', '" + t(table) + "', 'SELECT')")
                .get(0).get(0));
    }

    private boolean hasIndex(String table) throws Exception {
        return !db.query("SELECT 1 FROM pg_indexes WHERE schemaname = '" + db.schema() + "' AND tablename = '"
                + table + "' AND indexname = '" + table + "_name_idx'").isEmpty();
    }

    /** 'p' for a regular (logged) table: an UNLOGGED staging table must never become the target. */
    private String persistence(String table) throws Exception {
        return db.query("SELECT relpersistence FROM pg_class WHERE oid = '" + t(table) + "'::regclass").get(0).get(0);
    }

    private void assertNoRunTables() throws Exception {
        assertEquals(Collections.emptyList(), db.tablesLike("embulk_"));
    }

    @Test
    public void appendAddsRowsAndKeepsIndexGrantsAndDefaults() throws Exception {
        oldTable("a", "");
        embulk.run(embulk.generator(50, 2), out("a", "append"));
        embulk.run(embulk.generator(50, 2), out("a", "insert"));
        assertEquals(Arrays.asList(Arrays.asList("0", "1004", "205", "105")), ids("a"));
        assertEquals("[[200, old-default]]", db.query("SELECT count(*), min(note) FROM " + t("a")
                + " WHERE id < 1000").toString());
        assertTrue(hasIndex("a"));
        assertTrue(readerCanSelect("a"));
        assertNoRunTables();
    }

    @Test
    public void replaceSwapsInANewTableWithTheOldGrants() throws Exception {
        oldTable("r", "");
        embulk.run(embulk.generator(30, 2), out("r", "replace"));
        assertEquals(Arrays.asList(Arrays.asList("0", "59", "60", "60")), ids("r"));
        assertEquals("no column 'note': the table was rebuilt from the input schema", "[]",
                db.query("SELECT column_name FROM information_schema.columns WHERE table_schema = '" + db.schema()
                        + "' AND table_name = 'r' AND column_name = 'note'").toString());
        assertTrue("grants are re-applied", readerCanSelect("r"));
        assertFalse("replace rebuilds the table: indexes go (use truncate to keep them)", hasIndex("r"));
        assertEquals("p", persistence("r"));
        assertNoRunTables();
    }

    @Test
    public void replaceCreatesAMissingTableWithColumnOptions() throws Exception {
        ConfigSource out = out("fresh", "replace")
                .set("column_options", embulk.newConfig().set("score", embulk.newConfig().set("type", "numeric(10,1)")))
                .set("create_table_constraint", "PRIMARY KEY (id)");
        embulk.run(embulk.generator(10, 1), out);
        assertEquals(Arrays.asList(Arrays.asList("0", "9", "10", "10")), ids("fresh"));
        assertEquals("[[numeric, 10]]", db.query("SELECT data_type, numeric_precision FROM information_schema.columns"
                + " WHERE table_schema = '" + db.schema() + "' AND table_name = 'fresh' AND column_name = 'score'")
                .toString());
        assertEquals("[[fresh_pkey]]", db.query("SELECT conname FROM pg_constraint WHERE conrelid = '"
                + t("fresh") + "'::regclass AND contype = 'p'").toString());
        assertEquals("p", persistence("fresh"));
    }

    @Test
    public void replaceRefusesWhenViewsDependAndChangesNothing() throws Exception {
        oldTable("rv", "");
        db.execute("CREATE VIEW " + t("rv_view") + " AS SELECT id FROM " + t("rv"));
        try {
            embulk.run(embulk.generator(10, 1), out("rv", "replace"));
            fail("replace over a table with a dependent view must fail");
        } catch (Exception e) {
            assertTrue(rootMessage(e), rootMessage(e).contains("views depend on it: " + db.schema() + ".rv_view"));
            assertTrue(rootMessage(e), rootMessage(e).contains("truncate"));
        }
        assertEquals(Arrays.asList(Arrays.asList("1000", "1004", "5", "5")), ids("rv"));
        assertNoRunTables();
    }

    @Test
    public void truncateReplacesRowsKeepingIndexesGrantsAndViews() throws Exception {
        oldTable("tr", "");
        db.execute("CREATE VIEW " + t("tr_view") + " AS SELECT id FROM " + t("tr"));
        embulk.run(embulk.generator(20, 2), out("tr", "truncate"));
        assertEquals(Arrays.asList(Arrays.asList("0", "39", "40", "40")), ids("tr"));
        assertTrue(hasIndex("tr"));
        assertTrue(readerCanSelect("tr"));
        assertEquals("[[40]]", db.query("SELECT count(*) FROM " + t("tr_view")).toString());
        embulk.run(embulk.generator(5, 1), out("tr", "truncate_insert"));
        assertEquals(Arrays.asList(Arrays.asList("0", "4", "5", "5")), ids("tr"));
        assertNoRunTables();
    }

    @Test
    public void mergeUpsertsOnThePrimaryKey() throws Exception {
        oldTable("m", ", PRIMARY KEY (id)");
        db.execute("INSERT INTO " + t("m") + " (id, name, note) VALUES (3, 'old-3', 'kept')");
        embulk.run(embulk.generator(5, 1), out("m", "merge"));
        assertEquals(Arrays.asList(
                Arrays.asList("0", "name-0", "old-default"),
                Arrays.asList("3", "name-3", "kept"),
                Arrays.asList("4", "name-4", "old-default"),
                Arrays.asList("1000", "old-1000", "old")),
                db.query("SELECT x.id::text, x.name, x.note FROM " + t("m") + " x WHERE x.id IN (0, 3, 4, 1000)"
                        + " ORDER BY x.id"));
        assertEquals(Arrays.asList(Arrays.asList("0", "1004", "10", "10")), ids("m"));
        assertTrue(hasIndex("m"));
        assertTrue(readerCanSelect("m"));
        assertNoRunTables();
    }

    /**
     * Without merge_rule a merge writes only new and changed rows: rows identical to the stored ones (NULLs, json,
     * jsonb, arrays, numeric and timestamptz values included) keep their row version — same xmin and ctid.
     */
    @Test
    public void mergeLeavesIdenticalRowsUntouched() throws Exception {
        db.execute("CREATE TABLE " + t("mt") + " (id bigint PRIMARY KEY, j json, jb jsonb, tags text[],"
                        + " amount numeric(10,2), at timestamptz, note text)",
                "INSERT INTO " + t("mt") + " VALUES"
                        + " (1, '{\"a\": [1, \"x\"]}', '{\"b\": {\"c\": null}}', '{red,\"with space\"}', 12.5,"
                        + " '2024-03-04 05:06:07.5+00', 'same'),"
                        + " (2, NULL, NULL, NULL, NULL, NULL, NULL),"
                        + " (3, '{}', '{\"v\": 1}', '{a}', 1, '2024-01-01 00:00:00+00', 'jsonb changes'),"
                        + " (4, '{}', '{}', '{a}', 1, '2024-01-01 00:00:00+00', 'note becomes NULL'),"
                        + " (5, '{}', '{}', '{a}', 1, '2024-01-01 00:00:00+00', 'not in the input')");
        Map<String, String> before = rowVersions("mt");
        String csv = writeCsv("1,\"{\"\"a\"\": [1, \"\"x\"\"]}\",\"{\"\"b\"\":{\"\"c\"\":null}}\","
                + "\"{red,\"\"with space\"\"}\",12.50,2024-03-04 14:06:07.500 +0900,same\n"
                + "2,,,,,,\n"
                + "3,{},\"{\"\"v\"\": 2}\",{a},1,2024-01-01 00:00:00.000 +0000,jsonb changes\n"
                + "4,{},{},{a},1,2024-01-01 00:00:00.000 +0000,\n"
                + "6,[],[],{},0,2024-01-01 00:00:00.000 +0000,new\n");
        embulk.run(embulk.csv(csv, "id:long", "j:string", "jb:json", "tags:string", "amount:string",
                "at:timestamp:%Y-%m-%d %H:%M:%S.%N %z", "note:string"), out("mt", "merge"));
        assertEquals(Arrays.asList(
                Arrays.asList("1", "{\"a\": [1, \"x\"]}", "{\"b\": {\"c\": null}}", "{red,\"with space\"}", "12.50",
                        "2024-03-04 05:06:07.5+00", "same"),
                Arrays.asList("2", null, null, null, null, null, null),
                Arrays.asList("3", "{}", "{\"v\": 2}", "{a}", "1.00", "2024-01-01 00:00:00+00", "jsonb changes"),
                Arrays.asList("4", "{}", "{}", "{a}", "1.00", "2024-01-01 00:00:00+00", null),
                Arrays.asList("5", "{}", "{}", "{a}", "1.00", "2024-01-01 00:00:00+00", "not in the input"),
                Arrays.asList("6", "[]", "[]", "{}", "0.00", "2024-01-01 00:00:00+00", "new")),
                db.query("SELECT id::text, j::text, jb::text, tags::text, amount::text, at::text, note FROM "
                        + t("mt") + " ORDER BY id"));
        Map<String, String> after = rowVersions("mt");
        for (String id : new String[] {"1", "2", "5"}) {
            assertEquals("row " + id + " keeps its version", before.get(id), after.get(id));
        }
        for (String id : new String[] {"3", "4"}) {
            assertNotEquals("row " + id + " changed", before.get(id), after.get(id));
        }
        assertNoRunTables();
    }

    /** MERGE refuses tables with rules, even ON DELETE ones: such a table is merged with INSERT … ON CONFLICT. */
    @Test
    public void mergeIntoATableWithARule() throws Exception {
        oldTable("mr", ", PRIMARY KEY (id)");
        db.execute("CREATE RULE mr_deleted AS ON DELETE TO " + t("mr") + " DO ALSO NOTIFY mr_deleted");
        embulk.run(embulk.generator(5, 1), out("mr", "merge"));
        embulk.run(embulk.generator(5, 1), out("mr", "merge"));
        assertEquals(Arrays.asList(Arrays.asList("0", "1004", "10", "10")), ids("mr"));
        assertEquals("[[name-4]]", db.query("SELECT name FROM " + t("mr") + " WHERE id = 4").toString());
    }

    /** id → {@code xmin ctid}: a row written again has another. */
    private Map<String, String> rowVersions(String table) throws Exception {
        Map<String, String> versions = new HashMap<>();
        for (List<String> row : db.query("SELECT id::text, xmin::text || ' ' || ctid::text FROM " + t(table))) {
            versions.put(row.get(0), row.get(1));
        }
        return versions;
    }

    @Test
    public void mergeRuleReferencesTheTargetByItsOwnName() throws Exception {
        db.execute("CREATE TABLE " + t("cnt") + " (id bigint PRIMARY KEY, name text, score double precision,"
                        + " flag boolean, ts timestamptz, doc jsonb)",
                "INSERT INTO " + t("cnt") + " (id, score) VALUES (1, 100), (2, 200)");
        ConfigSource out = out("cnt", "merge").set("merge_keys", Arrays.asList("id"))
                .set("merge_rule", Arrays.asList("score = cnt.score + EXCLUDED.score"));
        ConfigSource in = embulk.generator(4, 1);
        embulk.run(in, out.deepCopy());
        embulk.run(in, out);
        // generator scores are id/2: 0, 0.5, 1, 1.5; applied twice
        assertEquals("[[0, 0], [1, 101], [2, 202], [3, 3]]",
                db.query("SELECT id, score FROM " + t("cnt") + " ORDER BY id").toString());
    }

    @Test
    public void mergeIntoAMissingTableCreatesItsKey() throws Exception {
        ConfigSource out = out("newm", "merge").set("merge_keys", Arrays.asList("id"));
        embulk.run(embulk.generator(5, 1), out.deepCopy());
        embulk.run(embulk.generator(5, 1), out);
        assertEquals(Arrays.asList(Arrays.asList("0", "4", "5", "5")), ids("newm"));
    }

    @Test
    public void mergeWithoutKeysOrPrimaryKeyFailsBeforeWriting() throws Exception {
        oldTable("nopk", "");
        try {
            embulk.run(embulk.generator(5, 1), out("nopk", "merge"));
            fail();
        } catch (Exception e) {
            assertTrue(rootMessage(e), rootMessage(e).contains("mode merge needs merge_keys"));
        }
        try {
            embulk.run(embulk.generator(5, 1), out("nopk", "merge").set("merge_keys", Arrays.asList("name")));
            fail();
        } catch (Exception e) {
            assertTrue(rootMessage(e), rootMessage(e).contains("needs a primary key or unique index"));
        }
        assertEquals(Arrays.asList(Arrays.asList("1000", "1004", "5", "5")), ids("nopk"));
        assertNoRunTables();
    }

    @Test
    public void mergeWithDuplicateKeysInTheInputFailsAtomically() throws Exception {
        oldTable("dup", ", PRIMARY KEY (id)");
        ConfigSource in = embulk.generator(5, 2);
        // both tasks of a second run produce ids 0..9 again; make one run carry a duplicate by running 2 inputs
        try {
            embulk.run(embulk.csv(writeCsv("1,a\n1,b\n"), "id:long", "name:string"), out("dup", "merge"));
            fail();
        } catch (Exception e) {
            assertTrue(rootMessage(e), rootMessage(e).contains("more than one row with the same merge_keys (id)"));
        }
        assertEquals(Arrays.asList(Arrays.asList("1000", "1004", "5", "5")), ids("dup"));
        assertNoRunTables();
        embulk.run(in, out("dup", "merge"));
        assertEquals(Arrays.asList(Arrays.asList("0", "1004", "15", "15")), ids("dup"));
    }

    @Test
    public void everyModeCreatesAMissingTableAsARegularTable() throws Exception {
        for (String mode : new String[] {"append", "truncate", "merge", "replace", "append_direct"}) {
            ConfigSource out = out("new_" + mode, mode).set("create_table_constraint", "UNIQUE (name)");
            if (mode.equals("merge")) {
                out.set("merge_keys", Arrays.asList("id")).remove("create_table_constraint");
            }
            embulk.run(embulk.generator(6, 2), out);
            assertEquals(mode, Arrays.asList(Arrays.asList("0", "11", "12", "12")), ids("new_" + mode));
            assertEquals(mode, "p", persistence("new_" + mode));
            assertEquals(mode, "[[new_" + mode + (mode.equals("merge") ? "_pkey" : "_name_key") + "]]",
                    db.query("SELECT indexname FROM pg_indexes WHERE schemaname = '" + db.schema()
                            + "' AND tablename = 'new_" + mode + "'").toString());
        }
        assertNoRunTables();
    }

    @Test
    public void appendDirectWritesStraightIntoTheTarget() throws Exception {
        oldTable("d", "");
        embulk.run(embulk.generator(25, 2), out("d", "append_direct"));
        embulk.run(embulk.generator(25, 2), out("d", "insert_direct"));
        assertEquals(Arrays.asList(Arrays.asList("0", "1004", "105", "55")), ids("d"));
        assertNoRunTables();
    }

    @Test
    public void beforeAndAfterLoadRunInsideTheFinalTransaction() throws Exception {
        oldTable("h", "");
        db.execute("CREATE TABLE " + t("audit") + " (what text, n bigint)");
        embulk.run(embulk.generator(7, 1), out("h", "truncate")
                .set("before_load", "INSERT INTO " + t("audit") + " SELECT 'before', count(*) FROM " + t("h"))
                .set("after_load", "INSERT INTO " + t("audit") + " SELECT 'after', count(*) FROM " + t("h")));
        assertEquals("[[before, 5], [after, 7]]",
                db.query("SELECT what, n FROM " + t("audit") + " ORDER BY n").toString());
    }

    @Test
    public void dryRunWritesNothing() throws Exception {
        embulk.run(embulk.generator(7, 1), out("dry", "append").set("dry_run", true));
        oldTable("dry2", "");
        embulk.run(embulk.generator(7, 1), out("dry2", "replace").set("dry_run", true));
        assertEquals(Arrays.asList("dry2"), db.tablesLike(""));
        assertEquals(Arrays.asList(Arrays.asList("1000", "1004", "5", "5")), ids("dry2"));
    }

    private String writeCsv(String content) throws Exception {
        java.nio.file.Path p = java.nio.file.Files.createTempFile("merge", ".csv");
        p.toFile().deleteOnExit();
        java.nio.file.Files.write(p, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return p.toString();
    }

    static String rootMessage(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = e; c != null; c = c.getCause()) {
            sb.append(c.getClass().getName()).append(": ").append(c.getMessage()).append(" | ");
        }
        return sb.toString();
    }
}
