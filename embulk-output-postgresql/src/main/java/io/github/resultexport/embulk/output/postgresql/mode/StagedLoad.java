package io.github.resultexport.embulk.output.postgresql.mode;

import io.github.resultexport.embulk.output.postgresql.LoadTarget;
import io.github.resultexport.embulk.output.postgresql.client.QualifiedName;
import io.github.resultexport.embulk.output.postgresql.client.TableInspector;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The atomic modes: every task COPYs into one staging table of the run; the final transaction publishes the rows
 * and removes the staging table in the same commit, so its existence tells whether that commit happened. The
 * staging table is UNLOGGED when its rows are copied into an existing table once more; when the run creates or
 * replaces the table it is created as the final table (logged, with the create options) and renamed into place.
 */
final class StagedLoad implements LoadStrategy {
    private static final Logger LOG = LoggerFactory.getLogger(StagedLoad.class);

    private final TablePlan plan;
    private final RunNames names;
    private final Move move;
    private final Hooks hooks;
    private final boolean stagingIsFinalTable;

    StagedLoad(TablePlan plan, RunNames names, Move move, Hooks hooks, boolean stagingIsFinalTable) {
        this.plan = plan;
        this.names = names;
        this.move = move;
        this.hooks = hooks;
        this.stagingIsFinalTable = stagingIsFinalTable;
    }

    @Override
    public LoadTarget prepare(Connection conn) throws SQLException {
        QualifiedName staging = names.staging();
        RunLock.acquire(conn, staging);
        sweepLeftovers(conn);
        Sql.execute(conn, stagingIsFinalTable ? plan.createTableSql(staging, false) : plan.createStagingSql(staging));
        LoadTarget target = new LoadTarget(staging.schema(), staging.table(), plan.columns(), true,
                !stagingIsFinalTable);
        if (move.needsUniqueKeys()) {
            // A key the input repeats fails the task's COPY that repeats it, while the rows load in parallel; the
            // final transaction then need not look for repeats (a created table has the keys as primary key).
            if (!stagingIsFinalTable) {
                Sql.execute(conn, "CREATE UNIQUE INDEX ON " + staging + " (" + TablePlan.quotedList(plan.mergeKeys())
                        + ")");
            }
            target = target.withMergeKeys(plan.mergeKeys());
        }
        LOG.info("staging table {}", staging.display());
        return target;
    }

    /** Drops staging and replacement tables that killed runs into the same target left behind. */
    private void sweepLeftovers(Connection conn) throws SQLException {
        TableInspector inspector = new TableInspector(conn);
        QualifiedName target = plan.target();
        for (String table : inspector.tablesWithPrefix(target.schema(), RunNames.stagingPrefix(target))) {
            if (table.equals(names.staging().table())) {
                continue;
            }
            if (RunLock.tryAcquire(conn, table)) {
                try {
                    Sql.execute(conn, "DROP TABLE IF EXISTS " + target.sibling(table));
                    LOG.info("removed {} left by an earlier run that did not finish", table);
                } finally {
                    RunLock.release(conn, table);
                }
            }
        }
    }

    @Override
    public void complete(Connection conn, long committedRows) throws SQLException {
        hooks.beforeLoad(conn);
        move.apply(conn, plan, names.staging(), new StagedRows(names.staging(), committedRows));
        hooks.afterLoad(conn);
    }

    @Override
    public String lockNeeded() {
        return move.lockNeeded();
    }

    @Override
    public boolean stillPending(Connection conn) throws SQLException {
        Optional<Long> oid = new TableInspector(conn).oid(names.staging());
        if (oid.isPresent()) {
            RunLock.acquire(conn, names.staging());
        }
        return oid.isPresent();
    }

    @Override
    public void discard(Connection conn) throws SQLException {
        Sql.execute(conn, "DROP TABLE IF EXISTS " + names.staging());
    }

    @Override
    public String describe() {
        return move.describe();
    }
}
