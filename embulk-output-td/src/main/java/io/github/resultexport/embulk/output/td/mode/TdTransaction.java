package io.github.resultexport.embulk.output.td.mode;

import com.treasuredata.client.model.TDBulkImportSession;
import com.treasuredata.client.model.TDColumn;
import com.treasuredata.client.model.TDTable;
import io.github.resultexport.embulk.output.common.ProgressLog;
import io.github.resultexport.embulk.output.common.RunSummary;
import io.github.resultexport.embulk.output.td.PluginTask;
import io.github.resultexport.embulk.output.td.PluginTask.Mode;
import io.github.resultexport.embulk.output.td.RunPlan;
import io.github.resultexport.embulk.output.td.client.TdApi;
import io.github.resultexport.embulk.output.td.client.TdErrors;
import io.github.resultexport.embulk.output.td.encode.TdColumns;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.embulk.config.ConfigException;
import org.embulk.config.TaskReport;
import org.embulk.config.TaskSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run: look at the target, check the key may do what the mode needs, remove what dead runs left, prepare the
 * table the records are imported into (the target for append; a temporary table for replace and truncate), run the
 * tasks, then perform, check and commit the import and, for replace and truncate, rename the temporary table over
 * the target. On any failure the session and the temporary table are removed and the target is as it was.
 */
public final class TdTransaction {
    private static final Logger LOG = LoggerFactory.getLogger(TdTransaction.class);

    private final PluginTask task;
    private final TdColumns columns;
    private final TdApi api;
    private final RunNames names;

    public TdTransaction(PluginTask task, TdColumns columns, TdApi api, Instant start) {
        this.task = task;
        this.columns = columns;
        this.api = api;
        this.names = RunNames.newRun(start);
    }

    /** Runs the tasks with {@code runTasks} inside the run; returns their reports. */
    public List<TaskReport> execute(Function<TaskSource, List<TaskReport>> runTasks) {
        long started = System.nanoTime();
        TargetTable target = lookUp();
        List<TDColumn> missing = target.missingColumns(columns.columns());
        boolean mayAlter = checkPermissions(target, missing);
        if (task.getDryRun()) {
            LOG.info("dry run: the API key may {} {}; the records are now read and encoded, nothing is uploaded",
                    task.getMode() == Mode.APPEND ? "import into" : task.getMode() + " (with a master key)",
                    target.display());
            task.setRun(Optional.of(RunPlan.dryRun()));
            List<TaskReport> reports = runTasks.apply(task.toTaskSource());
            RunSummary.log(LOG, "td dry run (nothing uploaded)", reports, System.nanoTime() - started);
            return reports;
        }
        Duration staleAfter = Duration.ofSeconds(task.getStaleRunTimeout());
        if (target.databaseExists) {
            StaleRuns.sweep(api, target.database, target.table, names, staleAfter, mayAlter, LOG);
        }
        Staging staging = task.getMode() == Mode.APPEND ? new AppendStaging(target, missing)
                : new SwapStaging(target, task.getMode());
        String importTable = needingMasterKey(staging::prepare, target);
        Lease lease = null;
        boolean sessionCreated = false;
        boolean published = false;
        try {
            lease = Lease.start(api, names, target.database, importTable, staleAfter, LOG);
            api.createSession(names.session(), target.database, importTable);
            sessionCreated = true;
            LOG.info("bulk import {} into {}.{}", names.session(), target.database, importTable);
            task.setRun(Optional.of(RunPlan.upload(names.session())));
            List<TaskReport> reports = runTasks.apply(task.toTaskSource());
            long records = sum(reports, ProgressLog.ROWS);
            long parts = sum(reports, "parts");
            BulkImportCommit bulk = new BulkImportCommit(api, names.session(),
                    Duration.ofSeconds(task.getJobTimeout()), LOG);
            TDBulkImportSession ready = bulk.perform(task.getPoolName(), records, parts);
            bulk.showErrorRecords(ready, task.getDisplayedErrorRecordsCountLimit());
            if (task.getStopOnInvalidRecord() && ready.getErrorRecords() > 0) {
                throw new InvalidRecordsException("Treasure Data rejected " + ready.getErrorRecords() + " records and"
                        + " stop_on_invalid_record is true: nothing was committed and " + target.display()
                        + " is unchanged");
            }
            staging.beforeCommit();
            bulk.commit();
            staging.afterCommit();
            published = true;
            lease.close();
            try {
                api.deleteSession(names.session());
            } catch (RuntimeException e) {
                LOG.warn("the records are published, but bulk-import session {} could not be deleted ({}); the"
                        + " next run removes it", names.session(), api.masker().mask(String.valueOf(e.getMessage())));
            }
            RunSummary.log(LOG, "td", reports, System.nanoTime() - started);
            return reports;
        } catch (RuntimeException | Error e) {
            if (!published) {
                discard(staging, lease, sessionCreated, e);
            }
            throw e;
        }
    }

