package io.github.resultexport.embulk.output.postgresql.mode;

import io.github.resultexport.embulk.output.postgresql.client.PgConnector;
import io.github.resultexport.embulk.output.postgresql.client.ServerWatch;
import io.github.resultexport.embulk.output.postgresql.client.SqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a strategy's {@link LoadStrategy#complete} in one transaction. A transient failure is retried only when the
 * server surely rolled back (serialization failure, deadlock) or the strategy can prove the lost transaction did not
 * commit; otherwise the error is raised — work that may have been applied is never sent again. Locks are waited for
 * in short attempts ({@link LockWait}), and a server restart under an UNLOGGED staging table fails the run
 * ({@link ServerWatch}).
 */
public final class FinalTransaction {
    private static final Logger LOG = LoggerFactory.getLogger(FinalTransaction.class);

    private final PgConnector connector;
    private final LoadStrategy strategy;
    private final long committedRows;
    private final ServerWatch serverWatch;
    private final LockWait lockWait;
    private Connection conn;
    private boolean lastFailureRolledBack;

    /**
     * @param committedRows the rows the tasks reported committed: exactly these must be published
     */
    public FinalTransaction(PgConnector connector, LoadStrategy strategy, Connection conn, long committedRows,
                            ServerWatch serverWatch, LockWait lockWait) {
        this.connector = connector;
        this.strategy = strategy;
        this.conn = conn;
        this.committedRows = committedRows;
        this.serverWatch = serverWatch;
        this.lockWait = lockWait;
    }

    /** Commits, retrying only where that cannot apply anything twice; {@link #connection} is the one used last. */
    public void run() {
        final boolean[] firstAttempt = {true};
        connector.retrier().run("final transaction", () -> {
            if (!firstAttempt[0]) {
                reconnectIfBroken();
                if (!lastFailureRolledBack && !strategy.stillPending(conn)) {
                    LOG.warn("the final transaction committed before the connection was lost; nothing to redo");
                    return null;
                }
            }
            firstAttempt[0] = false;
            attemptUntilLocked();
            return null;
        }, this::isRetryable);
    }

    public Connection connection() {
        return conn;
    }

    private void attemptUntilLocked() throws SQLException {
        while (true) {
            try {
                attempt();
                return;
            } catch (SQLException e) {
                if (!LockWait.isLockTimeout(e)) {
                    throw e;
                }
                lockWait.afterTimeout(conn);
            }
        }
    }

    private void attempt() throws SQLException {
        conn.setAutoCommit(false);
        try {
            lockWait.limitAttempt(conn);
            serverWatch.restarted(conn);
            long started = System.nanoTime();
            strategy.complete(conn, committedRows);
            conn.commit();
            LOG.info("final transaction committed in {} ms", (System.nanoTime() - started) / 1_000_000);
        } catch (SQLException | RuntimeException e) {
            try {
                conn.rollback();
            } catch (SQLException ignored) {
                // the connection may be gone; the server rolls back on its own
            }
            throw e;
        } finally {
            try {
                if (!conn.isClosed()) {
                    conn.setAutoCommit(true);
                }
            } catch (SQLException ignored) {
                // broken connection, replaced on retry
            }
        }
    }

    private boolean isRetryable(Throwable t) {
        String state = SqlErrors.sqlState(t);
        lastFailureRolledBack = "40001".equals(state) || "40P01".equals(state);
        return SqlErrors.isTransient(t);
    }

    private void reconnectIfBroken() throws SQLException {
        if (conn == null || conn.isClosed() || !conn.isValid(5)) {
            try {
                if (conn != null) {
                    conn.close();
                }
            } catch (SQLException ignored) {
                // broken
            }
            conn = connector.connectOnce();
        }
    }
}
