package io.github.resultexport.embulk.output.salesforce_dmp;

import io.github.resultexport.embulk.output.common.testing.RowHooks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.embulk.config.ConfigDiff;
import org.embulk.config.ConfigSource;
import org.embulk.config.TaskReport;
import org.embulk.config.TaskSource;
import org.embulk.spi.Exec;
import org.embulk.spi.InputPlugin;
import org.embulk.spi.PageBuilder;
import org.embulk.spi.PageOutput;
import org.embulk.spi.Schema;
import org.embulk.spi.type.Types;
import org.embulk.util.config.Config;
import org.embulk.util.config.ConfigDefault;
import org.embulk.util.config.ConfigMapperFactory;
import org.embulk.util.config.Task;

/**
 * Test input {@code segments}: {@code rows} records per task in {@code tasks} tasks, columns {@code user_id},
 * {@code td_segment} and {@code attributes} string attributes {@code a1…} of {@code value_chars} random characters
 * (letters, digits, {@code -}, {@code _}: as hard to compress as the format's values get). Record {@code n} (unique
 * across tasks) of run {@code seed} is known in advance: {@link #line} is the line the output must write for it.
 *
 * <p>Deterministic faults, in task 0: {@code fail_at} throws before that row; {@code invalid_at} gives that row's
 * {@code a1} a {@code ;}; with {@code hook} and {@code hook_rows}, the task flushes its page when it reaches each of
 * those rows and calls the hook registered under that name in {@link RowHooks} before it writes the row (with
 * {@code exec: {min_output_tasks: 1}} the output has then processed every earlier row); {@code block_at} flushes at
 * that row and blocks ({@link RowHooks#blockForever}, for a child JVM a test kills).
 */
public final class SegmentsInputPlugin implements InputPlugin {
    private static final ConfigMapperFactory MAPPERS = ConfigMapperFactory.builder().addDefaultModules().build();
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

    public interface SegmentsTask extends Task {
        @Config("rows")
        long getRows();

        @Config("tasks")
        @ConfigDefault("1")
        int getTasks();

        @Config("attributes")
        @ConfigDefault("2")
        int getAttributes();

        @Config("value_chars")
        @ConfigDefault("12")
        int getValueChars();

        @Config("seed")
        @ConfigDefault("0")
        long getSeed();

        @Config("fail_at")
        @ConfigDefault("-1")
        long getFailAt();

        @Config("invalid_at")
        @ConfigDefault("-1")
        long getInvalidAt();

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

    static Schema schema(int attributes) {
        Schema.Builder b = Schema.builder().add("user_id", Types.STRING).add("td_segment", Types.STRING);
        for (int k = 1; k <= attributes; k++) {
            b.add("a" + k, Types.STRING);
        }
        return b.build();
    }

    static String userId(long seed, long n) {
        return "u" + seed + "-" + n;
    }

    static String segments(long n) {
        return "s" + (n % 5) + ",t" + (n % 7);
    }

    static String value(long seed, long n, int attribute, int chars) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + n * 31L + attribute);
        char[] value = new char[chars];
        for (int i = 0; i < chars; i++) {
            value[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(value);
    }

    /** The line the output writes for record {@code n} of run {@code seed}. */
    static String line(long seed, long n, int attributes, int chars) {
        StringBuilder sb = new StringBuilder(userId(seed, n)).append('^');
        for (int k = 1; k <= attributes; k++) {
            sb.append('a').append(k).append(':').append(value(seed, n, k, chars)).append(';');
        }
        return sb.append("segment:").append(segments(n)).toString();
    }

    /** Every line of a run of {@code tasks × rows} records, sorted. */
    static List<String> lines(long seed, int tasks, long rows, int attributes, int chars) {
        List<String> lines = new ArrayList<>();
        for (long n = 0; n < tasks * rows; n++) {
            lines.add(line(seed, n, attributes, chars));
        }
        lines.sort(null);
        return lines;
    }

    @Override
    public ConfigDiff transaction(ConfigSource config, InputPlugin.Control control) {
        SegmentsTask task = MAPPERS.createConfigMapper().map(config, SegmentsTask.class);
        control.run(task.toTaskSource(), schema(task.getAttributes()), task.getTasks());
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
        SegmentsTask task = MAPPERS.createTaskMapper().map(taskSource, SegmentsTask.class);
        long seed = task.getSeed();
        int chars = task.getValueChars();
        try (PageBuilder pb = Exec.getPageBuilder(Exec.getBufferAllocator(), schema, output)) {
            for (long i = 0; i < task.getRows(); i++) {
                if (taskIndex == 0 && i == task.getFailAt()) {
                    pb.flush();
                    throw new IllegalStateException("segments input failure injected at row " + i);
                }
                if (taskIndex == 0 && task.getHookRows().contains(i)) {
                    pb.flush();
                    RowHooks.call(task.getHook().get(), i);
                }
                if (taskIndex == 0 && i == task.getBlockAt()) {
                    pb.flush();
                    RowHooks.blockForever(i);
                }
                long n = taskIndex * task.getRows() + i;
                pb.setString(0, userId(seed, n));
                pb.setString(1, segments(n));
                for (int k = 1; k <= task.getAttributes(); k++) {
                    String v = value(seed, n, k, chars);
                    pb.setString(1 + k, k == 1 && taskIndex == 0 && i == task.getInvalidAt() ? v + ";bad" : v);
                }
                pb.addRecord();
            }
            pb.finish();
        }
        return Exec.newTaskReport();
    }

    @Override
    public ConfigDiff guess(ConfigSource config) {
        return Exec.newConfigDiff();
    }

}
