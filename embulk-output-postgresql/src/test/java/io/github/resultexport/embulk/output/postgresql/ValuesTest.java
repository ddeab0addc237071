package io.github.resultexport.embulk.output.postgresql;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.github.resultexport.embulk.output.common.testing.LogCapture;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.embulk.config.ConfigSource;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;

/**
 * Values reach PostgreSQL exactly: created column types, NULLs, escapes, extremes, time zones, conversions. Every
 * case runs with {@code copy_format: auto}, which writes binary COPY wherever the column types allow it, and with
 * {@code copy_format: text}: both must store the same values.
 */
@RunWith(Parameterized.class)
public class ValuesTest {
    @Parameterized.Parameters(name = "copy_format {0}")
    public static List<Object[]> formats() {
        return Arrays.asList(new Object[] {"auto"}, new Object[] {"text"});
    }

    @Parameterized.Parameter
    public String copyFormat;

    @Rule
    public final PgTestDatabase db = new PgTestDatabase();
    @Rule
    public final EmbulkRunner embulk = new EmbulkRunner();
    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();
    @Rule
    public final LogCapture logs = new LogCapture();

    private ConfigSource out(String table) {
        return db.outputConfig(embulk, table).set("copy_format", copyFormat);
    }

    /** The format the run wrote: binary under auto when every column's type allows it. */
    private void assertFormat(boolean binaryUnderAuto) {
        String expected = "COPY format: " + ("auto".equals(copyFormat) && binaryUnderAuto ? "binary" : "text");
        assertTrue(expected, !logs.linesContaining(expected).isEmpty());
    }

    private String csv(String... lines) throws Exception {
        Path p = tmp.newFile("in.csv").toPath();
        Files.write(p, Arrays.asList(lines), StandardCharsets.UTF_8);
        return p.toString();
    }

    @Test
    public void createsTableWithTheDocumentedTypes() throws Exception {
        String in = csv("1,a,1.5,true,2024-01-01 00:00:00 +0000,{}");
        embulk.run(embulk.csv(in, "l:long", "s:string", "d:double", "b:boolean", "t:timestamp:%Y-%m-%d %H:%M:%S %z",
                "j:json"), out("typed"));
        assertEquals("[[l, bigint], [s, text], [d, double precision], [b, boolean], [t, timestamp with time zone],"
                        + " [j, jsonb]]",
                db.query("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = '"
                        + db.schema() + "' AND table_name = 'typed' ORDER BY ordinal_position").toString());
        assertFormat(true);
    }

    @Test
    public void nullsEscapesUnicodeAndExtremes() throws Exception {
        StringBuilder longText = new StringBuilder();
        for (int i = 0; i < 20000; i++) {
            longText.append("long-").append(i % 10);
        }
        String in = csv(
                "1,,,,",
                "2,\"\",0.0,\"{\"\"a\"\": [1, \"\"x\"\"]}\",false",
                "3,\"tab\there \\\\ back\\slash \"\"quoted\"\" ; semi\",NaN,null,true",
                "4,\"line1\nline2\nline3\",Infinity,\"\"\"str\"\"\",",
                "5,日本語 ✓ 🎉 Ünïcödé,-Infinity,123,",
                "9223372036854775807,max,1.7976931348623157E308,[],",
                "-9223372036854775808,min,4.9E-324,{},",
                "7," + longText + ",-0.0,{},");
        embulk.run(embulk.csv(in, "id:long", "s:string", "d:double", "j:json", "b:boolean"),
                out("vals"));
        List<List<String>> rows = db.query("SELECT id::text, s IS NULL, s, d::text, j::text, b::text FROM "
                + db.schema() + ".vals ORDER BY id");
        assertEquals(8, rows.size());
        assertEquals(Arrays.asList("-9223372036854775808", "f", "min", "5e-324", "{}", null), rows.get(0));
        assertEquals(Arrays.asList("1", "t", null, null, null, null), rows.get(1));
        assertEquals(Arrays.asList("2", "f", "", "0", "{\"a\": [1, \"x\"]}", "false"), rows.get(2));
        assertEquals(Arrays.asList("3", "f", "tab\there \\\\ back\\slash \"quoted\" ; semi", "NaN", "null", "true"),
                rows.get(3));
        assertEquals(Arrays.asList("4", "f", "line1\nline2\nline3", "Infinity", "\"str\"", null), rows.get(4));
        assertEquals(Arrays.asList("5", "f", "日本語 ✓ 🎉 Ünïcödé", "-Infinity", "123", null), rows.get(5));
        assertEquals(Arrays.asList("7", "f", longText.toString(), "-0", "{}", null), rows.get(6));
        assertEquals(Arrays.asList("9223372036854775807", "f", "max", "1.7976931348623157e+308", "[]", null),
                rows.get(7));
        assertFormat(true);
    }

