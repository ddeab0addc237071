package io.github.resultexport.embulk.output.td.mode;

import io.github.resultexport.embulk.output.td.client.TdApi;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Tells other runs that this run is alive: an empty bulk-import session named after the run and the time, replaced
 * by a newer one every quarter of {@code stale_run_timeout}. A run that dies stops renewing it, and once its newest
 * lease is older than the timeout the next run removes what it left. Sessions are what even a write-only key may
 * create and delete, so this works in every mode.
 */
final class Lease implements AutoCloseable {
    private final TdApi api;
    private final RunNames names;
    private final String database;
    private final String table;
    private final Logger log;
    private final ScheduledExecutorService timer;
    private String current;

    private Lease(TdApi api, RunNames names, String database, String table, Logger log) {
        this.api = api;
        this.names = names;
        this.database = database;
        this.table = table;
        this.log = log;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "td-lease-" + names.runId());
            t.setDaemon(true);
            return t;
        });
    }

    /** Takes the first lease (on a table the key may import into) and renews it in the background. */
    static Lease start(TdApi api, RunNames names, String database, String table, Duration staleAfter, Logger log) {
        Lease lease = new Lease(api, names, database, table, log);
        lease.renew();
        long every = Math.max(1000L, staleAfter.toMillis() / 4);
        lease.timer.scheduleWithFixedDelay(lease::renewQuietly, every, every, TimeUnit.MILLISECONDS);
        return lease;
    }

    private synchronized void renew() {
        String next = names.lease(System.currentTimeMillis() / 1000);
        if (next.equals(current)) {
            return;
        }
        api.createSession(next, database, table);
        String previous = current;
        current = next;
        if (previous != null) {
            api.deleteSession(previous);
        }
    }

    private void renewQuietly() {
        try {
            renew();
        } catch (RuntimeException e) {
            log.warn("could not renew the lease of run {} ({}); will try again", names.runId(),
                    api.masker().mask(String.valueOf(e.getMessage())));
        }
    }

    /** Stops renewing and removes the lease. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (current != null) {
                try {
                    api.deleteSession(current);
                } catch (RuntimeException e) {
                    log.warn("could not remove lease session {} ({}); the next run removes it", current,
                            api.masker().mask(String.valueOf(e.getMessage())));
                }
                current = null;
            }
        }
    }
}
