package io.github.resultexport.embulk.output.td;

import io.github.resultexport.embulk.output.common.PluginConfigLoader;
import java.util.List;
import org.embulk.config.ConfigDiff;
import org.embulk.config.ConfigException;
import org.embulk.config.ConfigSource;
import org.embulk.config.TaskReport;
import org.embulk.config.TaskSource;
import org.embulk.spi.OutputPlugin;
import org.embulk.spi.Schema;
import org.embulk.spi.TransactionalPageOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embulk output {@code td}: writes records into a Treasure Data table. This version maps and validates the whole
 * configuration (including the {@code url:} form) and then stops: the bulk-import side is not part of it yet.
 */
public final class TdOutputPlugin implements OutputPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(TdOutputPlugin.class);

    static final String NOT_AVAILABLE =
            "Writing to Treasure Data is not available in this version of embulk-output-td; nothing was written.";

    @Override
    public ConfigDiff transaction(ConfigSource config, Schema schema, int taskCount, OutputPlugin.Control control) {
        configure(config, schema);
        throw notAvailable();
    }

    /**
     * Expands {@code url:}, warns about unknown options, maps the task and checks every rule that needs no network.
     * Any exception leaves with the configured secrets masked.
     */
    static PluginTask configure(ConfigSource config, Schema schema) {
        return PluginConfigLoader.load(config, PluginTask.class, LOG, "apikey", "http_proxy.password")
                .validate((expanded, task) -> {
                    TdConfigValidator.validate(expanded, task);
                    TdConfigValidator.validateSchema(task, schema);
                });
    }

    @Override
    public ConfigDiff resume(TaskSource taskSource, Schema schema, int taskCount, OutputPlugin.Control control) {
        throw notAvailable();
    }

    @Override
    public void cleanup(TaskSource taskSource, Schema schema, int taskCount, List<TaskReport> successTaskReports) {
        // Nothing is ever staged by this version, so there is nothing to remove.
    }

    @Override
    public TransactionalPageOutput open(TaskSource taskSource, Schema schema, int taskIndex) {
        throw notAvailable();
    }

    private static ConfigException notAvailable() {
        return new ConfigException(NOT_AVAILABLE);
    }
}
