package io.github.resultexport.embulk.output.postgresql;

import io.github.resultexport.embulk.output.postgresql.mode.TablePlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.embulk.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code dry_run: true}: checks the privileges the mode needs and logs the plan. */
final class DryRun {
    private static final Logger LOG = LoggerFactory.getLogger(DryRun.class);

    private final PluginTask task;
    private final TablePlan plan;
    private final Connection conn;

    DryRun(PluginTask task, TablePlan plan, Connection conn) {
        this.task = task;
        this.plan = plan;
        this.conn = conn;
    }

    void check() throws SQLException {
        List<String> missing = new ArrayList<>();
        if (!check("SELECT has_schema_privilege(?, 'CREATE')", plan.target().schema())) {
            missing.add("CREATE on schema " + plan.target().schema());
        }
        if (plan.targetExists()) {
            String table = plan.target().toString();
            if (!check("SELECT has_table_privilege(?, 'INSERT')", table)) {
                missing.add("INSERT on " + plan.target().display());
            }
            if (task.getMode() == Mode.TRUNCATE && !check("SELECT has_table_privilege(?, 'TRUNCATE')", table)) {
                missing.add("TRUNCATE on " + plan.target().display());
            }
            if (task.getMode() == Mode.MERGE && !check("SELECT has_table_privilege(?, 'UPDATE')", table)) {
                missing.add("UPDATE on " + plan.target().display());
            }
            if (task.getMode() == Mode.REPLACE && !check(
                    "SELECT pg_has_role(c.relowner, 'USAGE') FROM pg_catalog.pg_class c WHERE c.oid = ?::regclass",
                    table)) {
                missing.add("ownership of " + plan.target().display() + " (replace drops it)");
            }
        }
        if (!missing.isEmpty()) {
            throw new ConfigException("dry run: the user lacks " + String.join(", ", missing));
        }
        LOG.info("dry run: mode {} into {}; {}", task.getMode(), plan.target().display(),
                plan.targetExists() ? "the table exists" : "would run: " + plan.createTableSql(plan.target(), true));
        for (LoadColumn c : plan.columns()) {
            LOG.info("dry run: column {} -> {}", c.getName(), c.getSqlType());
        }
    }

    private boolean check(String sql, String arg) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
