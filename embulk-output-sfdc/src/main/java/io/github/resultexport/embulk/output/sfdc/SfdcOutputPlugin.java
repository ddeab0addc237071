package io.github.resultexport.embulk.output.sfdc;

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
 * Embulk output {@code sfdc}: writes records into a Salesforce object through the Bulk API. This version maps and
 * validates the whole configuration (including the {@code url:} form) and then stops: the Bulk API side is not part
 * of it yet.
 */
public final class SfdcOutputPlugin implements OutputPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(SfdcOutputPlugin.class);

    static final String NOT_AVAILABLE =
            "Writing to Salesforce is not available in this version of embulk-output-sfdc; nothing was written.";

    @Override
    public ConfigDiff transaction(ConfigSource config, Schema schema, int taskCount, OutputPlugin.Control control) {
        configure(config, schema);
        throw notAvailable();
    }

    /**
     * Expands {@code url:}, warns about unknown options, maps the task and checks every rule that needs no network.
     * Any exception leaves with the configured secrets masked. The schema is checked against the object's fields
     * only after login, so it is not used yet.
     */
    static PluginTask configure(ConfigSource config, Schema schema) {
        return PluginConfigLoader.load(config, PluginTask.class, LOG,
                "password", "security_token", "session_id", "http_proxy.password")
                .validate(SfdcConfigValidator::validate);
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
