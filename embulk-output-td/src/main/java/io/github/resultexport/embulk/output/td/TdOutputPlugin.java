package io.github.resultexport.embulk.output.td;

import io.github.resultexport.embulk.output.common.ConfigMappers;
import io.github.resultexport.embulk.output.common.LoadedConfig;
import io.github.resultexport.embulk.output.common.PluginConfigLoader;
import io.github.resultexport.embulk.output.common.ProgressLog;
import io.github.resultexport.embulk.output.common.Retrier;
import io.github.resultexport.embulk.output.common.SecretMasker;
import io.github.resultexport.embulk.output.td.client.TdApi;
import io.github.resultexport.embulk.output.td.client.TdClients;
import io.github.resultexport.embulk.output.td.encode.RecordPacker;
import io.github.resultexport.embulk.output.td.encode.TdColumns;
import io.github.resultexport.embulk.output.td.encode.TimeSource;
import io.github.resultexport.embulk.output.td.mode.TdTransaction;
import io.github.resultexport.embulk.output.td.stage.PartUploader;
import io.github.resultexport.embulk.output.td.stage.PartWriter;
import java.time.Instant;
import java.util.List;
import org.embulk.config.ConfigDiff;
import org.embulk.config.ConfigException;
import org.embulk.config.ConfigSource;
import org.embulk.config.TaskReport;
import org.embulk.config.TaskSource;
import org.embulk.spi.Exec;
import org.embulk.spi.OutputPlugin;
import org.embulk.spi.Schema;
import org.embulk.spi.TransactionalPageOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embulk output {@code td}: writes records into a Treasure Data table through one bulk-import session per run,
 * committed once every task uploaded its parts; replace and truncate import into a temporary table renamed over the
 * target.
 */
public final class TdOutputPlugin implements OutputPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(TdOutputPlugin.class);
    private static final String[] SECRETS = {"apikey", "http_proxy.password"};

    @Override
    public ConfigDiff transaction(ConfigSource config, Schema schema, int taskCount, OutputPlugin.Control control) {
        LoadedConfig<PluginTask> loaded = PluginConfigLoader.load(config, PluginTask.class, LOG, SECRETS);
        PluginTask task = loaded.validate((expanded, t) -> validate(expanded, t, schema));
        TdColumns columns = TdColumns.of(task, schema);
        return PluginConfigLoader.sanitizing(loaded.masker(), () -> {
            try (TdApi api = api(task, loaded.masker())) {
                new TdTransaction(task, columns, api, Exec.getTransactionTimeInstant())
                        .execute(control::run);
            }
            return Exec.newConfigDiff();
        });
    }

    /**
     * Expands {@code url:}, warns about unknown options, maps the task and checks every rule that needs no network.
     * Any exception leaves with the configured secrets masked.
     */
    static PluginTask configure(ConfigSource config, Schema schema) {
        return PluginConfigLoader.load(config, PluginTask.class, LOG, SECRETS)
                .validate((expanded, task) -> validate(expanded, task, schema));
    }

    private static void validate(ConfigSource expanded, PluginTask task, Schema schema) {
        TdConfigValidator.validate(expanded, task);
        TdConfigValidator.validateSchema(task, schema);
        TdColumns columns = TdColumns.of(task, schema);
        RecordPacker.of(task, columns, TimeSource.of(task, columns.timeColumn(), Instant.EPOCH));
    }

    @Override
    public ConfigDiff resume(TaskSource taskSource, Schema schema, int taskCount, OutputPlugin.Control control) {
        throw new ConfigException("td output does not support resume: a failed run leaves the table as it was;"
                + " run it again");
    }

    /** The transaction removes the run's session and temporary table itself; nothing is left for this. */
    @Override
    public void cleanup(TaskSource taskSource, Schema schema, int taskCount, List<TaskReport> successTaskReports) {
    }

    @Override
    public TransactionalPageOutput open(TaskSource taskSource, Schema schema, int taskIndex) {
        PluginTask task = ConfigMappers.load(taskSource, PluginTask.class);
        SecretMasker masker = masker(task);
        try {
            RunPlan run = task.getRun().orElseThrow(() -> new IllegalStateException("the task has no run plan"));
            TdColumns columns = TdColumns.of(task, schema);
            RecordPacker packer = RecordPacker.of(task, columns,
                    TimeSource.of(task, columns.timeColumn(), Exec.getTransactionTimeInstant()));
            ProgressLog progress = ProgressLog.every5s(LOG, "td task " + taskIndex);
            long splitBytes = task.getFileSplitSize() * 1024L;
            if (run.isDryRun()) {
                PartWriter parts = new PartWriter(PartUploader.discarding(), taskIndex, splitBytes,
                        task.getUploadConcurrency(), false);
                return new TdPageOutput(schema, taskIndex, packer, parts, progress, () -> { });
            }
            TdApi api = api(task, masker);
            String session = run.getSession();
            PartWriter parts = new PartWriter((name, file) -> api.uploadPart(session, name, file), taskIndex,
                    splitBytes, task.getUploadConcurrency(), true);
            return new TdPageOutput(schema, taskIndex, packer, parts, progress, api);
        } catch (RuntimeException e) {
            throw masker.sanitize(e);
        }
    }

    private static SecretMasker masker(PluginTask task) {
        SecretMasker masker = SecretMasker.of(task.getApikey().reveal());
        if (task.getHttpProxy().isPresent() && task.getHttpProxy().get().getPassword().isPresent()) {
            masker = masker.with(task.getHttpProxy().get().getPassword().get().reveal());
        }
        return masker;
    }

    private static TdApi api(PluginTask task, SecretMasker masker) {
        return new TdApi(TdClients.create(task), Retrier.of(task, masker, LOG), masker,
                task.getRetryMaxIntervalMillis());
    }
}
