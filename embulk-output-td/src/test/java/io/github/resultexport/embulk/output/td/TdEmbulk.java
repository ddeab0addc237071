package io.github.resultexport.embulk.output.td;

import io.github.resultexport.embulk.output.common.testing.GeneratorInputPlugin;
import io.github.resultexport.embulk.output.td.fake.FakeTreasureData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import org.embulk.EmbulkEmbed;
import org.embulk.config.ConfigSource;
import org.embulk.exec.ExecutionResult;
import org.embulk.input.file.LocalFileInputPlugin;
import org.embulk.parser.csv.CsvParserPlugin;
import org.junit.rules.ExternalResource;
import org.junit.rules.TemporaryFolder;

/**
 * An embedded Embulk with the td output, the test {@code generator} input and the file input + csv parser, and
 * configs that point the plugin at a {@link FakeTreasureData}. As a {@link Supplier} it builds the same Embulk for a
 * {@code ChildEmbulk}.
 */
public final class TdEmbulk extends ExternalResource implements Supplier<EmbulkEmbed> {
    private final TemporaryFolder files = new TemporaryFolder();
    private EmbulkEmbed embed;

    static EmbulkEmbed newEmbed() {
        return new EmbulkEmbed.Bootstrap()
                .setEmbulkSystemProperties(new Properties())
                .builtinOutputPlugin("td", TdOutputPlugin.class)
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
    protected void before() throws Throwable {
        files.create();
        embed = newEmbed();
    }

    @Override
    protected void after() {
        files.delete();
    }

    public ConfigSource newConfig() {
        return embed.newConfigLoader().newConfigSource();
    }

    /** {@code out:} for the fake: endpoint, port, plain HTTP, the key, database and table, fast retries. */
    public ConfigSource out(FakeTreasureData td, String apikey, String database, String table) {
        return newConfig().set("type", "td").set("endpoint", td.host()).set("port", td.port())
                .set("use_ssl", false).set("apikey", apikey).set("database", database).set("table", table)
                .set("retry_limit", 3).set("retry_initial_interval_millis", 10)
                .set("retry_max_interval_millis", 50);
    }

    /** Generator input of {@code rows} records per task in {@code tasks} tasks. */
    public ConfigSource generator(long rows, int tasks) {
        return newConfig().set("type", "generator").set("rows", rows).set("tasks", tasks);
    }

    /**
     * A CSV file input with the given header ({@code name:type}, or {@code name:timestamp:format}) and lines; an
     * empty unquoted field is NULL.
     */
    public ConfigSource csv(List<String> columns, String... lines) throws IOException {
        Path file = files.newFile().toPath();
        Files.write(file, String.join("\n", lines).concat("\n").getBytes(StandardCharsets.UTF_8));
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
                .set("delimiter", ",").set("quote", "\"").set("escape", "\"").set("skip_header_lines", 0)
                .set("allow_extra_columns", false).set("columns", cols);
        return newConfig().set("type", "file").set("path_prefix", file.toString()).set("parser", parser);
    }

    /** One output task, run in the input's thread (see the generator's row hooks). */
    public ConfigSource singleTask() {
        return newConfig().set("min_output_tasks", 1).set("max_threads", 1);
    }

    public ExecutionResult run(ConfigSource in, ConfigSource out) {
        return run(in, out, newConfig());
    }

    public ExecutionResult run(ConfigSource in, ConfigSource out, ConfigSource exec) {
        return embed.run(newConfig().set("in", in).set("out", out).set("exec", exec));
    }
}
