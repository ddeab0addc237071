package io.github.resultexport.embulk.output.postgresql;

import io.github.resultexport.embulk.output.common.ConfigMappers;
import io.github.resultexport.embulk.output.common.LoadedConfig;
import io.github.resultexport.embulk.output.common.PluginConfigLoader;
import io.github.resultexport.embulk.output.common.ProgressLog;
import io.github.resultexport.embulk.output.common.RunSummary;
import io.github.resultexport.embulk.output.common.SecretMasker;
import io.github.resultexport.embulk.output.common.Zones;
import io.github.resultexport.embulk.output.postgresql.client.ChunkedCopy;
import io.github.resultexport.embulk.output.postgresql.client.CopyChannel;
import io.github.resultexport.embulk.output.postgresql.client.PgConnector;
import io.github.resultexport.embulk.output.postgresql.client.QualifiedName;
import io.github.resultexport.embulk.output.postgresql.client.ServerWatch;
import io.github.resultexport.embulk.output.postgresql.client.SqlErrors;
import io.github.resultexport.embulk.output.postgresql.encode.ColumnEncoders;
import io.github.resultexport.embulk.output.postgresql.encode.CopyFormat;
import io.github.resultexport.embulk.output.postgresql.encode.TargetKind;
import io.github.resultexport.embulk.output.postgresql.mode.FinalTransaction;
import io.github.resultexport.embulk.output.postgresql.mode.LoadStrategies;
import io.github.resultexport.embulk.output.postgresql.mode.LoadStrategy;
import io.github.resultexport.embulk.output.postgresql.mode.LockWait;
import io.github.resultexport.embulk.output.postgresql.mode.RunNames;
import io.github.resultexport.embulk.output.postgresql.mode.TablePlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.ArrayList;
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

