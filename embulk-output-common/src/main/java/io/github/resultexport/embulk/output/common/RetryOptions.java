package io.github.resultexport.embulk.output.common;

/**
 * The retry settings every plugin offers. A plugin's task interface extends this and redeclares the three getters
 * with {@code @Config("retry_limit")}, {@code @Config("retry_initial_interval_millis")},
 * {@code @Config("retry_max_interval_millis")} and its own {@code @ConfigDefault}s.
 */
public interface RetryOptions {
    /** How many times a failed operation is retried after its first attempt; {@code 0} disables retries. */
    int getRetryLimit();

    /** The wait before the first retry; each later wait doubles, up to {@link #getRetryMaxIntervalMillis()}. */
    long getRetryInitialIntervalMillis();

    /** The longest wait between two attempts. */
    long getRetryMaxIntervalMillis();
}
