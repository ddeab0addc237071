package io.github.resultexport.embulk.output.postgresql.client;

import io.github.resultexport.embulk.output.postgresql.encode.TargetKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads what the load must know about an existing table from the catalog; every value bound, never spliced. */
public final class TableInspector {
    private final Connection conn;

    public TableInspector(Connection conn) {
        this.conn = conn;
    }

    /** The table's oid, if a table (plain or partitioned) of that name exists. */
    public Optional<Long> oid(QualifiedName name) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')")) {
            ps.setString(1, name.schema());
            ps.setString(2, name.table());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.<Long>empty();
            }
        }
    }

    /** Whether rules are defined on the table (MERGE refuses such tables). */
    public boolean hasRules(long oid) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT relhasrules FROM pg_catalog.pg_class WHERE oid = ?")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    public boolean schemaExists(String schema) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Whether some relation (table, view, sequence…) other than a table already uses the name. */
    public Optional<String> nonTableRelkind(QualifiedName name) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT c.relkind FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind NOT IN ('r', 'p')")) {
            ps.setString(1, name.schema());
            ps.setString(2, name.table());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
            }
        }
    }

    /** Columns in table order, dropped ones left out; domains are classified by their base type. */
    public List<TableColumn> columns(long oid) throws SQLException {
        List<TableColumn> columns = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), b.typname, b.typcategory,"
                        + " a.attnotnull"
                        + " FROM pg_catalog.pg_attribute a"
                        + " JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
                        + " JOIN pg_catalog.pg_type b ON b.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype"
                        + " ELSE t.oid END"
                        + " WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(new TableColumn(rs.getString(1), rs.getString(2),
                            TargetKind.of(rs.getString(3), rs.getString(4)), rs.getBoolean(5), rs.getString(3)));
                }
            }
        }
        return columns;
    }

    /** Primary key columns in key order, empty when the table has none. */
    public List<String> primaryKey(long oid) throws SQLException {
        List<List<String>> keys = uniqueKeys(oid, true);
        return keys.isEmpty() ? new ArrayList<String>() : keys.get(0);
    }

    /** Column lists of the primary key and of every unique, non-partial, plain-column index. */
    public List<List<String>> uniqueKeys(long oid) throws SQLException {
        return uniqueKeys(oid, false);
    }

    private List<List<String>> uniqueKeys(long oid, boolean primaryOnly) throws SQLException {
        List<List<String>> keys = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT array_agg(a.attname ORDER BY k.ord) FROM pg_catalog.pg_index i"
                        + " CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)"
                        + " JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                        + " WHERE i.indrelid = ? AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL"
                        + (primaryOnly ? " AND i.indisprimary" : "")
                        + " GROUP BY i.indexrelid, i.indisprimary ORDER BY i.indisprimary DESC, i.indexrelid")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(new ArrayList<>(Arrays.asList((String[]) rs.getArray(1).getArray())));
                }
            }
        }
        return keys;
    }

    /** Views and materialized views that depend on the table, as {@code schema.name}. */
    public List<String> dependentViews(long oid) throws SQLException {
        List<String> views = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT DISTINCT vn.nspname || '.' || v.relname FROM pg_catalog.pg_depend d"
                        + " JOIN pg_catalog.pg_rewrite r ON r.oid = d.objid"
                        + " JOIN pg_catalog.pg_class v ON v.oid = r.ev_class"
                        + " JOIN pg_catalog.pg_namespace vn ON vn.oid = v.relnamespace"
                        + " WHERE d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.refobjid = ?"
                        + " AND v.oid <> d.refobjid ORDER BY 1")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    views.add(rs.getString(1));
                }
            }
        }
        return views;
    }

    /**
     * GRANT statements that give {@code target} the privileges others hold on the table {@code oid}
     * (the owner's own privileges are implied by ownership).
     */
    public List<String> grantsFor(long oid, QualifiedName target) throws SQLException {
        List<String> grants = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(r.rolname) END,"
                        + " a.privilege_type, a.is_grantable"
                        + " FROM pg_catalog.pg_class c CROSS JOIN LATERAL pg_catalog.aclexplode(c.relacl) a"
                        + " LEFT JOIN pg_catalog.pg_roles r ON r.oid = a.grantee"
                        + " WHERE c.oid = ? AND a.grantee <> c.relowner ORDER BY 1, 2")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // privilege_type is one of PostgreSQL's fixed keywords; the grantee comes quoted by the server.
                    grants.add("GRANT " + rs.getString(2) + " ON TABLE " + target + " TO " + rs.getString(1)
                            + (rs.getBoolean(3) ? " WITH GRANT OPTION" : ""));
                }
            }
        }
        return grants;
    }

    /** Names of the table's indexes. */
    public List<String> indexNames(long oid) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT c.relname FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid"
                        + " WHERE i.indrelid = ? ORDER BY 1")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    /** Tables in {@code schema} whose name starts with {@code prefix} (matched literally). */
    public List<String> tablesWithPrefix(String schema, String prefix) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = ? AND c.relkind = 'r' AND left(c.relname, ?) = ? ORDER BY 1")) {
            ps.setString(1, schema);
            ps.setInt(2, prefix.length());
            ps.setString(3, prefix);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }
}
