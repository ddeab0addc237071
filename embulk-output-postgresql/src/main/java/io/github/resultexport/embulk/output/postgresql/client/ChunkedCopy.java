package io.github.resultexport.embulk.output.postgresql.client;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;

/**
 * Streams COPY data (text or binary) into one table over one connection.
 *
 * <p>Resumable mode (staging tables): the stream is cut into chunks, each COPY committed in its own transaction
 * and kept in memory until committed. When the connection is lost, the chunk is re-sent on a new connection — but
 * only after the server says the lost transaction did not commit ({@code txid_status}), so no row lands twice. When
 * the server restarted meanwhile, an UNLOGGED staging table may have lost committed chunks: the task fails
 * ({@link ServerWatch}); a logged one kept them, and a transaction the crash discarded is re-sent.
 *
 * <p>Single-transaction mode (direct loads): one COPY in one transaction, committed by {@link #commitTask()}; a lost
 * connection fails the task and the server rolls the transaction back.
 */
public final class ChunkedCopy implements CopyChannel {
    private static final long OUTCOME_WAIT_MILLIS = 10_000;

    private final PgConnector connector;
    private final String copySql;
    private final boolean resumable;
    private final Logger log;
    private final ServerWatch serverWatch;
    private final List<byte[]> unacknowledged = new ArrayList<>();

    private Connection conn;
    private CopyIn copyIn;
    private boolean closed;
    private long xid;
    private int backendPid;
    private long chunks;
    private long resends;

    public ChunkedCopy(PgConnector connector, String copySql, boolean resumable, ServerWatch serverWatch,
                       Logger log) {
        this.connector = connector;
        this.copySql = copySql;
        this.resumable = resumable;
        this.serverWatch = serverWatch;
        this.log = log;
    }

    @Override
    public void write(byte[] bytes, int length) throws IOException {
        if (closed) {
            throw new IllegalStateException("COPY stream written after it was closed");
        }
        if (resumable) {
            // Kept before begin(): when the connection turns out to be lost there, these bytes are re-sent too.
            unacknowledged.add(Arrays.copyOf(bytes, length));
        }
        try {
            if (copyIn == null) {
                begin();
            }
            copyIn.writeToCopy(bytes, 0, length);
        } catch (SQLException e) {
            if (resumable && SqlErrors.isTransient(e)) {
                recover(e, false);
            } else {
                throw new CopyFailedException(e);
            }
        }
    }

    /** Resumable mode: ends and commits the current chunk (if one is open). */
    @Override
    public void endChunk() {
        if (copyIn == null) {
            return;
        }
        try {
            copyIn.endCopy();
            copyIn = null;
            conn.commit();
            chunkCommitted();
        } catch (SQLException e) {
            if (resumable && SqlErrors.isTransient(e)) {
                recover(e, true);
            } else {
                throw new CopyFailedException(e);
            }
        }
    }

    /** Single-transaction mode: ends the COPY and commits the task's transaction. */
    @Override
    public void commitTask() {
        try {
            if (copyIn == null && conn == null) {
                return;
            }
            if (copyIn != null) {
                copyIn.endCopy();
                copyIn = null;
            }
            conn.commit();
            chunks++;
        } catch (SQLException e) {
            throw new CopyFailedException(e);
        }
    }

    /** Rolls back whatever is open; committed chunks stay (the staging table is removed by the transaction). */
    @Override
    public void abort() {
        if (copyIn != null) {
            try {
                copyIn.cancelCopy();
            } catch (SQLException ignored) {
                // the connection is being thrown away anyway
            }
            copyIn = null;
        }
        if (conn != null) {
            try {
                conn.rollback();
            } catch (SQLException ignored) {
                // same
            }
        }
        unacknowledged.clear();
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly();
    }

    @Override
    public long chunks() {
        return chunks;
    }

    @Override
    public long resends() {
        return resends;
    }

    private void begin() throws SQLException {
        if (conn == null) {
            conn = connector.connect();
            conn.setAutoCommit(false);
        }
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT txid_current(), pg_backend_pid()")) {
            rs.next();
            xid = rs.getLong(1);
            backendPid = rs.getInt(2);
        }
        copyIn = conn.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
    }

    private void recover(SQLException cause, boolean atCommit) {
        log.warn("COPY connection lost ({}); the uncommitted chunk ({} bytes) is re-sent on a new connection"
                + " if the retry options allow", SqlErrors.serverMessage(cause), pending());
        closeQuietly();
        // The lost connection counts as the first failed attempt: retry_limit 0 fails the task, N allows N re-sends.
        final boolean[] lost = {true};
        connector.retrier().run("re-send COPY chunk", () -> {
            if (lost[0]) {
                lost[0] = false;
                throw cause;
            }
            resendOnce(atCommit);
            return null;
        }, SqlErrors::isTransient);
    }

    private void resendOnce(boolean atCommit) throws SQLException, IOException {
        closeQuietly();
        conn = connector.connectOnce();
        boolean restarted = serverWatch.restarted(conn);
        String outcome = xid == 0 ? "aborted" : outcomeOf(xid, backendPid, restarted);
        if ("committed".equals(outcome)) {
            if (!atCommit) {
                throw new IllegalStateException("transaction " + xid + " committed before its COPY was ended");
            }
            conn.setAutoCommit(false);
            chunkCommitted();
            return;
        }
        conn.setAutoCommit(false);
        resends++;
        List<byte[]> segments = new ArrayList<>(unacknowledged);
        begin();
        for (byte[] segment : segments) {
            copyIn.writeToCopy(segment, 0, segment.length);
        }
        if (atCommit) {
            copyIn.endCopy();
            copyIn = null;
            conn.commit();
            chunkCommitted();
        }
    }

    private void chunkCommitted() {
        chunks++;
        xid = 0;
        unacknowledged.clear();
    }

    /**
     * Waits until the server has decided the lost transaction; ends its backend if it lingers. After a restart, a
     * transaction the crash discarded is "in the future" for {@code txid_status} (SQLSTATE 22023): it did not commit.
     */
    private String outcomeOf(long lostXid, int lostPid, boolean restarted) throws SQLException {
        long deadline = System.currentTimeMillis() + OUTCOME_WAIT_MILLIS;
        boolean terminated = false;
        while (true) {
            String status;
            try (PreparedStatement ps = conn.prepareStatement("SELECT txid_status(?)")) {
                ps.setLong(1, lostXid);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    status = rs.getString(1);
                }
            } catch (SQLException e) {
                if (restarted && "22023".equals(e.getSQLState())) {
                    return "aborted";
                }
                throw e;
            }
            if (!"in progress".equals(status)) {
                return status == null ? "aborted" : status;
            }
            if (!terminated && System.currentTimeMillis() > deadline) {
                try (PreparedStatement ps = conn.prepareStatement("SELECT pg_terminate_backend(?)")) {
                    ps.setInt(1, lostPid);
                    ps.execute();
                }
                terminated = true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for the lost COPY transaction to end", "57014");
            }
        }
    }

    private long pending() {
        long n = 0;
        for (byte[] b : unacknowledged) {
            n += b.length;
        }
        return n;
    }

    private void closeQuietly() {
        copyIn = null;
        if (conn != null) {
            try {
                conn.close();
            } catch (SQLException ignored) {
                // closing a broken connection
            }
            conn = null;
        }
    }

    /** A COPY failure that is not (or no longer) retried; the cause is the server's error. */
    public static final class CopyFailedException extends RuntimeException {
        public CopyFailedException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
