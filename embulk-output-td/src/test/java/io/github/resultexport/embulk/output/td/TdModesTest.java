package io.github.resultexport.embulk.output.td;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.github.resultexport.embulk.output.td.fake.Column;
import io.github.resultexport.embulk.output.td.fake.FakeTreasureData;
import io.github.resultexport.embulk.output.td.fake.KeyRole;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.embulk.config.ConfigSource;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/** append, replace and truncate against the fake: exact rows, types and schema, for every time rule. */
public class TdModesTest {
    @Rule
    public final TdEmbulk embulk = new TdEmbulk();

    private FakeTreasureData td;
    private String master;

    @Before
    public void startFake() throws Exception {
        td = FakeTreasureData.start();
        master = td.addKey(KeyRole.MASTER);
    }

    @After
    public void stopFake() {
        td.close();
    }

    private static final List<String> ALL_TYPES = List.of("id:long", "name:string", "score:double", "flag:boolean",
            "at:timestamp:%Y-%m-%d %H:%M:%S %z", "doc:json");

    private ConfigSource allTypes() throws Exception {
        return embulk.csv(ALL_TYPES,
                "1,alpha,1.5,true,2024-03-01 10:00:00 +0000,\"{\"\"k\"\":[1,2]}\"",
                "2,\"false\",-0.25,false,2024-03-01 10:00:01 +0900,\"[\"\"x\"\"]\"",
                "3,日本語 ✓,,,,",
                "4,\"\",0.0,true,1970-01-01 00:00:00 +0000,null");
    }

    @Test
    public void appendCreatesTheTableWithEveryTypeAndNull() throws Exception {
        embulk.run(allTypes(), embulk.out(td, master, "db_modes", "events").set("time_value", 1700000000));

        assertEquals(List.of(
                List.of("id", "long"), List.of("name", "string"), List.of("score", "double"),
                List.of("flag", "long"), List.of("at", "string"), List.of("doc", "string")),
                td.state().schema("db_modes", "events"));
        List<Map<String, Object>> rows = sorted(td.state().rows("db_modes", "events"));
        assertEquals(4, rows.size());
        assertEquals(row(1700000000L, 1L, "alpha", 1.5, true, "2024-03-01 10:00:00.000", "{\"k\":[1,2]}"),
                rows.get(0));
        assertEquals(row(1700000000L, 2L, "false", -0.25, false, "2024-03-01 01:00:01.000", "[\"x\"]"),
                rows.get(1));
        assertEquals(row(1700000000L, 3L, "日本語 ✓", null, null, null, null), rows.get(2));
        assertEquals(row(1700000000L, 4L, "", 0.0, true, "1970-01-01 00:00:00.000", "null"), rows.get(3));
        assertNothingLeft("db_modes");
    }

    @Test
    public void replaceMakesTheTableTheInputWithItsSchemaOnly() throws Exception {
        seedOldTable("db_modes", "events");

        embulk.run(allTypes(), embulk.out(td, master, "db_modes", "events").set("mode", "replace")
                .set("time_value", 1700000000));

        assertEquals(List.of("id", "name", "score", "flag", "at", "doc"), columnNames("db_modes", "events"));
        assertEquals(List.of(1L, 2L, 3L, 4L), ids(td.state().rows("db_modes", "events")));
        assertNothingLeft("db_modes");
    }

    @Test
    public void truncateKeepsTheExistingColumnsAndAddsNewOnes() throws Exception {
        seedOldTable("db_modes", "events");

        embulk.run(allTypes(), embulk.out(td, master, "db_modes", "events").set("mode", "truncate")
                .set("time_value", 1700000000));

        assertEquals(List.of("legacy", "id", "name", "score", "flag", "at", "doc"),
                columnNames("db_modes", "events"));
        List<Map<String, Object>> rows = sorted(td.state().rows("db_modes", "events"));
        assertEquals(List.of(1L, 2L, 3L, 4L), ids(rows));
        assertFalse("old rows are gone", rows.stream().anyMatch(r -> r.containsKey("legacy")));
        assertNothingLeft("db_modes");
    }

