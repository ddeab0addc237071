package io.github.resultexport.embulk.output.salesforce_dmp;

import io.github.resultexport.embulk.output.common.ConfigMappers;
import io.github.resultexport.embulk.output.common.LoadedConfig;
import io.github.resultexport.embulk.output.common.PluginConfigLoader;
import io.github.resultexport.embulk.output.common.ProgressLog;
import io.github.resultexport.embulk.output.common.Retrier;
import io.github.resultexport.embulk.output.common.RunSummary;
import io.github.resultexport.embulk.output.common.SecretMasker;
import io.github.resultexport.embulk.output.salesforce_dmp.client.S3Bucket;
import io.github.resultexport.embulk.output.salesforce_dmp.client.S3Clients;
import io.github.resultexport.embulk.output.salesforce_dmp.encode.RecordEncoder;
import io.github.resultexport.embulk.output.salesforce_dmp.mode.RunNames;
import io.github.resultexport.embulk.output.salesforce_dmp.mode.RunUpload;
import io.github.resultexport.embulk.output.salesforce_dmp.stage.LineSink;
import io.github.resultexport.embulk.output.salesforce_dmp.stage.PartWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Embulk output {@code salesforce_dmp}: writes first-party segment files for Salesforce DMP (Krux) to S3, one object
 * per run, published whole by completing one multipart upload once every task succeeded.
 */
public final class SalesforceDmpOutputPlugin implements OutputPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(SalesforceDmpOutputPlugin.class);
    private static final String SECRET_OPTION = "aws_secret_access_key";

    @Override
    public ConfigDiff transaction(ConfigSource config, Schema schema, int taskCount, OutputPlugin.Control control) {
        LoadedConfig<PluginTask> loaded = PluginConfigLoader.load(config, PluginTask.class, LOG, SECRET_OPTION);
        PluginTask task = loaded.validate((expanded, t) -> {
            SalesforceDmpConfigValidator.validate(t);
            SalesforceDmpConfigValidator.validateSchema(schema);
        });
        return PluginConfigLoader.sanitizing(loaded.masker(),
                () -> new Run(task, taskCount, loaded.masker()).execute(control));
    }

    /**
     * Expands {@code url:}, warns about unknown options, maps the task and checks every rule that needs no network.
     * Any exception leaves with the configured secrets masked.
     */
    static PluginTask configure(ConfigSource config, Schema schema) {
        return PluginConfigLoader.load(config, PluginTask.class, LOG, SECRET_OPTION)
                .validate((expanded, task) -> {
                    SalesforceDmpConfigValidator.validate(task);
                    SalesforceDmpConfigValidator.validateSchema(schema);
                });
    }

    @Override
    public ConfigDiff resume(TaskSource taskSource, Schema schema, int taskCount, OutputPlugin.Control control) {
        throw new ConfigException("salesforce_dmp output does not support resume: a failed run leaves the day's file"
                + " as it was; run it again");
    }

    /** The transaction removes the run's temporary objects; this catches the case where that could not be done. */
    @Override
    public void cleanup(TaskSource taskSource, Schema schema, int taskCount, List<TaskReport> successTaskReports) {
        PluginTask task = ConfigMappers.load(taskSource, PluginTask.class);
        RunPlan run = task.getRun().orElse(null);
        if (run == null || run.isDryRun()) {
            return;
        }
        SecretMasker masker = masker(task);
        try (S3Bucket s3 = bucket(task, masker)) {
            List<String> left = new ArrayList<>();
            for (S3Object o : s3.list(run.getStagingFolder())) {
                left.add(o.key());
            }
            if (!left.isEmpty()) {
                s3.delete(left);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not remove the temporary objects in s3://{}/{} ({}); the next run removes them",
                    run.getBucket(), run.getStagingFolder(), masker.mask(e.getMessage()));
        }
    }

    @Override
    public TransactionalPageOutput open(TaskSource taskSource, Schema schema, int taskIndex) {
        PluginTask task = ConfigMappers.load(taskSource, PluginTask.class);
        SecretMasker masker = masker(task);
        try {
            RunPlan run = task.getRun().orElseThrow(() -> new IllegalStateException("the task has no run plan"));
            ProgressLog progress = ProgressLog.every5s(LOG, "salesforce_dmp task " + taskIndex);
            RecordEncoder encoder = RecordEncoder.of(schema);
            if (run.isDryRun()) {
                return new SalesforceDmpPageOutput(schema, taskIndex, encoder, LineSink.discarding(),
                        task.getSkipInvalidRecords(), progress, () -> { });
            }
            S3Bucket s3 = bucket(task, masker);
            LineSink sink = new PartWriter(s3, run, taskIndex, task.getPartSize(),
                    task.getCompression() == PluginTask.Compression.GZIP ? task.getCompressionLevel() : 0);
            return new SalesforceDmpPageOutput(schema, taskIndex, encoder, sink, task.getSkipInvalidRecords(),
                    progress, s3);
        } catch (RuntimeException e) {
            throw masker.sanitize(e);
        }
    }

    private static SecretMasker masker(PluginTask task) {
        return SecretMasker.of(task.getAwsSecretAccessKey().reveal());
    }

    private static S3Bucket bucket(PluginTask task, SecretMasker masker) {
        return new S3Bucket(S3Clients.create(task), task.getBucket(), Retrier.of(task, masker, LOG), masker,
                task.getChecksumValidation() == PluginTask.ChecksumValidation.WHEN_SUPPORTED);
    }

    /** One transaction: start the upload, run the tasks, publish, or abort and clean up. */
    private static final class Run {
        private final PluginTask task;
        private final int taskCount;
        private final SecretMasker masker;

        Run(PluginTask task, int taskCount, SecretMasker masker) {
            this.task = task;
            this.taskCount = taskCount;
            this.masker = masker;
        }

        ConfigDiff execute(OutputPlugin.Control control) {
            long started = System.nanoTime();
            Instant transactionTime = Exec.getTransactionTimeInstant();
            String runId = RunNames.newRunId(transactionTime);
            ObjectLayout layout = ObjectLayout.of(task, transactionTime, runId);
            try (S3Bucket s3 = bucket(task, masker)) {
                if (task.getDryRun()) {
                    DryRun.check(s3, layout, runId, LOG);
                    task.setRun(Optional.of(RunPlan.dryRun(runId, task.getBucket(), layout.key())));
                    List<TaskReport> reports = control.run(task.toTaskSource());
                    RunSummary.log(LOG, "salesforce_dmp dry run (nothing uploaded)", reports,
                            System.nanoTime() - started);
                    return Exec.newConfigDiff();
                }
                RunUpload upload = RunUpload.start(s3, layout.key(), layout.contentType(), layout.gzip(), runId,
                        layout.stagingPrefix(), taskCount, Duration.ofSeconds(task.getStaleRunTimeout()), LOG);
                List<TaskReport> reports;
                try {
                    task.setRun(Optional.of(upload.plan()));
                    reports = control.run(task.toTaskSource());
                    upload.publish(reports);
                } catch (RuntimeException | Error e) {
                    upload.discard();
                    throw e;
                }
                upload.finish();
                RunSummary.log(LOG, "salesforce_dmp", reports, System.nanoTime() - started);
                return Exec.newConfigDiff();
            }
        }
    }
}