    @Test
    public void timestampsUnderDaylightSavingIntoEveryTimeType() throws Exception {
        db.execute("CREATE TABLE " + db.schema() + ".times (id bigint, tz timestamptz, local timestamp, d date,"
                + " txt text, fmt varchar(40))");
        String[] instants = {
            "2024-07-01 07:30:00.123456 +0000",  // PDT (UTC-7): 2024-07-01 00:30
            "2024-01-15 08:30:00.000000 +0000",  // PST (UTC-8): 2024-01-15 00:30
            "2024-07-01 03:00:00.000000 +0000",  // PDT: the previous day, 2024-06-30 20:00
            "2024-03-10 10:30:00.000000 +0000",  // after the spring-forward jump: 03:30 PDT
            "2024-11-03 09:30:00.000000 +0000"}; // after the fall-back: 01:30 PST
        String[] lines = new String[instants.length];
        for (int i = 0; i < instants.length; i++) {
            // one input timestamp per row, repeated into every time type of the existing table
            lines[i] = (i + 1) + "," + String.join(",", Collections.nCopies(5, instants[i]));
        }
        String in = csv(lines);
        ConfigSource out = out("times").set("default_timezone", "America/Los_Angeles")
                .set("column_options", embulk.newConfig()
                        .set("fmt", embulk.newConfig().set("format", "%Y/%m/%d %H:%M %Z").set("timezone", "Asia/Tokyo")));
        String f = "timestamp:%Y-%m-%d %H:%M:%S.%N %z";
        embulk.run(embulk.csv(in, "id:long", "tz:" + f, "local:" + f, "d:" + f, "txt:" + f, "fmt:" + f), out);
        assertEquals(Arrays.asList(
                Arrays.asList("1", "2024-07-01 07:30:00.123456+00", "2024-07-01 00:30:00.123456", "2024-07-01",
                        "2024-07-01 00:30:00.123456 -0700", "2024/07/01 16:30 JST"),
                Arrays.asList("2", "2024-01-15 08:30:00+00", "2024-01-15 00:30:00", "2024-01-15",
                        "2024-01-15 00:30:00.000000 -0800", "2024/01/15 17:30 JST"),
                Arrays.asList("3", "2024-07-01 03:00:00+00", "2024-06-30 20:00:00", "2024-06-30",
                        "2024-06-30 20:00:00.000000 -0700", "2024/07/01 12:00 JST"),
                Arrays.asList("4", "2024-03-10 10:30:00+00", "2024-03-10 03:30:00", "2024-03-10",
                        "2024-03-10 03:30:00.000000 -0700", "2024/03/10 19:30 JST"),
                Arrays.asList("5", "2024-11-03 09:30:00+00", "2024-11-03 01:30:00", "2024-11-03",
                        "2024-11-03 01:30:00.000000 -0800", "2024/11/03 18:30 JST")),
                db.query("SELECT id::text, tz::text, local::text, d::text, txt, fmt FROM "
                        + db.schema() + ".times ORDER BY id"));
        assertFormat(true);
    }

    @Test
    public void stringsConvertIntoExistingColumnTypes() throws Exception {
        db.execute("CREATE TABLE " + db.schema() + ".conv (n numeric(12,2), d date, u uuid, v varchar(10),"
                + " a text[], i integer, js json, b boolean, extra text DEFAULT 'kept')");
        String in = csv(
                "12.345,2024-02-29,a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11,short,\"{x,\"\"y z\"\"}\",42,\"{\"\"k\"\":1}\",1",
                ",,,,,,,");
        embulk.run(embulk.csv(in, "n:string", "d:string", "u:string", "v:string", "a:string", "i:string",
                "js:string", "b:long"), out("conv"));
        assertEquals(Arrays.asList(
                Arrays.asList("12.35", "2024-02-29", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "short", "{x,\"y z\"}",
                        "42", "{\"k\":1}", "true", "kept"),
                Arrays.asList(null, null, null, null, null, null, null, null, "kept")),
                db.query("SELECT n::text, d::text, u::text, v, a::text, i::text, js::text, b::text, extra FROM "
                        + db.schema() + ".conv ORDER BY n NULLS LAST"));
        assertFormat(false);
    }

