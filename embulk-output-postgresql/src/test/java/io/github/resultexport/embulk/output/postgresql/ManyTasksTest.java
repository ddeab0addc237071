package io.github.resultexport.embulk.output.postgresql;

import io.github.resultexport.embulk.output.common.testing.LogCapture;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.assertGeneratedRows;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.runTables;
import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.embulk.config.ConfigSource;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Many tasks, one run: all of them COPY into a single staging table (listed by {@code before_load} inside the final
 * transaction, once every task has finished: exactly one {@code embulk_stg_} table holding every row), none is left
 * afterwards, and every row is there once.
 */
public class ManyTasksTest {
    @Rule
    public final PgTestDatabase db = new PgTestDatabase();
    @Rule
    public final EmbulkRunner embulk = new EmbulkRunner();
    @Rule
    public final LogCapture logs = new LogCapture();
    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void fourGeneratorTasks() throws Exception {
        FaultKit.createTarget(db, "t", false);
        long perTask = 15_000;
        embulk.run(embulk.generator(perTask, 4),
                recordingStagingTables(db.outputConfig(embulk, "t").set("mode", "append").set("batch_size", 64 * 1024)),
                embulk.newConfig().set("min_output_tasks", 4));
        assertOneStagingTable(4, 4 * perTask, "u {autovacuum_enabled=false}");
        assertGeneratedRows(db, "t", 0, 4 * perTask);
        assertEquals(4 * perTask, db.count("t"));
    }

    /** A CSV file input of 8 files matched by one path_prefix: 8 input tasks, 8 output tasks, one staging table. */
    @Test
    public void csvFilesInput() throws Exception {
        int files = 8;
        int perFile = 5_000;
        Path dir = folder.newFolder("csv").toPath();
        for (int f = 0; f < files; f++) {
            writeCsv(dir.resolve("part_" + f + ".csv"), f * perFile, perFile);
        }
        Files.write(dir.resolve("other.csv"), "id,name\n-1,not matched\n".getBytes(StandardCharsets.UTF_8));
        List<ConfigSource> columns = new ArrayList<>();
        columns.add(embulk.newConfig().set("name", "id").set("type", "long"));
        columns.add(embulk.newConfig().set("name", "name").set("type", "string"));
        ConfigSource in = embulk.newConfig()
                .set("type", "file")
                .set("path_prefix", dir.resolve("part_").toString())
                .set("parser", embulk.newConfig()
                        .set("type", "csv")
                        .set("skip_header_lines", 1)
                        .set("columns", columns));
        long n = (long) files * perFile;
        embulk.run(in, recordingStagingTables(
                db.outputConfig(embulk, "t").set("mode", "truncate").set("batch_size", 4 * 1024)));
        assertOneStagingTable(files, n, "p {}");
        assertEquals("[[" + n + ", " + n + ", 0, " + (n - 1) + ", " + (n - 1) * n / 2 + ", " + n + "]]",
                db.query("SELECT count(*), count(DISTINCT id), min(id), max(id), sum(id),"
                        + " count(*) FILTER (WHERE name = 'row ' || id || ', \"quoted\"') FROM " + db.schema()
                        + ".t").toString());
    }

    private static void writeCsv(Path file, long first, int rows) throws IOException {
        StringBuilder sb = new StringBuilder("id,name\n");
        for (long id = first; id < first + rows; id++) {
            sb.append(id).append(",\"row ").append(id).append(", \"\"quoted\"\"\"\n");
        }
        Files.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code before_load} runs in the final transaction after every task finished: it records each staging table of
     * the run with the rows in it.
     */
    private ConfigSource recordingStagingTables(ConfigSource out) {
        String schema = db.schema();
        return out.set("before_load", "CREATE TABLE " + schema + ".staging_seen AS SELECT tablename,"
                + " (xpath('/row/n/text()', query_to_xml('SELECT count(*) AS n FROM ' || quote_ident(schemaname)"
                + " || '.' || quote_ident(tablename), false, true, '')))[1]::text::bigint AS n,"
                + " (SELECT c.relpersistence::text || ' ' || coalesce(c.reloptions::text, '{}') FROM pg_class c"
                + " WHERE c.oid = (quote_ident(schemaname) || '.' || quote_ident(tablename))::regclass) AS options"
                + " FROM pg_tables WHERE schemaname = '" + schema + "' AND tablename LIKE 'embulk\\_stg\\_%'");
    }

    /**
     * @param options {@code pg_class.relpersistence} and {@code reloptions}: an UNLOGGED staging table is never
     *                autovacuumed (it lives for one run); a created table, which becomes the target, is logged and keeps
     *                the defaults
     */
    private void assertOneStagingTable(int tasks, long rows, String options) throws Exception {
        List<List<String>> seen = db.query("SELECT tablename, n, options FROM " + db.schema() + ".staging_seen");
        assertEquals("staging tables when the final transaction began (name, rows): " + seen, 1, seen.size());
        assertEquals("rows in the one staging table", Long.toString(rows), seen.get(0).get(1));
        assertEquals("persistence and options of the staging table", options, seen.get(0).get(2));
        assertEquals("staging/new tables after the run", Collections.emptyList(), runTables(db));
        List<String> started = logs.linesContaining(tasks + " task(s)");
        assertEquals("the run's start line with " + tasks + " tasks", 1, started.size());
    }
}
