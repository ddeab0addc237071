package io.github.resultexport.embulk.output.postgresql;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.embulk.config.ConfigSource;
import org.junit.rules.ExternalResource;

/**
 * The real PostgreSQL server the tests write to, as {@link SharedTestServer} chooses it ({@code EMBULK_PG_TEST_URL},
 * 127.0.0.1:5432, or a throwaway cluster). Every test gets a schema of its own, dropped afterwards.
 */
public final class PgTestDatabase extends ExternalResource {
    private static final SecureRandom RANDOM = new SecureRandom();

    public final String host;
    public final int port;
    public final String database;
    public final String user;
    public final String password;
    private String schema;

    public PgTestDatabase() {
        SharedTestServer server = SharedTestServer.get();
        host = server.host;
        port = server.port;
        database = server.database;
        user = server.user;
        password = server.password;
    }

    /** A database on another server, e.g. a {@link ThrowawayCluster}; {@link #before} must be called by hand. */
    PgTestDatabase(String host, int port, String database, String user, String password) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
    }

    @Override
    protected void before() throws SQLException {
        schema = "it_" + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);
        execute("CREATE SCHEMA " + schema);
    }

    @Override
    protected void after() {
        try {
            execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public String schema() {
        return schema;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("options", "-c TimeZone=UTC");
        return DriverManager.getConnection(jdbcUrl(), p);
    }

    public void execute(String... sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    /** Every row of the query, each column rendered by the server as text ({@code ::text} in the query if needed). */
    public List<List<String>> query(String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    public long count(String table) throws SQLException {
        return Long.parseLong(query("SELECT count(*) FROM " + schema + "." + table).get(0).get(0));
    }

    /** Tables of the test schema whose name starts with {@code prefix}. */
    public List<String> tablesLike(String prefix) throws SQLException {
        List<String> names = new ArrayList<>();
        for (List<String> row : query("SELECT tablename FROM pg_tables WHERE schemaname = '" + schema
                + "' AND tablename LIKE '" + prefix.replace("_", "\\_") + "%' ORDER BY 1")) {
            names.add(row.get(0));
        }
        return names;
    }

    /** An output config for {@code table} in the test schema. */
    public ConfigSource outputConfig(EmbulkRunner embulk, String table) {
        return embulk.newConfig()
                .set("type", "postgresql")
                .set("host", host)
                .set("port", port)
                .set("user", user)
                .set("password", password)
                .set("database", database)
                .set("schema", schema)
                .set("table", table)
                .set("retry_initial_interval_millis", 100)
                .set("retry_max_interval_millis", 500);
    }

    public static String randomName(String prefix) {
        return prefix + Long.toHexString(RANDOM.nextLong() & 0xffffffL).toLowerCase(Locale.ROOT);
    }
}
