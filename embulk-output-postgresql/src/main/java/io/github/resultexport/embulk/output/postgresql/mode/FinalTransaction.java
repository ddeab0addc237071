package io.github.resultexport.embulk.output.postgresql.mode;

import io.github.resultexport.embulk.output.postgresql.client.PgConnector;
import io.github.resultexport.embulk.output.postgresql.client.SqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a strategy's {@link LoadStrategy#complete} in one transaction. A transient failure is retried only when the
 * server surely rolled back (serialization failure, deadlock) or the strategy can prove the lost transaction did not
 * commit; otherwise the error is raised — work that may have been applied is never sent again.
 */
public final class FinalTransaction {
    private static final Logger LOG = LoggerFactory.getLogger(FinalTransaction.class);

    private final PgConnector connector;
    private final LoadStrategy strategy;
    private Connection conn;
    private boolean lastFailureRolledBack;

    public FinalTransaction(PgConnector connector, LoadStrategy strategy, Connection conn) {
        this.connector = connector;
        this.strategy = strategy;
        this.conn = conn;
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
            attempt();
            return null;
        }, this::isRetryable);
    }

    public Connection connection() {
        return conn;
    }

    private void attempt() throws SQLException {
        conn.setAutoCommit(false);
        try {
            long started = System.nanoTime();
            strategy.complete(conn);
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
