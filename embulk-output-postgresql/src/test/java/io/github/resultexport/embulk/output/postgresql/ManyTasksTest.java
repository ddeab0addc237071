package io.github.resultexport.embulk.output.postgresql;

import io.github.resultexport.embulk.output.common.testing.LogCapture;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.assertGeneratedRows;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.runTables;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.embulk.config.ConfigSource;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Many tasks, one run: all of them COPY into a single staging table (polled during the run: never more than one
 * {@code embulk_stg_} table), none is left afterwards, and every row is there once.
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
        long perTask = 15_000;
        StagingWatcher watcher = new StagingWatcher();
        try {
            embulk.run(embulk.generator(perTask, 4).set("sleep_millis_per_page", 20),
                    db.outputConfig(embulk, "t").set("mode", "append").set("batch_size", 64 * 1024),
                    embulk.newConfig().set("min_output_tasks", 4));
        } finally {
            watcher.stop();
        }
        assertOneStagingTableThroughout(watcher, 4);
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
        StagingWatcher watcher = new StagingWatcher();
        try {
            embulk.run(in, db.outputConfig(embulk, "t").set("mode", "truncate").set("batch_size", 4 * 1024));
        } finally {
            watcher.stop();
        }
        assertOneStagingTableThroughout(watcher, files);
        long n = (long) files * perFile;
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

    private void assertOneStagingTableThroughout(StagingWatcher watcher, int tasks) throws Exception {
        assertEquals("errors of the watcher", Collections.emptyList(), watcher.errors);
        assertFalse("the watcher saw the staging table during the run (polls: " + watcher.polls + ")",
                watcher.seen.isEmpty());
        assertEquals("most staging tables at once during the run", 1, watcher.maxAtOnce);
        assertEquals("distinct staging tables during the run: " + watcher.seen, 1, watcher.seen.size());
        assertEquals("staging/new tables after the run", Collections.emptyList(), runTables(db));
        List<String> started = logs.linesContaining(tasks + " task(s)");
        assertEquals("the run's start line with " + tasks + " tasks", 1, started.size());
    }

    /** Lists the test schema's staging tables every 5 ms on its own thread. */
    private final class StagingWatcher {
        private final Thread thread;
        private final List<String> seen = Collections.synchronizedList(new ArrayList<>());
        private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        private volatile int maxAtOnce;
        private volatile long polls;
        private volatile boolean stop;

        StagingWatcher() {
            thread = new Thread(this::loop, "staging-watcher");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!stop && System.nanoTime() < deadline) {
                try {
                    List<String> now = db.tablesLike("embulk_stg_");
                    maxAtOnce = Math.max(maxAtOnce, now.size());
                    for (String t : now) {
                        if (!seen.contains(t)) {
                            seen.add(t);
                        }
                    }
                    polls++;
                    Thread.sleep(5);
                } catch (Exception e) {
                    errors.add(e.toString());
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            stop = true;
            thread.join(30_000);
        }
    }
}
