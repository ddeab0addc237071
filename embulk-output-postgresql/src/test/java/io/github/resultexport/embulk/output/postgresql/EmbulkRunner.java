package io.github.resultexport.embulk.output.postgresql;

import java.util.Properties;
import org.embulk.EmbulkEmbed;
import org.embulk.config.ConfigLoader;
import org.embulk.config.ConfigSource;
import org.embulk.exec.ExecutionResult;
import org.embulk.input.file.LocalFileInputPlugin;
import org.embulk.parser.csv.CsvParserPlugin;
import org.junit.rules.ExternalResource;

/**
 * An embedded Embulk with this plugin, the test {@code generator} input, and the file input + csv parser.
 * {@link #run} executes a whole {@code in:/out:/exec:} config, as {@code embulk run} does.
 */
public final class EmbulkRunner extends ExternalResource {
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

    public ExecutionResult run(ConfigSource in, ConfigSource out) {
        return run(in, out, newConfig());
    }

    public ExecutionResult run(ConfigSource in, ConfigSource out, ConfigSource exec) {
        ConfigSource config = newConfig().set("in", in).set("out", out).set("exec", exec);
        return embed.run(config);
    }
}
