package io.github.resultexport.embulk.output.postgresql.mode;

import io.github.resultexport.embulk.output.postgresql.client.QualifiedName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A session-level advisory lock named after a run's staging table, held by the run's control connection for as long
 * as the run lives. The server releases it when that connection ends — also when the process is killed — so a later
 * run can tell a dead run's leftovers (lock free) from a live concurrent run's tables (lock held).
 */
final class RunLock {
    /** First key of the two-key advisory lock space, "EMBK". */
    private static final int NAMESPACE = 0x454D424B;

    private RunLock() {
    }

    static void acquire(Connection conn, QualifiedName staging) throws SQLException {
        call(conn, "SELECT pg_advisory_lock(?, hashtext(?))", staging.table());
    }

    static boolean tryAcquire(Connection conn, String stagingTable) throws SQLException {
        return call(conn, "SELECT pg_try_advisory_lock(?, hashtext(?))", stagingTable);
    }

    static void release(Connection conn, String stagingTable) throws SQLException {
        call(conn, "SELECT pg_advisory_unlock(?, hashtext(?))", stagingTable);
    }

    private static boolean call(Connection conn, String sql, String name) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setInt(1, NAMESPACE);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return !"f".equals(rs.getString(1));
            }
        }
    }
}
