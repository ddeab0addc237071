package io.github.resultexport.embulk.output.td.mode;

import java.time.Duration;

/**
 * Waits between status reads: fast at first (a small load is ready in well under a second), then backing off to at
 * most {@link #MAX_WAIT_MILLIS}, so that a job that ended badly is seen within seconds and a long one does not burn
 * requests. Bounded by {@code job_timeout}.
 */
final class Poll {
    static final long FIRST_WAIT_MILLIS = 100;
    static final long MAX_WAIT_MILLIS = 10_000;

    private final long deadlineNanos;
    private long waitMillis = FIRST_WAIT_MILLIS;
    private int polls;

    Poll(Duration timeout) {
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    /** Sleeps before the next read; false when the timeout has passed. */
    boolean next() {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        try {
            Thread.sleep(Math.min(waitMillis, Math.max(1, left / 1_000_000)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Treasure Data", e);
        }
        advance();
        return true;
    }

    /** The wait before the next read. */
    long nextWaitMillis() {
        return waitMillis;
    }

    void advance() {
        polls++;
        waitMillis = Math.min(MAX_WAIT_MILLIS, waitMillis * 3 / 2 + 1);
    }

    int polls() {
        return polls;
    }
}
