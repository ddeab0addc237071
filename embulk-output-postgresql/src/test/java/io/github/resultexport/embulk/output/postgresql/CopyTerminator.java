package io.github.resultexport.embulk.output.postgresql;

import io.github.resultexport.embulk.output.common.testing.RowHooks;

import java.util.ArrayList;
import java.util.List;

/**
 * A generator hook that ends the task's COPY connection with {@code pg_terminate_backend} at the rows it is called
 * for, and returns only once the server has ended that backend. The run must be single-threaded
 * ({@code exec: {min_output_tasks: 1}}) and name its sessions with its own {@code ApplicationName}, so that the hook
 * finds exactly one task connection in a known state — it fails the run loudly when it does not, instead of hoping.
 */
final class CopyTerminator implements RowHooks.RowHook {
    /** The state the task connection must be in when the hook is called. */
    enum Moment {
        /** Its COPY is running: {@code state = 'active'}, {@code query LIKE 'COPY %'}. */
        IN_COPY,
        /** Between two chunks: the last chunk is committed and the next COPY has not started. */
        BETWEEN_CHUNKS
    }

    private final PgTestDatabase db;
    private final String applicationName;
    private final Moment moment;
    private final List<Long> terminatedAtRows = new ArrayList<>();

    CopyTerminator(PgTestDatabase db, String applicationName, Moment moment) {
        this.db = db;
        this.applicationName = applicationName;
        this.moment = moment;
    }

    @Override
    public void reached(long row) throws Exception {
        List<List<String>> sessions = db.query("SELECT pid, state, query FROM pg_stat_activity"
                + " WHERE application_name = '" + applicationName + "' ORDER BY pid");
        List<String> victims = new ArrayList<>();
        for (List<String> s : sessions) {
            String state = s.get(1);
            String query = s.get(2) == null ? "" : s.get(2);
            boolean match = moment == Moment.IN_COPY
                    ? "active".equals(state) && query.startsWith("COPY ")
                    : "idle".equals(state) && "COMMIT".equals(query);
            if (match) {
                victims.add(s.get(0));
            }
        }
        if (victims.size() != 1) {
            throw new AssertionError("at row " + row + " expected one task connection " + moment + ", sessions of "
                    + applicationName + " (pid, state, query): " + sessions);
        }
        String pid = victims.get(0);
        if (!"true".equals(db.query("SELECT pg_terminate_backend(" + pid + ")::text").get(0).get(0))) {
            throw new AssertionError("pg_terminate_backend(" + pid + ") did not signal the backend");
        }
        FaultKit.waitUntil("backend " + pid + " to end", 60_000, () -> db.query(
                "SELECT 1 FROM pg_stat_activity WHERE pid = " + pid).isEmpty());
        synchronized (terminatedAtRows) {
            terminatedAtRows.add(row);
        }
    }

    /** How many task connections were ended. */
    int terminated() {
        synchronized (terminatedAtRows) {
            return terminatedAtRows.size();
        }
    }
}
