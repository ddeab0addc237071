package io.github.resultexport.embulk.output.sfdc;

import io.github.resultexport.embulk.output.common.ConfigMappers;
import io.github.resultexport.embulk.output.common.LoadedConfig;
import io.github.resultexport.embulk.output.common.PluginConfigLoader;
import io.github.resultexport.embulk.output.common.ProgressLog;
import io.github.resultexport.embulk.output.common.Retrier;
import io.github.resultexport.embulk.output.common.SecretMasker;
import io.github.resultexport.embulk.output.sfdc.client.BulkApi;
import io.github.resultexport.embulk.output.sfdc.client.SalesforceClient;
import io.github.resultexport.embulk.output.sfdc.client.Session;
import io.github.resultexport.embulk.output.sfdc.client.TransportRetry;
import io.github.resultexport.embulk.output.sfdc.encode.RecordEncoder;
import io.github.resultexport.embulk.output.sfdc.mode.SfdcTransaction;
import io.github.resultexport.embulk.output.sfdc.stage.BatchLimits;
import io.github.resultexport.embulk.output.sfdc.stage.BatchPipeline;
import io.github.resultexport.embulk.output.sfdc.stage.FailedRows;
import io.github.resultexport.embulk.output.sfdc.stage.IdLookup;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
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
 * Embulk output {@code sfdc}: writes records into a Salesforce object through the Bulk API (v1, CSV), one job per
 * run shared by all tasks; every row ends as succeeded or failed, and failed rows beyond {@code max_error_records}
 * fail the run.
 */
public final class SfdcOutputPlugin implements OutputPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(SfdcOutputPlugin.class);
    private static final String[] SECRETS = {"password", "security_token", "session_id", "http_proxy.password"};

    static {
        // force-wsc talks through the JDK's HttpURLConnection, which by default sends a POST once more by itself when
        // the connection closes without an answer. For "add a batch" that would be a second batch, and an insert
        // run twice; with this off the plugin sees the failure and checks what was created (BulkApi#createBatch).
        // The JDK reads it once, when its HTTP client first loads; should that have happened earlier in this JVM,
        // the job-count check at the end of the run still fails a run that wrote a batch twice.
        if (System.getProperty("sun.net.http.retryPost") == null) {
            System.setProperty("sun.net.http.retryPost", "false");
        }
    }

    @Override
    public ConfigDiff transaction(ConfigSource config, Schema schema, int taskCount, OutputPlugin.Control control) {
        LoadedConfig<PluginTask> loaded = PluginConfigLoader.load(config, PluginTask.class, LOG, SECRETS);
        PluginTask task = loaded.validate(SfdcConfigValidator::validate);
        SecretMasker masker = masker(task);
        return PluginConfigLoader.sanitizing(masker, () -> {
            SalesforceClient client = new SalesforceClient(task, Retrier.of(TransportRetry.DEFAULT, masker, LOG), masker);
            try {
                new SfdcTransaction(task, schema, client, taskCount).execute(control::run);
            } catch (RuntimeException e) {
                throw client.masker().sanitize(e);
            }
            return Exec.newConfigDiff();
        });
    }

    /**
     * Expands {@code url:}, warns about unknown options, maps the task and checks every rule that needs no network.
     * Any exception leaves with the configured secrets masked. The schema is checked against the object's fields
     * after login.
     */
    static PluginTask configure(ConfigSource config, Schema schema) {
        return PluginConfigLoader.load(config, PluginTask.class, LOG, SECRETS).validate(SfdcConfigValidator::validate);
    }

    @Override
    public ConfigDiff resume(TaskSource taskSource, Schema schema, int taskCount, OutputPlugin.Control control) {
        throw new ConfigException("sfdc output does not support resume; run the job again (mode update with an"
                + " external id makes a repeated run safe)");
    }

    @Override
    public void cleanup(TaskSource taskSource, Schema schema, int taskCount, List<TaskReport> successTaskReports) {
    }

    @Override
    public TransactionalPageOutput open(TaskSource taskSource, Schema schema, int taskIndex) {
        PluginTask task = ConfigMappers.load(taskSource, PluginTask.class);
        RunPlan run = task.getRun().orElseThrow(() -> new IllegalStateException("the task has no run plan"));
        SecretMasker masker = masker(task).with(run.getSessionId().reveal());
        try {
            RecordEncoder encoder = RecordEncoder.of(schema, run.getFields(), task);
            ProgressLog progress = ProgressLog.every5s(LOG, "sfdc task " + taskIndex);
            Path errors = task.getErrorRecordsPath()
                    .map(p -> FailedRows.partOf(Paths.get(p), taskIndex)).orElse(null);
            FailedRows failed = new FailedRows(taskIndex, run.isDryRun() ? null : errors, masker, LOG);
            if (run.isDryRun()) {
                return new SfdcPageOutput(schema, taskIndex, encoder, null, null, -1, failed, progress);
            }
            SalesforceClient client = new SalesforceClient(task, Retrier.of(TransportRetry.DEFAULT, masker, LOG),
                    masker, new Session(run.getServerUrl(), run.getSessionId().reveal()));
            boolean updateOnly = task.getMode() == PluginTask.Mode.UPDATE && !task.getUpsert();
            String header = updateOnly ? "\"Id\"," + encoder.header() : encoder.header();
            BatchPipeline batches = new BatchPipeline(new BulkApi(client), run.getJobId(), header,
                    new BatchLimits(task.getSplitRecords()), task.getRetry(), failed, task.getPollIntervalMillis(),
                    task.getPollMaxIntervalMillis(), Duration.ofSeconds(task.getJobTimeout()), LOG);
            if (updateOnly) {
                int keyColumn = keyColumn(schema, task.getUnique().get());
                IdLookup lookup = new IdLookup(client, task.getObject(), run.getFields().get(keyColumn).getHeader(),
                        Math.min(task.getSplitRecords(), 2000), batches);
                return new SfdcPageOutput(schema, taskIndex, encoder, batches, lookup, keyColumn, failed, progress);
            }
            return new SfdcPageOutput(schema, taskIndex, encoder, batches, null, -1, failed, progress);
        } catch (RuntimeException e) {
            throw masker.sanitize(e);
        }
    }

    private static int keyColumn(Schema schema, String unique) {
        for (int i = 0; i < schema.getColumnCount(); i++) {
            if (schema.getColumn(i).getName().equalsIgnoreCase(unique)) {
                return i;
            }
        }
        throw new IllegalStateException("no input column for unique '" + unique + "'");
    }

    private static SecretMasker masker(PluginTask task) {
        SecretMasker masker = SecretMasker.of();
        if (task.getPassword().isPresent()) {
            masker = masker.with(task.getPassword().get().reveal());
            if (task.getSecurityToken().isPresent()) {
                masker = masker.with(task.getSecurityToken().get().reveal())
                        .with(task.getPassword().get().reveal() + task.getSecurityToken().get().reveal());
            }
        }
        if (task.getSessionId().isPresent()) {
            masker = masker.with(task.getSessionId().get().reveal());
        }
        if (task.getHttpProxy().isPresent() && task.getHttpProxy().get().getPassword().isPresent()) {
            masker = masker.with(task.getHttpProxy().get().getPassword().get().reveal());
        }
        return masker;
    }
}