    /**
     * Sub-microsecond fractions are rounded as the server rounds the text (to even on a half), before 1970 too and
     * across a year; zones with a half-hour offset; numbers, booleans and JSON into text columns; a long into double
     * precision; text into char, json and jsonb.
     */
    @Test
    public void fractionsOffsetsAndConversionsIntoTextJsonAndFloat() throws Exception {
        db.execute("CREATE TABLE " + db.schema() + ".edges (id bigint, tz timestamptz, local timestamp, d date,"
                + " f float8, c char(6), js json, jb jsonb, bt text, lt varchar(30), dt text, jt text)");
        String[] instants = {
            "2024-01-01 00:00:00.000000500 +0000",
            "2024-01-01 00:00:00.000001500 +0000",
            "2024-01-01 00:00:00.000002500 +0000",
            "2024-12-31 23:59:59.999999500 +0000",
            "1969-12-31 23:59:59.123456789 +0000",
            "1900-03-01 12:00:00.000000001 +0000"};
        String[] lines = new String[instants.length];
        for (int i = 0; i < instants.length; i++) {
            lines[i] = (i + 1) + "," + String.join(",", Collections.nCopies(3, instants[i]))
                    + ",9007199254740993,ab,\"{\"\"b\"\": 1,  \"\"a\"\":2}\",\"{\"\"b\"\": 1,  \"\"a\"\":2}\","
                    + (i % 2 == 0) + "," + (-42 * i) + ",1.0E-7,\"[1,\"\"x\"\"]\"";
        }
        String f = "timestamp:%Y-%m-%d %H:%M:%S.%N %z";
        embulk.run(embulk.csv(csv(lines), "id:long", "tz:" + f, "local:" + f, "d:" + f, "f:long", "c:string",
                "js:string", "jb:string", "bt:boolean", "lt:long", "dt:double", "jt:json"),
                out("edges").set("default_timezone", "Asia/Kolkata"));
        // 1: half a microsecond rounds to even (0); 2: 1.5 µs to 2; 3: 2.5 µs to 2; 4: into the next year;
        // 5: before 1970; 6: Kolkata's local mean time in 1900, +05:21:10
        assertEquals(Arrays.asList(
                row("1", "2024-01-01 00:00:00+00", "2024-01-01 05:30:00", "2024-01-01", "true", "0"),
                row("2", "2024-01-01 00:00:00.000002+00", "2024-01-01 05:30:00.000002", "2024-01-01", "false",
                        "-42"),
                row("3", "2024-01-01 00:00:00.000002+00", "2024-01-01 05:30:00.000002", "2024-01-01", "true",
                        "-84"),
                row("4", "2025-01-01 00:00:00+00", "2025-01-01 05:30:00", "2025-01-01", "false", "-126"),
                row("5", "1969-12-31 23:59:59.123457+00", "1970-01-01 05:29:59.123457", "1970-01-01", "true",
                        "-168"),
                row("6", "1900-03-01 12:00:00+00", "1900-03-01 17:21:10", "1900-03-01", "false", "-210")),
                db.query("SELECT id::text, tz::text, local::text, d::text, f::text, '[' || c || ']', js::text,"
                        + " jb::text, bt, lt, dt, jt FROM " + db.schema() + ".edges ORDER BY id"));
        assertFormat(true);
    }

    /** Beyond PostgreSQL's range (and not its infinity): a data error naming the column and the row, nothing written. */
    @Test
    public void timestampsBeyondTheRangeAreDataErrorsNamingColumnAndRow() throws Exception {
        db.execute("CREATE TABLE " + db.schema() + ".far (id bigint, tz timestamptz, d date)");
        String f = "timestamp:%Y-%m-%d %z";
        for (String[] column : new String[][] {{"tz", "300000-01-01 +0000"}, {"d", "9999999-01-01 +0000"}}) {
            String farAway = "tz".equals(column[0]) ? column[1] + ",2024-01-01 +0000" : "2024-01-01 +0000," + column[1];
            try {
                embulk.run(embulk.csv(csv("1,2024-01-01 +0000,2024-01-01 +0000", "2," + farAway), "id:long", "tz:" + f,
                        "d:" + f), out("far"));
                fail("a value beyond the range must fail the run");
            } catch (Exception e) {
                StringBuilder text = new StringBuilder();
                for (Throwable t = e; t != null; t = t.getCause()) {
                    text.append(t).append('\n');
                }
                assertTrue(text.toString(), text.toString().contains("out of range"));
                assertTrue(text.toString(), text.toString().contains("column '" + column[0] + "'")
                        && text.toString().contains("row 2 of task 0"));
            }
            tmp.delete();
            tmp.create();
        }
        assertEquals("0", db.query("SELECT count(*) FROM " + db.schema() + ".far").get(0).get(0));
        assertFormat(true);
    }

    private static List<String> row(String id, String tz, String local, String date, String bool, String number) {
        return Arrays.asList(id, tz, local, date, "9.007199254740992e+15", "[ab]", "{\"b\": 1,  \"a\":2}",
                "{\"a\": 2, \"b\": 1}", bool, number, "1.0E-7", "[1,\"x\"]");
    }
}
