package io.github.resultexport.embulk.output.postgresql.mode;

import io.github.resultexport.embulk.output.postgresql.client.QualifiedName;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The final transaction's check that it publishes exactly what the tasks committed: a restarted server can empty an
 * UNLOGGED staging table, and a commit acknowledged without being made durable can vanish; either must end in a
 * failure with the target unchanged, never in a partial table.
 */
final class StagedRows {
    private StagedRows() {
    }

    static void verify(Connection conn, QualifiedName staging, long committedRows) throws SQLException {
        long staged;
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + staging)) {
            rs.next();
            staged = rs.getLong(1);
        }
        if (staged != committedRows) {
            throw new StagedRowsMismatchException("the staging table " + staging.display() + " holds " + staged
                    + " rows, but the tasks committed " + committedRows + " (rows were lost on the server, e.g. by a"
                    + " crash or restart). Nothing was published and the target is unchanged; run the job again.");
        }
    }

    /** What the staging table holds is not what the tasks committed. */
    static final class StagedRowsMismatchException extends RuntimeException {
        StagedRowsMismatchException(String message) {
            super(message);
        }
    }
}