    private TargetTable lookUp() {
        boolean databaseExists = api.databaseExists(task.getDatabase());
        Optional<TDTable> table = databaseExists ? api.findTable(task.getDatabase(), task.getTable())
                : Optional.empty();
        TargetTable target = new TargetTable(task.getDatabase(), task.getTable(), databaseExists, table);
        if (task.getMode() == Mode.APPEND && !table.isPresent() && !task.getAutoCreateTable()) {
            throw new ConfigException("table " + target.display() + " does not exist and auto_create_table is"
                    + " false: create it, or set auto_create_table: true");
        }
        return target;
    }

    /**
     * Checks, before anything is created or uploaded, that the key may do what the run needs. A write-only key may
     * import into an existing table; creating a database or table, adding columns, and replace and truncate (a
     * temporary table renamed over the target) need a master key.
     *
     * @return whether the key may create, alter and delete tables
     */
    private boolean checkPermissions(TargetTable target, List<TDColumn> missing) {
        boolean mayAlter = target.databaseExists ? api.mayAlter(target.database) : true;
        if (mayAlter) {
            return true;
        }
        String need = null;
        if (task.getMode() != Mode.APPEND) {
            need = "mode " + task.getMode() + " creates a temporary table and renames it over " + target.display();
        } else if (!target.existing.isPresent()) {
            need = "table " + target.display() + " does not exist and would have to be created";
        } else if (!missing.isEmpty()) {
            need = "the input has columns that " + target.display() + " lacks (" + names(missing)
                    + ") and they would have to be added";
        }
        if (need != null) {
            throw new ConfigException("this API key is write-only, and " + need + ", which needs a master key:"
                    + " set 'apikey' to a master key" + (task.getMode() == Mode.APPEND && !missing.isEmpty()
                    && target.existing.isPresent() ? " (or drop those columns)" : "") + ". Nothing was written.");
        }
        return false;
    }

    /** A 403 while creating means a write-only key where the run must create something (e.g. a missing database). */
    private static String needingMasterKey(java.util.function.Supplier<String> op, TargetTable target) {
        try {
            return op.get();
        } catch (RuntimeException e) {
            if (TdErrors.isForbidden(e)) {
                throw new ConfigException("Treasure Data refused to create " + (target.databaseExists ? "a table"
                        : "database " + target.database) + " with this API key (403): a write-only key may only"
                        + " import into an existing table; set 'apikey' to a master key. Nothing was written.");
            }
            throw e;
        }
    }

    private void discard(Staging staging, Lease lease, boolean sessionCreated, Throwable cause) {
        if (sessionCreated) {
            quietly(cause, "delete bulk-import session " + names.session(), () -> api.deleteSession(names.session()));
        }
        quietly(cause, "remove the temporary table", staging::discard);
        if (lease != null) {
            lease.close();
        }
    }

    private void quietly(Throwable cause, String what, Runnable op) {
        try {
            op.run();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
            LOG.warn("could not {} after the run failed ({}); the next run removes it", what,
                    api.masker().mask(String.valueOf(e.getMessage())));
        }
    }

