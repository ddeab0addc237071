package io.github.resultexport.embulk.output.postgresql;

import io.github.resultexport.embulk.output.common.testing.LogCapture;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.assertLoaded;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.fingerprint;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.prepareTarget;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.runTables;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.embulk.config.ConfigSource;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * A long transaction reads the target while a run needs an exclusive lock on it. The run asks for the lock in short
 * attempts and backs off in between, so that a poller of short readers on the same table never waits behind it for
 * long; the run finishes once the long reader ends, or fails naming the reader when {@code lock_wait_timeout} is
 * reached, with the target unchanged and no staging table left.
 */
public class LockWaitTest {
    private static final long ROWS = 10_000;
    /** A short reader may queue behind one lock attempt (one second); anything near the long reader's hold is a stall. */
    private static final long MAX_SHORT_READER_WAIT_MILLIS = 3_000;
    /** The long reader lets go after the run logged this many timed-out attempts. */
    private static final int ATTEMPTS_BEFORE_RELEASE = 3;

    @Rule
    public final PgTestDatabase db = new PgTestDatabase();
    @Rule
    public final EmbulkRunner embulk = new EmbulkRunner();
    @Rule
    public final LogCapture logs = new LogCapture();
    /** Without short attempts, the run and the long reader of the timeout test would wait for each other forever. */
    @Rule
    public final Timeout timeout = Timeout.seconds(180);

    @Test
    public void replaceWaitsInShortAttempts() throws Exception {
        waitsInShortAttempts("replace");
    }

    @Test
    public void truncateWaitsInShortAttempts() throws Exception {
        waitsInShortAttempts("truncate");
    }

    private void waitsInShortAttempts(String mode) throws Exception {
        prepareTarget(db, mode);
        ShortReaders readers = new ShortReaders();
        AtomicReference<Throwable> releaseFailure = new AtomicReference<>();
        long[] pollsWhileHeld = new long[2];
        try (Connection longReader = db.connect()) {
            beginLongRead(longReader);
            Thread releaser = new Thread(() -> {
                try {
                    FaultKit.waitUntil("the run to log " + ATTEMPTS_BEFORE_RELEASE + " timed-out lock attempts",
                            60_000, () -> {
                                if (pollsWhileHeld[0] == 0 && lockWaits() > 0) {
                                    pollsWhileHeld[0] = readers.polls();
                                }
                                return lockWaits() >= ATTEMPTS_BEFORE_RELEASE;
                            });
                } catch (Throwable t) {
                    releaseFailure.set(t);
                } finally {
                    pollsWhileHeld[1] = readers.polls();
                    try {
                        longReader.commit();
                    } catch (SQLException e) {
                        releaseFailure.compareAndSet(null, e);
                    }
                }
            }, "long-reader-release");
            releaser.setDaemon(true);
            releaser.start();
            try {
                embulk.run(embulk.generator(ROWS, 1), db.outputConfig(embulk, "t").set("mode", mode));
            } finally {
                releaser.join(TimeUnit.SECONDS.toMillis(90));
                readers.stop();
            }
        }
        assertEquals("the long reader was held until the run had waited in short attempts", null,
                releaseFailure.get());
        assertTrue("short readers ran while the long reader held the table: " + pollsWhileHeld[0] + " → "
                + pollsWhileHeld[1], pollsWhileHeld[1] - pollsWhileHeld[0] >= 5);
        assertEquals("errors of the short readers", null, readers.error.get());
        assertTrue("longest wait of a short reader: " + readers.maxWaitMillis + " ms",
                readers.maxWaitMillis < MAX_SHORT_READER_WAIT_MILLIS);
        assertLoaded(db, mode, ROWS);
        assertEquals(Collections.emptyList(), runTables(db));
    }

    @Test
    public void lockWaitTimeoutFailsNamingTheHolder() throws Exception {
        String before = prepareTarget(db, "replace");
        ShortReaders readers = new ShortReaders();
        RuntimeException failure = null;
        long holderPid;
        try (Connection longReader = db.connect()) {
            holderPid = beginLongRead(longReader);
            try {
                embulk.run(embulk.generator(ROWS, 1),
                        db.outputConfig(embulk, "t").set("mode", "replace").set("lock_wait_timeout", 3));
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                readers.stop();
            }
            assertEquals("target after the failed run, seen while the long reader still holds it", before,
                    fingerprint(db, "t"));
            longReader.commit();
        }
        assertNotNull("the run must fail when lock_wait_timeout is reached", failure);
        String message = ModesTest.rootMessage(failure);
        assertTrue(message, message.contains("lock_wait_timeout: 3 s"));
        assertTrue(message, message.contains("ACCESS EXCLUSIVE lock"));
        assertTrue(message, message.contains("pid " + holderPid + " (AccessShareLock"));
        assertTrue(message, message.contains("Nothing was published"));
        assertEquals("errors of the short readers", null, readers.error.get());
        assertTrue("longest wait of a short reader: " + readers.maxWaitMillis + " ms",
                readers.maxWaitMillis < MAX_SHORT_READER_WAIT_MILLIS);
        assertTrue("lock waits logged before giving up", lockWaits() >= 1);
        assertEquals(before, fingerprint(db, "t"));
        assertEquals(Collections.emptyList(), runTables(db));
    }

    private long lockWaits() {
        return logs.linesContaining("waiting for the ").size();
    }

    /** Opens a transaction that has read the target (holding ACCESS SHARE until it ends); returns its pid. */
    private long beginLongRead(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.executeQuery("SELECT count(*) FROM " + db.schema() + ".t").close();
            try (ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Counts the target every 20 ms in autocommit, each in a fresh statement, and keeps the longest wait. */
    private final class ShortReaders {
        private final Thread thread;
        private final AtomicReference<Throwable> error = new AtomicReference<>();
        private volatile long maxWaitMillis;
        private volatile long polls;
        private volatile boolean stop;

        ShortReaders() throws SQLException {
            Connection c = db.connect();
            thread = new Thread(() -> loop(c), "short-readers");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop(Connection c) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            try (Connection conn = c; Statement st = conn.createStatement()) {
                while (!stop && System.nanoTime() < deadline) {
                    long started = System.nanoTime();
                    st.executeQuery("SELECT count(*) FROM " + db.schema() + ".t").close();
                    maxWaitMillis = Math.max(maxWaitMillis, (System.nanoTime() - started) / 1_000_000);
                    polls++;
                    Thread.sleep(20);
                }
            } catch (Throwable t) {
                error.set(t);
            }
        }

        long polls() {
            return polls;
        }

        void stop() throws InterruptedException {
            stop = true;
            thread.join(30_000);
        }
    }
}
