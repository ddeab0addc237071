package io.github.resultexport.embulk.output.postgresql.mode;

import java.sql.Connection;
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
}
