package io.github.resultexport.embulk.output.postgresql;

import static io.github.resultexport.embulk.output.postgresql.FaultKit.assertLoaded;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.prepareTarget;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.runTables;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;

/**
 * A reader in another session (autocommit, READ COMMITTED) counts the target every few milliseconds while a load
 * runs: in the atomic modes it only ever sees the old row count or the new one — never an empty or partial table,
 * never an error.
 */
public class ConcurrentReaderTest {
    private static final long ROWS = 60_000;

    @Rule
    public final PgTestDatabase db = new PgTestDatabase();
    @Rule
    public final EmbulkRunner embulk = new EmbulkRunner();

    @Test
    public void replace() throws Exception {
        readWhileLoading("replace", 100, ROWS);
    }

    @Test
    public void truncate() throws Exception {
        readWhileLoading("truncate", 100, ROWS);
    }

    @Test
    public void append() throws Exception {
        readWhileLoading("append", 100, ROWS + 100);
    }

    @Test
    public void merge() throws Exception {
        readWhileLoading("merge", 100, ROWS + 50);
    }

    private void readWhileLoading(String mode, long oldCount, long newCount) throws Exception {
        prepareTarget(db, mode);
        Reader reader = new Reader("SELECT count(*) FROM " + db.schema() + ".t");
        try {
            reader.awaitPolls(10);
            embulk.run(embulk.generator(ROWS, 1).set("sleep_millis_per_page", 20),
                    db.outputConfig(embulk, "t").set("mode", mode).set("batch_size", 256 * 1024));
            long pollsAtEnd = reader.polls();
            reader.awaitPolls(pollsAtEnd + 10);
        } finally {
            reader.stop();
        }
        Map<Long, Integer> seen = reader.seen();
        System.out.println("ConcurrentReaderTest " + mode + ": counts seen (count=times) " + seen);
        assertEquals("errors seen by the reader", Collections.emptyList(), reader.errors());
        assertEquals("counts seen by the reader (count -> times): " + seen, Collections.emptySet(),
                without(seen, oldCount, newCount));
        assertTrue("the reader saw the old rows: " + seen, seen.containsKey(oldCount));
        assertTrue("the reader saw the new rows: " + seen, seen.containsKey(newCount));
        assertLoaded(db, mode, ROWS);
        assertEquals(Collections.emptyList(), runTables(db));
    }

    private static Set<Long> without(Map<Long, Integer> seen, long a, long b) {
        Set<Long> other = new TreeSet<>(seen.keySet());
        other.remove(a);
        other.remove(b);
        return other;
    }

    /**
     * Polls a count query every 2 ms on its own connection until stopped. Its 30-minute limit only guards against a
     * test that never stops it: the run may take minutes on a loaded machine, and the reader must outlast it.
     */
    private final class Reader {
        private final Thread thread;
        private final Map<Long, Integer> seen = new TreeMap<>();
        private final List<String> errors = new ArrayList<>();
        private volatile long polls;
        private volatile boolean stop;

        Reader(String sql) {
            thread = new Thread(() -> loop(sql), "count-reader");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop(String sql) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
            try (Connection c = db.connect()) {
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                c.setAutoCommit(true);
                while (!stop && System.nanoTime() < deadline) {
                    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                        rs.next();
                        long n = rs.getLong(1);
                        synchronized (seen) {
                            seen.merge(n, 1, Integer::sum);
                        }
                    } catch (SQLException e) {
                        synchronized (errors) {
                            errors.add(e.getSQLState() + " " + e.getMessage());
                        }
                    }
                    polls++;
                    Thread.sleep(2);
                }
            } catch (SQLException | InterruptedException e) {
                synchronized (errors) {
                    errors.add("reader stopped: " + e);
                }
            }
        }

        long polls() {
            return polls;
        }

        void awaitPolls(long n) throws Exception {
            FaultKit.waitUntil(n + " reader polls", 60_000, () -> polls >= n || !thread.isAlive());
        }

        void stop() throws InterruptedException {
            stop = true;
            thread.join(30_000);
        }

        Map<Long, Integer> seen() {
            synchronized (seen) {
                return new TreeMap<>(seen);
            }
        }

        List<String> errors() {
            synchronized (errors) {
                return new ArrayList<>(errors);
            }
        }
    }
}