    @Test
    public void appendAddsOnlyTheMissingColumnsAndKeepsTheRows() throws Exception {
        td.state().createDatabase("db_modes");
        td.state().createTable("db_modes", "events", List.of(List.of("id", "long"), List.of("legacy", "string")));
        td.state().insertRows("db_modes", "events", List.of(Map.of("time", 1L, "id", 100L, "legacy", "kept")));

        embulk.run(allTypes(), embulk.out(td, master, "db_modes", "events").set("time_value", 1700000000));

        assertEquals(List.of("id", "legacy", "name", "score", "flag", "at", "doc"),
                columnNames("db_modes", "events"));
        assertEquals(List.of(1L, 2L, 3L, 4L, 100L), ids(td.state().rows("db_modes", "events")));
    }

    @Test
    public void timeColumnOfLongsInEveryUnit() throws Exception {
        String[][] cases = {{"sec", "1700000000"}, {"milli", "1700000000123"}, {"micro", "1700000000123456"},
                {"nano", "1700000000123456789"}};
        for (String[] c : cases) {
            String table = "t_" + c[0];
            embulk.run(embulk.csv(List.of("id:long", "created:long"), "1," + c[1]),
                    embulk.out(td, master, "db_time", table).set("time_column", "created")
                            .set("unix_timestamp_unit", c[0]));
            Map<String, Object> row = td.state().rows("db_time", table).get(0);
            assertEquals(c[0], 1700000000L, row.get("time"));
            assertEquals("the time column stays a column too", Long.parseLong(c[1]), row.get("created"));
        }
    }

    @Test
    public void timeColumnOfTimestampsAndTimestampsAsUnixSeconds() throws Exception {
        embulk.run(embulk.csv(List.of("id:long", "created:timestamp:%Y-%m-%d %H:%M:%S %z", "seen:timestamp:%s"),
                        "1,2024-03-01 09:00:00 +0900,1700000000"),
                embulk.out(td, master, "db_time", "by_ts").set("time_column", "created")
                        .set("default_timestamp_type_convert_to", "sec"));

        Map<String, Object> row = td.state().rows("db_time", "by_ts").get(0);
        assertEquals(1709251200L, row.get("time"));
        assertEquals(1709251200L, row.get("created"));
        assertEquals(1700000000L, row.get("seen"));
        assertEquals(List.of(List.of("id", "long"), List.of("created", "long"), List.of("seen", "long")),
                td.state().schema("db_time", "by_ts"));
    }

    @Test
    public void aColumnNamedTimeIsTheTimeAndNotAColumn() throws Exception {
        embulk.run(embulk.csv(List.of("time:long", "v2:string"), "1600000000,a", "1600000001,b"),
                embulk.out(td, master, "db_time", "own_time"));

        assertEquals(List.of(List.of("v2", "string")), td.state().schema("db_time", "own_time"));
        assertEquals(List.of(1600000000L, 1600000001L), td.state().rows("db_time", "own_time").stream()
                .map(r -> r.get("time")).sorted().collect(Collectors.toList()));
    }

    @Test
    public void incrementalTimeValueCountsUpAndWraps() throws Exception {
        embulk.run(embulk.csv(List.of("id:long"), "1", "2", "3", "4", "5"),
                embulk.out(td, master, "db_time", "incr").set("time_value",
                        Map.of("mode", "incremental_time", "from", 100, "to", 102)),
                embulk.singleTask());

        assertEquals(List.of(100L, 101L, 102L, 100L, 101L), sorted(td.state().rows("db_time", "incr")).stream()
                .map(r -> r.get("time")).collect(Collectors.toList()));
    }

    @Test
    public void withoutAnyTimeRuleRecordsGetTheRunsStartTime() throws Exception {
        long before = System.currentTimeMillis() / 1000;
        embulk.run(embulk.csv(List.of("id:long"), "1", "2"), embulk.out(td, master, "db_time", "upload_time"));
        long after = System.currentTimeMillis() / 1000;

        for (Map<String, Object> row : td.state().rows("db_time", "upload_time")) {
            long t = (Long) row.get("time");
            assertTrue(t + " within the run", t >= before - 1 && t <= after);
        }
    }

