package io.github.resultexport.embulk.output.common.testing;


import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.embulk.config.ConfigDiff;
import org.embulk.config.ConfigSource;
import org.embulk.config.TaskReport;
import org.embulk.config.TaskSource;
import org.embulk.spi.Exec;
import org.embulk.spi.InputPlugin;
import org.embulk.spi.PageBuilder;
import org.embulk.spi.PageOutput;
import org.embulk.spi.Schema;
import org.embulk.spi.json.JsonLong;
import org.embulk.spi.json.JsonObject;
import org.embulk.spi.json.JsonString;
import org.embulk.spi.type.Types;
import org.embulk.util.config.Config;
import org.embulk.util.config.ConfigDefault;
import org.embulk.util.config.ConfigMapperFactory;
import org.embulk.util.config.Task;

/**
 * Test input {@code generator}: {@code rows} records per task, {@code tasks} tasks; record n (0-based, unique across
 * tasks) is {@code id=n, name="name-n", score=n/2, flag=(n even), ts=2024-01-01T00:00:00Z + n s, doc={"id":n,"s":"x"}}.
 * {@code fail_at} makes task 0 throw after that many rows; {@code sleep_millis_per_page} slows it down (a pause
 * after every 1,000 records); {@code id_offset} is added to every n, so that two runs can write distinct ids.
 *
 * <p>Deterministic fault injection: with {@code hook} and {@code hook_rows}, task 0 flushes its page when it reaches
 * each of those rows and calls the hook registered under that name in {@link RowHooks}, in the task's thread, before
 * it writes the row. Run with {@code exec: {min_output_tasks: 1}}, Embulk hands every flushed page to the output in the
 * same thread, so the hook runs exactly when the output has processed every earlier row and nothing after.
 * {@code block_at} (for a child JVM that a test kills) flushes at that row and blocks ({@link RowHooks#blockForever}).
 */
public final class GeneratorInputPlugin implements InputPlugin {
    public static final Schema SCHEMA = Schema.builder()
            .add("id", Types.LONG)
            .add("name", Types.STRING)
            .add("score", Types.DOUBLE)
            .add("flag", Types.BOOLEAN)
            .add("ts", Types.TIMESTAMP)
            .add("doc", Types.JSON)
            .build();
    private static final ConfigMapperFactory MAPPERS = ConfigMapperFactory.builder().addDefaultModules().build();
    private static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");

    public interface GeneratorTask extends Task {
        @Config("rows")
        long getRows();

        @Config("tasks")
        @ConfigDefault("1")
        int getTasks();

        @Config("fail_at")
        @ConfigDefault("-1")
        long getFailAt();

        @Config("sleep_millis_per_page")
        @ConfigDefault("0")
        long getSleepMillisPerPage();

        @Config("id_offset")
        @ConfigDefault("0")
        long getIdOffset();

        @Config("hook")
        @ConfigDefault("null")
        Optional<String> getHook();

        @Config("hook_rows")
        @ConfigDefault("[]")
        List<Long> getHookRows();

        @Config("block_at")
        @ConfigDefault("-1")
        long getBlockAt();
    }

    @Override
    public ConfigDiff transaction(ConfigSource config, InputPlugin.Control control) {
        GeneratorTask task = MAPPERS.createConfigMapper().map(config, GeneratorTask.class);
        control.run(task.toTaskSource(), SCHEMA, task.getTasks());
        return Exec.newConfigDiff();
    }

    @Override
    public ConfigDiff resume(TaskSource taskSource, Schema schema, int taskCount, InputPlugin.Control control) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void cleanup(TaskSource taskSource, Schema schema, int taskCount, List<TaskReport> successTaskReports) {
    }

    @Override
    public TaskReport run(TaskSource taskSource, Schema schema, int taskIndex, PageOutput output) {
        GeneratorTask task = MAPPERS.createTaskMapper().map(taskSource, GeneratorTask.class);
        long first = task.getIdOffset() + taskIndex * task.getRows();
        try (PageBuilder pb = Exec.getPageBuilder(Exec.getBufferAllocator(), schema, output)) {
            for (long i = 0; i < task.getRows(); i++) {
                if (taskIndex == 0 && i == task.getFailAt()) {
                    pb.flush();
                    throw new IllegalStateException("generator failure injected at row " + i);
                }
                if (taskIndex == 0 && task.getHookRows().contains(i)) {
                    pb.flush();
                    RowHooks.call(task.getHook().get(), i);
                }
                if (taskIndex == 0 && i == task.getBlockAt()) {
                    pb.flush();
                    RowHooks.blockForever(i);
                }
                long n = first + i;
                pb.setLong(0, n);
                pb.setString(1, "name-" + n);
                pb.setDouble(2, n / 2.0);
                pb.setBoolean(3, n % 2 == 0);
                pb.setTimestamp(4, EPOCH.plusSeconds(n));
                pb.setJson(5, JsonObject.of("id", JsonLong.of(n), "s", JsonString.of("x")));
                pb.addRecord();
                if (task.getSleepMillisPerPage() > 0 && i % 1000 == 999) {
                    pb.flush();
                    sleep(task.getSleepMillisPerPage());
                }
            }
            pb.finish();
        }
        return Exec.newTaskReport();
    }

    @Override
    public ConfigDiff guess(ConfigSource config) {
        return Exec.newConfigDiff();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static List<String> columnNames() {
        List<String> names = new ArrayList<>();
        SCHEMA.getColumns().forEach(c -> names.add(c.getName()));
        return names;
    }
}
