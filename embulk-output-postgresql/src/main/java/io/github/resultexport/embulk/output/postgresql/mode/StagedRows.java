package io.github.resultexport.embulk.output.postgresql.mode;

import io.github.resultexport.embulk.output.postgresql.client.QualifiedName;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The final transaction's check that it publishes exactly what the tasks committed: a restarted server can empty an
 * UNLOGGED staging table, and a commit acknowledged without being made durable can vanish; either must end in a
 * failure with the target unchanged, never in a partial table.
 */
final class StagedRows {
    private final QualifiedName staging;
    private final long committed;

    StagedRows(QualifiedName staging, long committed) {
        this.staging = staging;
        this.committed = committed;
    }

    /** The rows the tasks reported committed. */
    long committed() {
        return committed;
    }

    /** Counts the staging table's rows; a move whose statement reads them all checks its row count instead. */
    void verifyCounted(Connection conn) throws SQLException {
        long staged = Long.parseLong(Sql.queryValue(conn, "SELECT count(*) FROM " + staging));
        if (staged != committed) {
            throw new StagedRowsMismatchException("the staging table " + staging.display() + " holds " + staged
                    + " rows, but the tasks committed " + committed + " (rows were lost on the server, e.g. by a"
                    + " crash or restart). Nothing was published and the target is unchanged; run the job again.");
        }
    }

    /**
     * Checks the row count of a statement that read every staged row and wrote one row for each (INSERT … SELECT,
     * an upsert without WHERE). A row count can only fall short of what it read (a trigger that skips rows, a rule),
     * so when it is not what the tasks committed the staging table is counted.
     */
    void verifyRead(Connection conn, long rowCount) throws SQLException {
        if (rowCount != committed) {
            verifyCounted(conn);
        }
    }

    /** What the staging table holds is not what the tasks committed. */
    static final class StagedRowsMismatchException extends RuntimeException {
        StagedRowsMismatchException(String message) {
            super(message);
        }
    }
}