    @Test
    public void columnOptionsChooseTypeAndEncoding() throws Exception {
        embulk.run(embulk.csv(List.of("id:long", "n:string", "tags:string", "at:timestamp:%Y-%m-%d %H:%M:%S %z"),
                        "1,42,\"[\"\"a\"\",\"\"b\"\"]\",2024-03-01 00:00:00 +0000"),
                embulk.out(td, master, "db_opts", "typed").set("column_options", Map.of(
                        "n", Map.of("type", "long"),
                        "tags", Map.of("type", "array<string>"),
                        "at", Map.of("timezone", "Asia/Tokyo", "format", "%Y/%m/%d %H:%M"))));

        assertEquals(List.of(List.of("id", "long"), List.of("n", "long"), List.of("tags", "array<string>"),
                List.of("at", "string")), td.state().schema("db_opts", "typed"));
        Map<String, Object> row = td.state().rows("db_opts", "typed").get(0);
        assertEquals(42L, row.get("n"));
        assertEquals(List.of("a", "b"), row.get("tags"));
        assertEquals("2024/03/01 09:00", row.get("at"));
    }

    @Test
    public void inputNamesStayTheKeysAndBecomeValidColumnNames() throws Exception {
        embulk.run(embulk.csv(List.of("UserName:string", "visit-count:long"), "Ann,3"),
                embulk.out(td, master, "db_names", "people").set("mode", "replace"));

        assertEquals(List.of(new Column("UserName", "string", "username"),
                new Column("visit-count", "long", "visit_count")), td.state().columns("db_names", "people"));
        assertEquals(List.of(Map.of("UserName", "Ann", "visit-count", 3L)), td.state().rows("db_names", "people")
                .stream().map(r -> { Map<String, Object> m = new LinkedHashMap<>(r); m.remove("time"); return m; })
                .collect(Collectors.toList()));
    }

    @Test
    public void replaceIntoAHundredCharacterTableName() throws Exception {
        String table = "t" + "x".repeat(99);
        seedOldTable("db_long", table);

        embulk.run(embulk.csv(List.of("id:long"), "7"), embulk.out(td, master, "db_long", table)
                .set("mode", "replace"));

        assertEquals(List.of(7L), ids(td.state().rows("db_long", table)));
        for (String t : td.state().tables("db_long")) {
            assertTrue(t + " is at most 128 characters", t.length() <= 128);
        }
        assertNothingLeft("db_long");
    }

    private void seedOldTable(String database, String table) {
        if (!td.state().databases().contains(database)) {
            td.state().createDatabase(database);
        }
        td.state().createTable(database, table, List.of(List.of("legacy", "string")));
        td.state().insertRows(database, table, List.of(Map.of("time", 1L, "legacy", "old row")));
    }

    private List<String> columnNames(String database, String table) {
        return td.state().schema(database, table).stream().map(c -> c.get(0)).collect(Collectors.toList());
    }

    static List<Long> ids(List<Map<String, Object>> rows) {
        return rows.stream().map(r -> ((Number) r.get("id")).longValue()).sorted().collect(Collectors.toList());
    }

    private void assertNothingLeft(String database) {
        assertEquals("sessions left", List.of(), td.state().sessions());
        assertTrue("temporary tables left: " + td.state().tables(database),
                td.state().tables(database).stream().noneMatch(t -> t.contains("_embulk_")));
    }

    static Map<String, Object> row(long time, Object... values) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("time", time);
        String[] names = {"id", "name", "score", "flag", "at", "doc"};
        for (int i = 0; i < values.length; i++) {
            row.put(names[i], values[i]);
        }
        return row;
    }

    static List<Map<String, Object>> sorted(List<Map<String, Object>> rows) {
        return rows.stream().sorted(Comparator.comparing(r -> ((Number) r.get("id")).longValue()))
                .collect(Collectors.toList());
    }
}