    private static long sum(List<TaskReport> reports, String key) {
        long total = 0;
        for (TaskReport r : reports) {
            if (r != null && r.has(key)) {
                total += r.get(Long.class, key);
            }
        }
        return total;
    }

    private static String names(List<TDColumn> columns) {
        StringBuilder sb = new StringBuilder();
        for (TDColumn c : columns) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(c.getName());
        }
        return sb.toString();
    }

    /** The table a mode imports into, and what it does around the commit. */
    private interface Staging {
        /** Creates what is needed and returns the name of the table the session imports into. */
        String prepare();

        void beforeCommit();

        void afterCommit();

        /** Removes what {@link #prepare} created, after a failure. */
        void discard();
    }

    /**
     * append: imports into the target itself; creates it when missing; adds missing columns just before commit, so
     * that readers never see committed rows without their columns, and puts the schema back if the commit fails.
     */
    private final class AppendStaging implements Staging {
        private final TargetTable target;
        private final List<TDColumn> missing;
        private boolean createdTable;
        private boolean schemaChanged;

        AppendStaging(TargetTable target, List<TDColumn> missing) {
            this.target = target;
            this.missing = missing;
        }

        @Override
        public String prepare() {
            if (!target.databaseExists) {
                api.createDatabase(target.database);
            }
            if (!target.existing.isPresent()) {
                api.createTable(target.database, target.table);
                createdTable = true;
            }
            return target.table;
        }

        @Override
        public void beforeCommit() {
            if (!missing.isEmpty()) {
                schemaChanged = true;
                api.appendSchema(target.database, target.table, missing);
                LOG.info("added columns {} to {}", names(missing), target.display());
            }
        }

        @Override
        public void afterCommit() {
        }

        /**
         * A table this run created is removed again while it is still empty (a concurrent run may have filled it);
         * an existing table gets its schema back.
         */
        @Override
        public void discard() {
            if (schemaChanged && target.existing.isPresent()) {
                api.updateSchema(target.database, target.table, target.existing.get().getSchema());
            }
            if (createdTable) {
                Optional<TDTable> t = api.findTable(target.database, target.table);
                if (t.isPresent() && t.get().getRowCount() == 0) {
                    api.deleteTable(target.database, target.table);
                }
            }
        }
    }

    /**
     * replace and truncate: import into a temporary table with the final schema (replace: the input's columns;
     * truncate: the existing table's columns plus the input's new ones), then rename it over the target in one call.
     */
    private final class SwapStaging implements Staging {
        private final TargetTable target;
        private final Mode mode;
        private final String temp;

        SwapStaging(TargetTable target, Mode mode) {
            this.target = target;
            this.mode = mode;
            this.temp = names.tempTable(target.table);
        }

        @Override
        public String prepare() {
            if (!target.databaseExists) {
                api.createDatabase(target.database);
            }
            api.createTable(target.database, temp);
            List<TDColumn> schema = mode == Mode.TRUNCATE ? target.keptSchemaWith(columns.columns())
                    : TargetTable.schemaOf(columns.columns());
            try {
                api.updateSchema(target.database, temp, schema);
            } catch (RuntimeException e) {
                discardAfter(e);
                throw e;
            }
            LOG.info("temporary table {}.{} ({} columns)", target.database, temp, schema.size());
            return temp;
        }

        @Override
        public void beforeCommit() {
        }

        @Override
        public void afterCommit() {
            api.renameOver(target.database, temp, target.table);
            LOG.info("{}: renamed {} over {}", mode, temp, target.display());
        }

        @Override
        public void discard() {
            api.deleteTable(target.database, temp);
        }

        private void discardAfter(RuntimeException cause) {
            try {
                discard();
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }

    /** TD rejected records and the user asked to stop. */
    static final class InvalidRecordsException extends RuntimeException {
        InvalidRecordsException(String message) {
            super(message);
        }
    }
}
