package io.github.resultexport.embulk.output.postgresql.mode;

import io.github.resultexport.embulk.output.postgresql.LoadTarget;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * append_direct: tasks COPY straight into the target, each in one transaction of its own. Fastest; atomic per
 * task only — when one task fails after another committed, the committed rows stay.
 */
final class DirectLoad implements LoadStrategy {
    private final TablePlan plan;
    private final Hooks hooks;

    DirectLoad(TablePlan plan, Hooks hooks) {
        this.plan = plan;
        this.hooks = hooks;
    }

    @Override
    public LoadTarget prepare(Connection conn) throws SQLException {
        if (!plan.targetExists()) {
            Sql.execute(conn, plan.createTableSql(plan.target(), true));
        }
        hooks.beforeLoad(conn);
        return new LoadTarget(plan.target().schema(), plan.target().table(), plan.columns(), false, false);
    }

    @Override
    public void complete(Connection conn, long committedRows) throws SQLException {
        hooks.afterLoad(conn);
    }

    @Override
    public String lockNeeded() {
        return "locks of after_load";
    }

    @Override
    public boolean stillPending(Connection conn) {
        return false;
    }

    @Override
    public void discard(Connection conn) {
        // nothing staged: what the tasks committed is in the target
    }

    @Override
    public String describe() {
        return "append_direct: tasks COPY into the target directly (atomic per task only)";
    }
}
