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
 * The atomic modes: every task COPYs into one UNLOGGED staging table of the run; the final transaction moves the
 * rows into the target and drops the staging table in the same commit. The staging table's existence therefore
 * tells whether the final transaction committed.
 */
final class StagedLoad implements LoadStrategy {
    private static final Logger LOG = LoggerFactory.getLogger(StagedLoad.class);

    private final TablePlan plan;
    private final RunNames names;
    private final Move move;
    private final Hooks hooks;

    StagedLoad(TablePlan plan, RunNames names, Move move, Hooks hooks) {
        this.plan = plan;
        this.names = names;
        this.move = move;
        this.hooks = hooks;
    }

    @Override
    public LoadTarget prepare(Connection conn) throws SQLException {
        QualifiedName staging = names.staging();
        RunLock.acquire(conn, staging);
        sweepLeftovers(conn);
        Sql.execute(conn, plan.createStagingSql(staging));
        LOG.info("staging table {}", staging.display());
        return new LoadTarget(staging.schema(), staging.table(), plan.columns(), true);
    }

    /** Drops staging and replacement tables that killed runs into the same target left behind. */
    private void sweepLeftovers(Connection conn) throws SQLException {
        TableInspector inspector = new TableInspector(conn);
        QualifiedName target = plan.target();
        for (String prefix : new String[] {RunNames.stagingPrefix(target), RunNames.newTablePrefix(target)}) {
            for (String table : inspector.tablesWithPrefix(target.schema(), prefix)) {
                String stagingName = RunNames.stagingPrefix(target) + table.substring(prefix.length());
                if (stagingName.equals(names.staging().table())) {
                    continue;
                }
                if (RunLock.tryAcquire(conn, stagingName)) {
                    try {
                        Sql.execute(conn, "DROP TABLE IF EXISTS " + target.sibling(table));
                        LOG.info("removed {} left by an earlier run that did not finish", table);
                    } finally {
                        RunLock.release(conn, stagingName);
                    }
                }
            }
        }
    }

    @Override
    public long complete(Connection conn) throws SQLException {
        hooks.beforeLoad(conn);
        long rows = move.apply(conn, plan, names.staging());
        hooks.afterLoad(conn);
        Sql.execute(conn, "DROP TABLE " + names.staging());
        return rows;
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
        Sql.execute(conn, "DROP TABLE IF EXISTS " + names.newTable());
    }

    @Override
    public String describe() {
        return move.describe();
    }
}
