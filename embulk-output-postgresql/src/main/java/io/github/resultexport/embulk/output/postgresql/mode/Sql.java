package io.github.resultexport.embulk.output.postgresql.mode;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs statements built from quoted identifiers and fixed keywords (values are always bound elsewhere). */
final class Sql {
    private static final Logger LOG = LoggerFactory.getLogger(Sql.class);

    private Sql() {
    }

    static void execute(Connection conn, String sql) throws SQLException {
        LOG.debug("SQL: {}", sql);
        try (Statement st = conn.createStatement()) {
            st.execute(sql);
        }
    }

    /** Runs an INSERT, UPDATE or MERGE and returns the number of rows it wrote. */
    static long update(Connection conn, String sql) throws SQLException {
        LOG.debug("SQL: {}", sql);
        try (Statement st = conn.createStatement()) {
            return st.executeLargeUpdate(sql);
        }
    }

    /** The single value of a one-row, one-column query. */
    static String queryValue(Connection conn, String sql) throws SQLException {
        LOG.debug("SQL: {}", sql);
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