/** Embulk output {@code postgresql}: COPY into a staging table per run, one final transaction per mode. */
public final class PostgresqlOutputPlugin implements OutputPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresqlOutputPlugin.class);

    @Override
    public ConfigDiff transaction(ConfigSource config, Schema schema, int taskCount, OutputPlugin.Control control) {
        LoadedConfig<PluginTask> loaded = PluginConfigLoader.load(config, PluginTask.class, LOG, "password");
        PluginTask task = loaded.validate((expanded, t) -> new PostgresqlConfigValidator().validate(t, schema));
        return PluginConfigLoader.sanitizing(loaded.masker(),
                () -> new Run(task, schema, taskCount, loaded.masker()).execute(control));
    }

    @Override
    public ConfigDiff resume(TaskSource taskSource, Schema schema, int taskCount, OutputPlugin.Control control) {
        throw new ConfigException("postgresql output does not support resume: a failed run leaves the target as it"
                + " was; run it again");
    }

    /**
     * The final transaction removes the staging table, and a failed transaction drops it; this catches the case
     * where that last drop could not reach the server ({@code embulk cleanup}).
     */
    @Override
    public void cleanup(TaskSource taskSource, Schema schema, int taskCount, List<TaskReport> successTaskReports) {
        PluginTask task = ConfigMappers.load(taskSource, PluginTask.class);
        LoadTarget target = task.getLoadTarget();
        if (task.getDryRun() || !target.isChunked()) {
            return;
        }
        SecretMasker masker = SecretMasker.of(task.getPassword());
        try (Connection conn = PgConnector.of(task, masker, LOG).connectOnce();
                Statement st = conn.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + target.name());
        } catch (SQLException | RuntimeException e) {
            LOG.warn("could not remove the staging table {} ({}); the next run into the same table removes it",
                    target.name().display(), masker.mask(SqlErrors.serverMessage(e)));
        }
    }

    @Override
    public TransactionalPageOutput open(TaskSource taskSource, Schema schema, int taskIndex) {
        PluginTask task = ConfigMappers.load(taskSource, PluginTask.class);
        SecretMasker masker = SecretMasker.of(task.getPassword());
        try {
            LoadTarget target = task.getLoadTarget();
            PgConnector connector = PgConnector.of(task, masker, LOG);
            List<ColumnEncoders.Rendering> renderings = renderings(task, target);
            CopyFormat format = "text".equals(task.getCopyFormat()) ? CopyFormat.text(schema.getColumns(), renderings)
                    : CopyFormat.choose(schema.getColumns(), renderings);
            if (taskIndex == 0) {
                LOG.info("COPY format: {}", format.isBinary() ? "binary" : "text");
            }
            String copySql = "COPY " + target.name() + " (" + quotedColumns(target) + ") FROM STDIN"
                    + format.copyOptions();
            CopyChannel copy = task.getDryRun() ? CopyChannel.DISCARD
                    : new ChunkedCopy(connector, copySql, target.isChunked(), target.serverWatch(), LOG);
            return new PostgresqlPageOutput(schema, target, taskIndex, format, copy, task.getBatchSize(),
                    ProgressLog.every5s(LOG, "postgresql task " + taskIndex));
        } catch (RuntimeException e) {
            throw masker.sanitize(e);
        }
    }

    private static String quotedColumns(LoadTarget target) {
        StringBuilder sb = new StringBuilder();
        for (LoadColumn c : target.getColumns()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(QualifiedName.quote(c.getName()));
        }
        return sb.toString();
    }

    private static List<ColumnEncoders.Rendering> renderings(PluginTask task, LoadTarget target) {
        ZoneId defaultZone = Zones.parse("default_timezone", task.getDefaultTimezone());
        List<ColumnEncoders.Rendering> renderings = new ArrayList<>();
        for (LoadColumn c : target.getColumns()) {
            PluginTask.ColumnOption option = task.getColumnOptions().get(c.getName());
            ZoneId zone = defaultZone;
            String format = null;
            TargetKind kind = c.getKind();
            if (option != null) {
                if (option.getTimezone().isPresent()) {
                    zone = Zones.parse("column_options." + c.getName() + ".timezone", option.getTimezone().get());
                }
                format = option.getFormat().orElse(null);
                if ("string".equals(option.getValueType())) {
                    kind = TargetKind.TEXT;
                }
            }
            renderings.add(new ColumnEncoders.Rendering(kind, zone, format, c.getBaseType()));
        }
        return renderings;
    }

    /** One transaction: plan, stage, run the tasks, publish or clean up. */
    private static final class Run {
        private final PluginTask task;
        private final Schema schema;
        private final int taskCount;
        private final PgConnector connector;

        Run(PluginTask task, Schema schema, int taskCount, SecretMasker masker) {
            this.task = task;
            this.schema = schema;
            this.taskCount = taskCount;
            this.connector = PgConnector.of(task, masker, LOG);
        }

        ConfigDiff execute(OutputPlugin.Control control) {
            long started = System.nanoTime();
            Connection conn = connector.connect();
            try {
                TablePlan plan = new TablePlanner(task, schema, conn).plan();
                RunNames names = RunNames.forRun(plan.target(), Exec.getTransactionTimeInstant());
                LoadStrategy strategy = LoadStrategies.of(task, plan, names);
                LOG.info("postgresql {} into {} ({}), {} task(s); {}", task.getMode(), plan.target().display(),
                        plan.targetExists() ? "exists" : "will be created", taskCount, strategy.describe());
                if (task.getDryRun()) {
                    new DryRun(task, plan, conn).check();
                    task.setLoadTarget(new LoadTarget(plan.target().schema(), plan.target().table(), plan.columns(),
                            false, false));
                    control.run(task.toTaskSource());
                    LOG.info("dry run: every record was read and encoded; nothing was written");
                    return Exec.newConfigDiff();
                }
                String serverStartedAt = ServerWatch.startTime(conn);
                LoadTarget target = strategy.prepare(conn).withServerStartedAt(serverStartedAt);
                task.setLoadTarget(target);
                List<TaskReport> reports;
                try {
                    reports = control.run(task.toTaskSource());
                    FinalTransaction commit = new FinalTransaction(connector, strategy, conn, committedRows(reports),
                            target.serverWatch(), new LockWait(task.getLockWaitTimeout(), plan.target(),
                                    strategy.lockNeeded()));
                    try {
                        commit.run();
                    } finally {
                        conn = commit.connection();
                    }
                } catch (RuntimeException | Error e) {
                    discardQuietly(strategy, conn);
                    throw e;
                }
                RunSummary.log(LOG, "postgresql", reports, System.nanoTime() - started);
                return Exec.newConfigDiff();
            } catch (SQLException e) {
                throw new RuntimeException(e);
            } finally {
                closeQuietly(conn);
            }
        }

        private static long committedRows(List<TaskReport> reports) {
            long rows = 0;
            for (TaskReport r : reports) {
                rows += r.get(Long.class, ProgressLog.ROWS);
            }
            return rows;
        }

        private void discardQuietly(LoadStrategy strategy, Connection conn) {
            try {
                Connection c = conn;
                if (c == null || c.isClosed() || !c.isValid(5)) {
                    c = connector.connectOnce();
                }
                try {
                    c.setAutoCommit(true);
                    strategy.discard(c);
                } finally {
                    if (c != conn) {
                        c.close();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warn("could not remove the staging table ({}); the next run into the same table removes it",
                        SqlErrors.serverMessage(e));
            }
        }

        private static void closeQuietly(Connection conn) {
            if (conn != null) {
                try {
                    conn.close();
                } catch (SQLException ignored) {
                    // closing
                }
            }
        }
    }
}
