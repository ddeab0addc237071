package io.github.resultexport.embulk.output.salesforce_dmp.mode;

import io.github.resultexport.embulk.output.salesforce_dmp.client.S3Bucket;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Rewrites the run's lease in the background while the run lives. A renewal that fails is logged and tried again
 * at the next tick; it has ten ticks before other runs may take the run for dead.
 */
final class LeaseRenewer implements AutoCloseable {
    private final ScheduledExecutorService scheduler;
    private volatile boolean stopped;

    private LeaseRenewer(S3Bucket s3, String key, String text, Duration interval, Logger log) {
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "salesforce_dmp lease");
            t.setDaemon(true);
            return t;
        });
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            if (stopped) {
                return;
            }
            try {
                s3.putText(key, text);
            } catch (RuntimeException e) {
                log.warn("could not renew the run's lease {} ({}); trying again in {} ms", s3.url(key),
                        e.getMessage(), millis);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Renews {@code key} with {@code text} every tenth of {@code staleRunTimeout} (at least every second). */
    static LeaseRenewer start(S3Bucket s3, String key, String text, Duration staleRunTimeout, Logger log) {
        return new LeaseRenewer(s3, key, text, renewalInterval(staleRunTimeout), log);
    }

    static Duration renewalInterval(Duration staleRunTimeout) {
        Duration tenth = staleRunTimeout.dividedBy(10);
        return tenth.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : tenth;
    }

    /** Stops renewing and waits for a renewal in progress, so that none can follow the lease's removal. */
    @Override
    public void close() {
        stopped = true;
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(90, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
