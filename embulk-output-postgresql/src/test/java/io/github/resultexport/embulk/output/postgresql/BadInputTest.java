package io.github.resultexport.embulk.output.postgresql;

import io.github.resultexport.embulk.output.common.testing.LogCapture;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import org.embulk.config.ConfigSource;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Bad data and bad configuration fail clearly, before anything reaches the target, and never show the password. */
public class BadInputTest {
    private static final String SECRET = "Pw-9f3c2a-never-logged";

    @Rule
    public final PgTestDatabase db = new PgTestDatabase();
    @Rule
    public final EmbulkRunner embulk = new EmbulkRunner();
    @Rule
    public final LogCapture logs = new LogCapture();
    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private String csv(String... lines) throws Exception {
        Path p = tmp.newFile().toPath().resolveSibling("in-" + System.nanoTime() + ".csv");
        Files.write(p, Arrays.asList(lines), StandardCharsets.UTF_8);
        return p.toString();
    }

    private String t(String table) {
        return db.schema() + "." + table;
    }

    private static String everything(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    private String failure(ConfigSource in, ConfigSource out) {
        try {
            embulk.run(in, out);
        } catch (Exception e) {
            String text = everything(e);
            assertFalse("the password leaked into an exception:\n" + text, text.contains(SECRET));
            assertEquals("the password leaked into the log", Collections.emptyList(), logs.linesContaining(SECRET));
            return text;
        }
        fail("the run should have failed");
        return null;
    }

    @Test
    public void unconvertibleValueNamesColumnRowAndTypeAndChangesNothing() throws Exception {
        db.execute("CREATE TABLE " + t("orders") + " (id bigint, qty integer)",
                "INSERT INTO " + t("orders") + " VALUES (100, 1)");
        for (String mode : new String[] {"append", "truncate", "replace", "merge"}) {
            if (mode.equals("merge")) {
                db.execute("ALTER TABLE " + t("orders") + " ADD PRIMARY KEY (id)");
            }
            String text = failure(embulk.csv(csv("1,5", "2,6", "3,abc", "4,7"), "id:long", "qty:string"),
                    db.outputConfig(embulk, "orders").set("mode", mode).set("column_options",
                            mode.equals("replace")
                                    ? embulk.newConfig().set("qty", embulk.newConfig().set("type", "integer"))
                                    : embulk.newConfig()));
            assertTrue(mode + ": " + text, text.contains("org.embulk.spi.DataException"));
            assertTrue(mode + ": " + text, text.contains("column 'qty' (input type string, column type integer)"));
            assertTrue(mode + ": " + text, text.contains("row 3 of task 0"));
            assertTrue(mode + ": " + text, text.contains("invalid input syntax for type integer: \"abc\""));
            assertEquals(mode, "[[100, 1]]", db.query("SELECT id, qty FROM " + t("orders")).toString());
            assertEquals(mode, Collections.emptyList(), db.tablesLike("embulk_"));
        }
    }

    @Test
    public void textTooLongForVarcharAndNullIntoNotNullAreDataErrorsWithTheirRow() throws Exception {
        db.execute("CREATE TABLE " + t("names") + " (id bigint NOT NULL, code varchar(3))");
        String text = failure(embulk.csv(csv("1,abc", "2,abcd"), "id:long", "code:string"),
                db.outputConfig(embulk, "names"));
        assertTrue(text, text.contains("column 'code'") && text.contains("row 2 of task 0"));
        assertTrue(text, text.contains("value too long for type character varying(3)"));
        text = failure(embulk.csv(csv("1,abc", ",xyz"), "id:long", "code:string"),
                db.outputConfig(embulk, "names"));
        assertTrue(text, text.contains("org.embulk.spi.DataException"));
        assertTrue(text, text.contains("column 'id'") && text.contains("row 2 of task 0"));
        assertEquals("0", db.query("SELECT count(*) FROM " + t("names")).get(0).get(0));
    }

    @Test
    public void badOptionsAreConfigErrorsNamingTheOption() throws Exception {
        ConfigSource in = embulk.generator(3, 1);
        String text = failure(in, db.outputConfig(embulk, "x").set("mode", "upsert"));
        assertTrue(text, text.contains("Unknown mode 'upsert': use append, replace, truncate, merge or append_direct"));
        text = failure(in, db.outputConfig(embulk, "x").set("merge_keys", Arrays.asList("id")));
        assertTrue(text, text.contains("merge_keys is only used by mode merge"));
        text = failure(in, db.outputConfig(embulk, "x").set("column_options",
                embulk.newConfig().set("nosuch", embulk.newConfig().set("type", "text"))));
        assertTrue(text, text.contains("column_options names column 'nosuch'"));
        text = failure(in, db.outputConfig(embulk, "x").set("column_options",
                embulk.newConfig().set("id", embulk.newConfig().set("type", "nosuchtype"))));
        assertTrue(text, text.contains("column_options.id.type 'nosuchtype' is not a PostgreSQL type"));
        text = failure(in, db.outputConfig(embulk, "x").set("copy_format", "csv"));
        assertTrue(text, text.contains("copy_format must be auto or text, got 'csv'"));
        text = failure(in, db.outputConfig(embulk, "x").set("default_timezone", "Mars/Olympus"));
        assertTrue(text, text.contains("default_timezone"));
        db.execute("CREATE TABLE " + t("narrow") + " (id bigint)");
        text = failure(in, db.outputConfig(embulk, "narrow"));
        assertTrue(text, text.contains("table " + db.schema() + ".narrow has no column named [name, score, flag, ts,"
                + " doc]"));
        assertEquals(Arrays.asList("narrow"), db.tablesLike(""));
    }

    @Test
    public void malformedUrlAndUnreachableServerFailClearlyWithoutThePassword() throws Exception {
        ConfigSource in = embulk.generator(3, 1);
        String text = failure(in, embulk.newConfig().set("type", "postgresql")
                .set("url", "postgresql://postgres:" + SECRET + "@127.0.0.1:notaport/postgres/t"));
        assertTrue(text, text.contains("ConfigException"));
        assertTrue(text, text.contains("port"));
        text = failure(in, embulk.newConfig().set("type", "postgresql")
                .set("url", "postgresql://postgres:" + SECRET + "@127.0.0.1:1/postgres/t")
                .set("retry_limit", 1).set("retry_initial_interval_millis", 10));
        assertTrue(text, text.contains("Connection to 127.0.0.1:1 refused"));
        assertEquals("one retry (retry_limit 1) is logged", 1,
                logs.linesContaining("connect to postgres@127.0.0.1:1/postgres").size());
    }

    @Test
    public void urlInTheSeedFormLoadsAndConflictsAreReported() throws Exception {
        db.execute("CREATE TABLE " + t("viaurl") + " (id bigint)", "INSERT INTO " + t("viaurl") + " VALUES (42)");
        String url = "postgresql://" + db.user + ":" + db.password + "@" + db.host + ":" + db.port + "/" + db.database
                + "/viaurl?mode=replace&schema=" + db.schema();
        embulk.run(embulk.generator(4, 1), embulk.newConfig().set("type", "postgresql").set("url", url));
        assertEquals("[[0, 3, 4]]", db.query("SELECT min(id), max(id), count(*) FROM " + t("viaurl")).toString());
        String text = failure(embulk.generator(4, 1), embulk.newConfig().set("type", "postgresql").set("url", url)
                .set("mode", "append"));
        assertTrue(text, text.contains("option 'mode' is 'replace' in url but 'append' in the config"));
        assertEquals("[[0, 3, 4]]", db.query("SELECT min(id), max(id), count(*) FROM " + t("viaurl")).toString());
    }
}
