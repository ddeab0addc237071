package io.github.resultexport.embulk.output.postgresql;

import io.github.resultexport.embulk.output.postgresql.client.QualifiedName;
import io.github.resultexport.embulk.output.postgresql.client.TableColumn;
import io.github.resultexport.embulk.output.postgresql.client.TableInspector;
import io.github.resultexport.embulk.output.postgresql.encode.TargetKind;
import io.github.resultexport.embulk.output.postgresql.mode.ReplaceChecks;
import io.github.resultexport.embulk.output.postgresql.mode.TablePlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.embulk.config.ConfigException;
import org.embulk.spi.Column;
import org.embulk.spi.Schema;
import org.embulk.spi.type.Type;
import org.embulk.spi.type.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at the target in the catalog and decides the column types of the load; every problem it can see is a
 * ConfigException raised before anything is created.
 */
final class TablePlanner {
    private static final Logger LOG = LoggerFactory.getLogger(TablePlanner.class);

    private final PluginTask task;
    private final Schema schema;
    private final Connection conn;
    private final TableInspector inspector;

    TablePlanner(PluginTask task, Schema schema, Connection conn) {
        this.task = task;
        this.schema = schema;
        this.conn = conn;
        this.inspector = new TableInspector(conn);
    }

    TablePlan plan() throws SQLException {
        QualifiedName target = new QualifiedName(task.getSchema(), task.getTable());
        if (!inspector.schemaExists(target.schema())) {
            throw new ConfigException("schema '" + target.schema() + "' does not exist in database '"
                    + task.getDatabase() + "'");
        }
        Optional<String> otherKind = inspector.nonTableRelkind(target);
        if (otherKind.isPresent()) {
            throw new ConfigException(target.display() + " exists but is not a table (relkind '" + otherKind.get()
                    + "')");
        }
        Optional<Long> oid = inspector.oid(target);
        boolean fromInput = !oid.isPresent() || task.getMode() == Mode.REPLACE;
        List<LoadColumn> columns = new ArrayList<>();
        List<Boolean> notNull = new ArrayList<>();
        if (fromInput) {
            for (Column c : schema.getColumns()) {
                columns.add(columnFromInput(c));
                notNull.add(false);
            }
        } else {
            matchExistingColumns(target, inspector.columns(oid.get()), columns, notNull);
        }
        if (oid.isPresent() && task.getMode() == Mode.REPLACE) {
            List<String> views = inspector.dependentViews(oid.get());
            if (!views.isEmpty()) {
                throw new ConfigException(ReplaceChecks.viewsMessage(target, views));
            }
        }
        List<String> mergeKeys = task.getMode() == Mode.MERGE ? mergeKeys(target, oid) : new ArrayList<String>();
        return new TablePlan(target, oid.isPresent(), columns, notNull, mergeKeys,
                task.getCreateTableConstraint(), task.getCreateTableOption());
    }

    private LoadColumn columnFromInput(Column c) throws SQLException {
        PluginTask.ColumnOption option = task.getColumnOptions().get(c.getName());
        String sqlType = option != null && option.getType().isPresent()
                ? option.getType().get() : defaultSqlType(c.getType());
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT b.typname, b.typcategory FROM pg_catalog.pg_type t JOIN pg_catalog.pg_type b"
                        + " ON b.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END"
                        + " WHERE t.oid = pg_catalog.to_regtype(?)")) {
            ps.setString(1, sqlType);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new ConfigException("column_options." + c.getName() + ".type '" + sqlType
                            + "' is not a PostgreSQL type known to database '" + task.getDatabase() + "'");
                }
                return new LoadColumn(c.getName(), sqlType, TargetKind.of(rs.getString(1), rs.getString(2)),
                        rs.getString(1));
            }
        } catch (SQLException e) {
            if ("42601".equals(e.getSQLState()) || "22P02".equals(e.getSQLState())) {
                throw new ConfigException("column_options." + c.getName() + ".type '" + sqlType
                        + "' is not a valid type name: " + e.getMessage());
            }
            throw e;
        }
    }

    private void matchExistingColumns(QualifiedName target, List<TableColumn> tableColumns,
                                      List<LoadColumn> columns, List<Boolean> notNull) {
        Map<String, TableColumn> byName = new HashMap<>();
        for (TableColumn tc : tableColumns) {
            byName.put(tc.name(), tc);
        }
        List<String> missing = new ArrayList<>();
        for (Column c : schema.getColumns()) {
            TableColumn tc = byName.get(c.getName());
            if (tc == null) {
                missing.add(c.getName());
                continue;
            }
            PluginTask.ColumnOption option = task.getColumnOptions().get(c.getName());
            if (option != null && option.getType().isPresent()) {
                LOG.warn("column_options.{}.type is ignored: table {} exists and its column is {}",
                        c.getName(), target.display(), tc.sqlType());
            }
            columns.add(new LoadColumn(tc.name(), tc.sqlType(), tc.kind(), tc.baseType()));
            notNull.add(tc.notNull());
        }
        if (!missing.isEmpty()) {
            List<String> names = new ArrayList<>();
            for (TableColumn tc : tableColumns) {
                names.add(tc.name());
            }
            throw new ConfigException("table " + target.display() + " has no column named " + missing
                    + " (its columns: " + names + "). Add the columns, rename them in the input, or use mode replace");
        }
    }

    private List<String> mergeKeys(QualifiedName target, Optional<Long> oid) throws SQLException {
        if (!oid.isPresent()) {
            if (!task.getMergeKeys().isPresent()) {
                throw new ConfigException("mode merge needs merge_keys: table " + target.display()
                        + " does not exist yet, so there is no primary key to merge on");
            }
            return task.getMergeKeys().get();
        }
        List<List<String>> uniqueKeys = inspector.uniqueKeys(oid.get());
        List<String> keys;
        if (task.getMergeKeys().isPresent()) {
            keys = task.getMergeKeys().get();
        } else {
            keys = inspector.primaryKey(oid.get());
            if (keys.isEmpty()) {
                throw new ConfigException("mode merge needs merge_keys: table " + target.display()
                        + " has no primary key");
            }
        }
        for (List<String> unique : uniqueKeys) {
            if (new HashSet<>(unique).equals(new HashSet<>(keys))) {
                for (String key : keys) {
                    if (!PostgresqlConfigValidator.hasColumn(schema, key)) {
                        throw new ConfigException("merge key '" + key + "' of table " + target.display()
                                + " is not in the input (" + PostgresqlConfigValidator.columnNames(schema) + ")");
                    }
                }
                return keys;
            }
        }
        throw new ConfigException("mode merge with merge_keys " + keys + " needs a primary key or unique index on"
                + " exactly those columns of " + target.display() + " (INSERT … ON CONFLICT requires one); found "
                + uniqueKeys);
    }

    static String defaultSqlType(Type type) {
        if (type.equals(Types.BOOLEAN)) {
            return "boolean";
        } else if (type.equals(Types.LONG)) {
            return "bigint";
        } else if (type.equals(Types.DOUBLE)) {
            return "double precision";
        } else if (type.equals(Types.TIMESTAMP)) {
            return "timestamp with time zone";
        } else if (type.equals(Types.JSON)) {
            return "jsonb";
        }
        return "text";
    }
}
