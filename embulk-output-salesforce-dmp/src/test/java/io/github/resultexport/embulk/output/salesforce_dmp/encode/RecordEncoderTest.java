package io.github.resultexport.embulk.output.salesforce_dmp.encode;

import static io.github.resultexport.embulk.output.common.testing.TestConfigs.schema;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.embulk.spi.Exec;
import org.embulk.spi.Page;
import org.embulk.spi.PageReader;
import org.embulk.spi.Schema;
import org.embulk.spi.json.JsonArray;
import org.embulk.spi.json.JsonBoolean;
import org.embulk.spi.json.JsonLong;
import org.embulk.spi.json.JsonNull;
import org.embulk.spi.json.JsonObject;
import org.embulk.spi.json.JsonString;
import org.embulk.spi.type.Types;
import org.embulk.test.EmbulkTestRuntime;
import org.embulk.test.PageTestUtils;
import org.junit.Rule;
import org.junit.Test;

/** The import format, case by case: one record in, the exact line (or the reason it cannot be written) out. */
public class RecordEncoderTest {
    private static final Schema SCHEMA = schema("user_id", Types.STRING, "td_segment", Types.STRING,
            "email", Types.STRING, "visits", Types.LONG, "score", Types.DOUBLE, "active", Types.BOOLEAN,
            "last_seen", Types.TIMESTAMP, "profile", Types.JSON, "note", Types.STRING);
    private static final Instant T = Instant.parse("2024-03-10T09:30:00Z");

    @Rule
    public EmbulkTestRuntime runtime = new EmbulkTestRuntime();

    @Test
    public void linesOfTheFormat() {
        String v254 = repeat("é", 254);
        String segments = String.join(",", Collections.nCopies(30, "segment-1"));
        Object[][] cases = {
            // every type, attributes in column order, the segment list last
            {row("u1", "seg1,seg2", "a@example.com", 42L, 2.5, true, T,
                    JsonObject.of("a", JsonLong.of(1), "b", JsonArray.of(JsonBoolean.TRUE, JsonNull.NULL)), "hello"),
                "u1^email:a@example.com;visits:42;score:2.5;active:true;last_seen:2024-03-10T09:30:00Z;"
                        + "profile:{\"a\":1,\"b\":[true,null]};note:hello;segment:seg1,seg2"},
            // nulls are left out
            {row("u2", "s", null, null, null, null, null, null, null), "u2^segment:s"},
            // empty values are left out, the segment list too
            {row("u3", "", "", 7L, null, null, null, null, ""), "u3^visits:7"},
            // no attribute at all
            {row("u4", null, null, null, null, null, null, null, null), "u4^"},
            // numbers, booleans and timestamps as text; timestamps ISO-8601 in UTC with their fraction
            {row("u5", null, null, -5L, 1e20, false, Instant.parse("2024-03-10T23:59:59.123456Z"), null, null),
                "u5^visits:-5;score:1.0E20;active:false;last_seen:2024-03-10T23:59:59.123456Z"},
            // json as its text, colons and commas included
            {row("u6", null, null, null, null, null, null, JsonString.of("x:y,z"), null), "u6^profile:\"x:y,z\""},
            // unicode, in the user id and in values
            {row("ユーザー7", "déjà-vu", "zoë@example.com", null, null, null, null, null, "日本語 🎉 Zoë"),
                "ユーザー7^email:zoë@example.com;note:日本語 🎉 Zoë;segment:déjà-vu"},
            // a value of 254 characters (two bytes each) is written
            {row("u8", null, null, null, null, null, null, null, v254), "u8^note:" + v254},
            // a long segment list: each value of it is measured alone
            {row("u9", segments, null, null, null, null, null, null, null), "u9^segment:" + segments},
        };
        for (Object[] c : cases) {
            assertEquals(Arrays.toString((Object[]) c[0]), c[1] + "\n", encode((Object[]) c[0]));
        }
    }

    @Test
    public void recordsTheFormatCannotHold() {
        Object[][] cases = {
            {row(null, "s", null, null, null, null, null, null, null), "user_id", "is null"},
            {row("", "s", null, null, null, null, null, null, null), "user_id", "is empty"},
            {row("u;1", "s", null, null, null, null, null, null, null), "user_id", "contains ';'"},
            {row("u1", "s", "a^b", null, null, null, null, null, null), "email", "contains '^'"},
            {row("u1", "s", "a;b", null, null, null, null, null, null), "email", "contains ';'"},
            {row("u1", "s", null, null, null, null, null, null, "two\nlines"), "note", "line break"},
            {row("u1", "s", null, null, null, null, null, null, "carriage\rreturn"), "note", "line break"},
            {row("u1", "s", null, null, null, null, null, null, repeat("x", 255)), "note", "255 characters"},
            {row("u1", "ok," + repeat("s", 255), null, null, null, null, null, null, null), "td_segment",
                "255 characters"},
            {row("u1", null, null, null, null, null, null, JsonObject.of("k", JsonString.of("a;b")), null),
                "profile", "contains ';'"},
            {row("u1", null, null, null, null, null, null, null, "half \uD800 pair"), "note", "not valid Unicode"},
        };
        for (Object[] c : cases) {
            InvalidValue invalid = invalid((Object[]) c[0]);
            assertNotNull(Arrays.toString((Object[]) c[0]), invalid);
            assertEquals(c[1], invalid.column());
            assertTrue(invalid.problem(), invalid.problem().contains((String) c[2]));
        }
    }

    @Test
    public void anInvalidRecordLeavesNothingBehind() {
        LineBuffer out = new LineBuffer(16);
        List<Object[]> rows = Arrays.asList(row("u1", "s", null, null, null, null, null, null, null),
                row("u2", "s", "fine", 1L, null, null, null, null, "bad;"),
                row("u3", "s", null, null, null, null, null, null, null));
        List<InvalidValue> results = encodeAll(out, rows);

        assertNull(results.get(0));
        assertEquals("note", results.get(1).column());
        assertNull(results.get(2));
        assertEquals("u1^segment:s\nu3^segment:s\n", new String(out.array(), 0, out.size(), StandardCharsets.UTF_8));
    }

    private static Object[] row(Object... values) {
        return values;
    }

    private String encode(Object[] row) {
        LineBuffer out = new LineBuffer(16);
        InvalidValue invalid = encodeAll(out, Collections.singletonList(row)).get(0);
        if (invalid != null) {
            throw new AssertionError(Arrays.toString(row) + ": " + invalid);
        }
        return new String(out.array(), 0, out.size(), StandardCharsets.UTF_8);
    }

    private InvalidValue invalid(Object[] row) {
        LineBuffer out = new LineBuffer(16);
        InvalidValue invalid = encodeAll(out, Collections.singletonList(row)).get(0);
        assertEquals("nothing written for an invalid record", 0, out.size());
        return invalid;
    }

    private List<InvalidValue> encodeAll(LineBuffer out, List<Object[]> rows) {
        List<Object> values = new ArrayList<>();
        for (Object[] r : rows) {
            values.addAll(Arrays.asList(r));
        }
        RecordEncoder encoder = RecordEncoder.of(SCHEMA);
        List<InvalidValue> results = new ArrayList<>();
        for (Page page : PageTestUtils.buildPage(runtime.getBufferAllocator(), SCHEMA, values.toArray())) {
            try (PageReader reader = Exec.getPageReader(SCHEMA)) {
                reader.setPage(page);
                while (reader.nextRecord()) {
                    results.add(encoder.encode(reader, out));
                }
            }
        }
        return results;
    }

    private static String repeat(String s, int n) {
        return String.join("", Collections.nCopies(n, s));
    }
}
