package io.github.resultexport.embulk.output.common.testing;

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
import org.embulk.spi.OutputPlugin;
import org.junit.rules.ExternalResource;
import org.junit.rules.TemporaryFolder;

/**
 * An embedded Embulk with one output plugin under test, the test {@code generator} input and the file input + csv
 * parser: {@link #run} executes an {@code in:/out:/exec:} config as {@code embulk run} does. A plugin's tests extend
 * it with a public no-argument constructor, so that it also serves a {@link ChildEmbulk} as its
 * {@code Supplier<EmbulkEmbed>}. The module needs {@code embulk-input-file} and {@code embulk-parser-csv} in test
 * scope.
 */
public class EmbulkRule extends ExternalResource implements Supplier<EmbulkEmbed> {
    private final String outputType;
    private final Class<? extends OutputPlugin> outputPlugin;
    private final TemporaryFolder files = new TemporaryFolder();
    private EmbulkEmbed embed;

    protected EmbulkRule(String outputType, Class<? extends OutputPlugin> outputPlugin) {
        this.outputType = outputType;
        this.outputPlugin = outputPlugin;
    }

    /** A new Embulk with the plugin and the test inputs; each concurrent run may take its own. */
    @Override
    public EmbulkEmbed get() {
        return new EmbulkEmbed.Bootstrap()
                .setEmbulkSystemProperties(new Properties())
                .builtinOutputPlugin(outputType, outputPlugin)
                .builtinInputPlugin("generator", GeneratorInputPlugin.class)
                .builtinFileInputPlugin("file", LocalFileInputPlugin.class)
                .builtinParserPlugin("csv", CsvParserPlugin.class)
                .initialize();
    }

    @Override
    protected void before() throws Throwable {
        files.create();
        embed = get();
    }

    @Override
    protected void after() {
        files.delete();
    }

    public ConfigSource newConfig() {
        return embed.newConfigLoader().newConfigSource();
    }

    /** Generator input of {@code rows} records per task in {@code tasks} tasks. */
    public ConfigSource generator(long rows, int tasks) {
        return newConfig().set("type", "generator").set("rows", rows).set("tasks", tasks);
    }

    /**
     * A CSV file input over {@code lines} (no header line) with the given columns ({@code name:type}, or
     * {@code name:timestamp:format}); an empty unquoted field is NULL.
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
