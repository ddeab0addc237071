package io.github.resultexport.embulk.output.td;

import io.github.resultexport.embulk.output.common.ConfigMappers;
import io.github.resultexport.embulk.output.common.ResultUrl;
import io.github.resultexport.embulk.output.common.SecretMasker;
import io.github.resultexport.embulk.output.common.UnknownOptions;
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
        ConfigSource expanded = ResultUrl.expandUrlOption(config);
        SecretMasker masker = secretsOf(expanded);
        try {
            UnknownOptions.warn(expanded, PluginTask.class, LOG);
            PluginTask task = ConfigMappers.map(expanded, PluginTask.class);
            TdConfigValidator.validate(expanded, task);
            TdConfigValidator.validateSchema(task, schema);
            return task;
        } catch (RuntimeException e) {
            throw masker.sanitize(innermostConfigException(e));
        }
    }

    /**
     * A ConfigException that our own option parsing threw inside the config mapper arrives wrapped in Jackson's
     * and the mapper's messages; the innermost ConfigException says it best.
     */
    static RuntimeException innermostConfigException(RuntimeException e) {
        RuntimeException clearest = e;
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof ConfigException) {
                clearest = (ConfigException) cause;
            }
        }
        return clearest;
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

    /** The secrets of a raw (expanded, not yet mapped) config, as far as they are text. */
    static SecretMasker secretsOf(ConfigSource config) {
        return SecretMasker.of(textOf(config, "apikey"), textOf(nested(config, "http_proxy"), "password"));
    }

    private static ConfigSource nested(ConfigSource config, String key) {
        if (config == null || !config.has(key)) {
            return null;
        }
        try {
            return config.getNested(key);
        } catch (RuntimeException notAMap) {
            return null;
        }
    }

    /** The option's text, or null when it is absent, not text, or blank (masking blanks would garble messages). */
    private static String textOf(ConfigSource config, String key) {
        if (config == null || !config.has(key)) {
            return null;
        }
        try {
            String text = config.get(String.class, key, null);
            return text == null || text.trim().isEmpty() ? null : text;
        } catch (RuntimeException notText) {
            return null;
        }
    }
}
