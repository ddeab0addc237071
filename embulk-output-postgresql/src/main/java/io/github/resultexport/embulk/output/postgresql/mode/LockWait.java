package io.github.resultexport.embulk.output.postgresql.mode;

import io.github.resultexport.embulk.output.postgresql.client.QualifiedName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the final transaction's locks without stalling the target's readers. A statement waiting for an exclusive
 * lock (DROP, TRUNCATE, ALTER) queues every later reader of the table behind it; so each attempt of the final
 * transaction waits at most {@link #ATTEMPT_MILLIS} for any lock ({@code SET LOCAL lock_timeout}); an attempt that
 * timed out is rolled back — readers go on — and tried again after a back-off, until {@code lock_wait_timeout}.
 */
public final class LockWait {
    /** The longest a reader of the target waits behind one of our lock requests. */
    static final long ATTEMPT_MILLIS = 1000;
    private static final long FIRST_BACKOFF_MILLIS = 250;
    private static final long MAX_BACKOFF_MILLIS = 5000;
    private static final Logger LOG = LoggerFactory.getLogger(LockWait.class);

    private final long timeoutMillis;
    private final QualifiedName target;
    private final String what;
    private long startedNanos;
    private long backoffMillis = FIRST_BACKOFF_MILLIS;
    private int timeouts;

    /**
     * @param timeoutSeconds {@code lock_wait_timeout}
     * @param target the table whose lock holders are named when the wait is given up
     * @param what the mode's lock, for messages ("replace: ACCESS EXCLUSIVE lock to drop and rename the table")
     */
    public LockWait(long timeoutSeconds, QualifiedName target, String what) {
        this.timeoutMillis = timeoutSeconds * 1000;
        this.target = target;
        this.what = what;
    }

    /** True for {@code lock_timeout} (SQLSTATE 55P03, lock_not_available). */
    static boolean isLockTimeout(SQLException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SQLException && "55P03".equals(((SQLException) c).getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** First statement of every attempt, inside its transaction. */
    void limitAttempt(Connection conn) throws SQLException {
        if (startedNanos == 0) {
            startedNanos = System.nanoTime();
        }
        try (Statement st = conn.createStatement()) {
            st.execute("SET LOCAL lock_timeout = '" + ATTEMPT_MILLIS + "ms'");
        }
    }

    /**
     * After an attempt gave up on a lock and was rolled back: waits the back-off and returns, or throws when
     * {@code lock_wait_timeout} is used up, naming the sessions that hold locks on the target.
     */
    void afterTimeout(Connection conn) throws SQLException {
        timeouts++;
        long waitedMillis = (System.nanoTime() - startedNanos) / 1_000_000;
        String holders = holders(conn);
        if (waitedMillis + backoffMillis > timeoutMillis) {
            throw new LockWaitTimeoutException("gave up after " + seconds(waitedMillis) + " s (lock_wait_timeout: "
                    + timeoutMillis / 1000 + " s) waiting for the " + what + " on " + target.display() + "; sessions"
                    + " holding locks on it: " + holders + ". Nothing was published and the target is unchanged."
                    + " Let those sessions finish (or end them with pg_terminate_backend(pid)), or raise"
                    + " lock_wait_timeout, and run the job again.");
        }
        LOG.info("waiting for the {} on {}: held by {}; attempt {} timed out after {} ms, next in {} ms"
                        + " (lock_wait_timeout {} s, {} s waited)", what, target.display(), holders, timeouts,
                ATTEMPT_MILLIS, backoffMillis, timeoutMillis / 1000, seconds(waitedMillis));
        try {
            Thread.sleep(backoffMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting to retry the final transaction", "57014", e);
        }
        backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
    }

    /** {@code pid 123 (AccessShareLock, application psql, transaction open 35 s)}, or a note that none is left. */
    private String holders(Connection conn) throws SQLException {
        List<String> found = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT l.pid, string_agg(DISTINCT l.mode, ', '),"
                + " a.application_name, extract(epoch FROM now() - a.xact_start)::bigint"
                + " FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid"
                + " WHERE l.locktype = 'relation' AND l.relation = to_regclass(?) AND l.granted"
                + " AND l.pid <> pg_backend_pid() GROUP BY l.pid, a.application_name, a.xact_start ORDER BY l.pid")) {
            ps.setString(1, target.toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int pid = rs.getInt(1);
                    String modes = rs.getString(2);
                    String app = rs.getString(3);
                    long open = rs.getLong(4);
                    boolean inTransaction = !rs.wasNull();
                    found.add("pid " + pid + " (" + modes
                            + (app == null || app.isEmpty() ? "" : ", application " + app)
                            + (inTransaction ? ", transaction open " + open + " s" : "") + ")");
                }
            }
        }
        return found.isEmpty() ? "none any more (they ended meanwhile)" : String.join(", ", found);
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f", millis / 1000.0);
    }

    /** lock_wait_timeout was reached. */
    public static final class LockWaitTimeoutException extends RuntimeException {
        LockWaitTimeoutException(String message) {
            super(message);
        }
    }
}
