package io.github.resultexport.embulk.output.sfdc.stage;

import java.time.Duration;

/**
 * Waits between reads of a batch's state: {@code poll_interval_millis} first, then half as long again each time, up
 * to {@code poll_max_interval_millis}; bounded by {@code job_timeout}. Polls count against the org's API quota.
 */
public final class Backoff {
    private final long maxMillis;
    private final long deadlineNanos;
    private long waitMillis;

    public Backoff(long firstMillis, long maxMillis, Duration timeout) {
        this.waitMillis = firstMillis;
        this.maxMillis = maxMillis;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    /** Sleeps before the next read; false once the timeout has passed. */
    public boolean next() {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        try {
            Thread.sleep(Math.max(1, Math.min(waitMillis, left / 1_000_000)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Salesforce", e);
        }
        waitMillis = Math.min(maxMillis, waitMillis + waitMillis / 2 + 1);
        return true;
    }

    long nextWaitMillis() {
        return waitMillis;
    }
}
