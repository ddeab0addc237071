package io.github.resultexport.embulk.output.postgresql;

import io.github.resultexport.embulk.output.common.testing.GeneratorInputPlugin;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import org.embulk.EmbulkEmbed;
import org.embulk.config.ConfigLoader;
import org.embulk.config.ConfigSource;
import org.embulk.exec.ExecutionResult;
import org.embulk.input.file.LocalFileInputPlugin;
import org.embulk.parser.csv.CsvParserPlugin;
import org.junit.rules.ExternalResource;

/**
 * An embedded Embulk with this plugin, the test {@code generator} input, and the file input + csv parser.
 * {@link #run} executes a whole {@code in:/out:/exec:} config, as {@code embulk run} does; as a {@link Supplier} it
 * builds the same Embulk for a {@code ChildEmbulk}.
 */
public final class EmbulkRunner extends ExternalResource implements Supplier<EmbulkEmbed> {
    private EmbulkEmbed embed;

    static EmbulkEmbed newEmbed() {
        return new EmbulkEmbed.Bootstrap()
                .setEmbulkSystemProperties(new Properties())
                .builtinOutputPlugin("postgresql", PostgresqlOutputPlugin.class)
                .builtinInputPlugin("generator", GeneratorInputPlugin.class)
                .builtinFileInputPlugin("file", LocalFileInputPlugin.class)
                .builtinParserPlugin("csv", CsvParserPlugin.class)
                .initialize();
    }

    @Override
    public EmbulkEmbed get() {
        return newEmbed();
    }

    @Override
    protected void before() {
        embed = newEmbed();
    }

    public ConfigLoader loader() {
        return embed.newConfigLoader();
    }

    public ConfigSource newConfig() {
        return loader().newConfigSource();
    }

    /** Generator input of {@code rows} records per task in {@code tasks} tasks. */
    public ConfigSource generator(long rows, int tasks) {
        return newConfig().set("type", "generator").set("rows", rows).set("tasks", tasks);
    }

    /**
     * File input + csv parser over {@code path} (a file or a prefix); each column is {@code name:type} or
     * {@code name:timestamp:format}. Empty unquoted fields are NULL, {@code ""} is an empty string.
     */
    public ConfigSource csv(String path, String... columns) {
        List<ConfigSource> cols = new ArrayList<>();
        for (String spec : columns) {
            String[] parts = spec.split(":", 3);
            ConfigSource c = newConfig().set("name", parts[0]).set("type", parts[1]);
            if (parts.length == 3) {
                c.set("format", parts[2]);
            }
            cols.add(c);
        }
        ConfigSource parser = newConfig().set("type", "csv").set("charset", "UTF-8").set("newline", "LF")
                .set("delimiter", ",").set("quote", "\"").set("escape", "\"")
                .set("skip_header_lines", 0).set("allow_extra_columns", false).set("columns", cols);
        return newConfig().set("type", "file").set("path_prefix", path).set("parser", parser);
    }

    /**
     * {@code exec:} for one output task run in the input's thread: a generator hook then sees the output exactly as
     * far as the input got, with nothing still queued for another thread.
     */
    public ConfigSource singleTask() {
        return newConfig().set("min_output_tasks", 1).set("max_threads", 1);
    }

    public ExecutionResult run(ConfigSource in, ConfigSource out) {
        return run(in, out, newConfig());
    }

    public ExecutionResult run(ConfigSource in, ConfigSource out, ConfigSource exec) {
        ConfigSource config = newConfig().set("in", in).set("out", out).set("exec", exec);
        return embed.run(config);
    }
}
