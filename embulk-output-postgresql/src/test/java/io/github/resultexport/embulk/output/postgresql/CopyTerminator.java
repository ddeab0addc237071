package io.github.resultexport.embulk.output.postgresql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A background thread that ends task connections of a run into the test schema with {@code pg_terminate_backend},
 * {@code times} times, once some rows are committed in the staging table. It only ever touches backends it has
 * seen running {@code COPY "<schema>".…} ({@code pg_stat_activity}, application {@code embulk-output-postgresql}),
 * so other runs on the same server are safe.
 */
final class CopyTerminator implements AutoCloseable {
    /** When to terminate a task's backend. */
    enum Moment {
        /** While its COPY is running ({@code state = 'active'}, {@code query LIKE 'COPY %'}). */
        IN_COPY,
        /** Between two chunks: the last chunk is committed and the next COPY has not started. */
        BETWEEN_CHUNKS
    }

    private final PgTestDatabase db;
    private final Moment moment;
    private final int times;
    private final Thread thread;
    private final Set<Integer> copyBackends = new LinkedHashSet<>();
    private final List<Integer> terminated = new ArrayList<>();
    private volatile boolean stop;
    private volatile Throwable failure;

    CopyTerminator(PgTestDatabase db, Moment moment, int times) {
        this.db = db;
        this.moment = moment;
        this.times = times;
        this.thread = new Thread(this::loop, "copy-terminator");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        try (Connection c = db.connect()) {
            while (!stop && terminatedCount() < times && System.nanoTime() < deadline) {
                if (FaultKit.stagedRows(db) <= 0) {
                    Thread.sleep(3);
                    continue;
                }
                Integer victim = null;
                try (PreparedStatement ps = c.prepareStatement("SELECT pid, state, query FROM pg_stat_activity"
                        + " WHERE application_name = 'embulk-output-postgresql' AND pid <> pg_backend_pid()")) {
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            int pid = rs.getInt(1);
                            String state = rs.getString(2);
                            String query = rs.getString(3);
                            boolean inCopy = "active".equals(state) && query != null
                                    && query.startsWith("COPY \"" + db.schema() + "\".");
                            if (inCopy) {
                                copyBackends.add(pid);
                            }
                            if (victim != null || terminated.contains(pid) || !copyBackends.contains(pid)) {
                                continue;
                            }
                            if (moment == Moment.IN_COPY ? inCopy
                                    : "idle".equals(state) && "COMMIT".equals(query)) {
                                victim = pid;
                            }
                        }
                    }
                }
                if (victim != null) {
                    try (PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
                        ps.setInt(1, victim);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            if (rs.getBoolean(1)) {
                                synchronized (terminated) {
                                    terminated.add(victim);
                                }
                            }
                        }
                    }
                    Thread.sleep(200); // let the run notice before the next one
                    continue;
                }
                Thread.sleep(3);
            }
        } catch (SQLException | InterruptedException | RuntimeException e) {
            failure = e;
        }
    }

    int terminatedCount() {
        synchronized (terminated) {
            return terminated.size();
        }
    }

    /** Stops polling and returns how many backends were terminated. */
    int stopAndCount() throws InterruptedException {
        stop = true;
        thread.join(TimeUnit.SECONDS.toMillis(30));
        if (failure != null) {
            throw new AssertionError("the terminator thread failed", failure);
        }
        return terminatedCount();
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }
}
