package io.github.resultexport.embulk.output.postgresql.client;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Notices that the server restarted since the run began: {@code pg_postmaster_start_time()} changed. Crash recovery
 * empties every UNLOGGED table, so a restart may have thrown away rows the tasks had committed into an UNLOGGED
 * staging table; a logged staging table keeps every committed row.
 */
public final class ServerWatch {
    /** For dry runs and tests: never reports a restart. */
    public static final ServerWatch NONE = new ServerWatch(null, true);

    private final String startedAt;
    private final boolean stagingSurvivesCrash;

    public ServerWatch(String startedAt, boolean stagingSurvivesCrash) {
        this.startedAt = startedAt;
        this.stagingSurvivesCrash = stagingSurvivesCrash;
    }

    /** When the server of {@code conn} started, as the server writes it. */
    public static String startTime(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT pg_postmaster_start_time()::text")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * True when the server restarted since the run began and the staging table kept its rows.
     *
     * @throws ServerRestartedException when it restarted and the staging table is UNLOGGED
     */
    public boolean restarted(Connection conn) throws SQLException {
        if (startedAt == null) {
            return false;
        }
        String now = startTime(conn);
        if (startedAt.equals(now)) {
            return false;
        }
        if (!stagingSurvivesCrash) {
            throw new ServerRestartedException(startedAt, now);
        }
        return true;
    }

    /** The server restarted under an UNLOGGED staging table: the run cannot publish and must be run again. */
    public static final class ServerRestartedException extends RuntimeException {
        ServerRestartedException(String before, String now) {
            super("the PostgreSQL server restarted during the run (up since " + before + " when the run began, since "
                    + now + " now). Crash recovery empties UNLOGGED tables such as this run's staging table, so rows"
                    + " the tasks had committed may be gone: nothing was published and the target table is"
                    + " unchanged. Run the job again.");
        }
    }
}
