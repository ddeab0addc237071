package io.github.resultexport.embulk.output.common;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.embulk.config.ConfigException;
import org.embulk.util.retryhelper.RetryExecutor;
import org.embulk.util.retryhelper.RetryGiveupException;
import org.embulk.util.retryhelper.Retryable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an operation, retrying it on transient errors with exponential back-off (doubling from the initial interval,
 * capped at the maximum), on top of embulk-util-retryhelper. Only pass operations that are safe to run again:
 * never one whose failure may mean its work was already applied.
 */
public final class Retrier {
    private static final Retrier NONE = new Retrier(0, 1, 1, SecretMasker.of(), LoggerFactory.getLogger(Retrier.class));

    private final int retryLimit;
    private final int initialIntervalMillis;
    private final int maxIntervalMillis;
    private final SecretMasker masker;
    private final Logger log;

    private Retrier(int retryLimit, int initialIntervalMillis, int maxIntervalMillis, SecretMasker masker, Logger log) {
        this.retryLimit = retryLimit;
        this.initialIntervalMillis = initialIntervalMillis;
        this.maxIntervalMillis = maxIntervalMillis;
        this.masker = masker;
        this.log = log;
    }

    /**
     * A retrier with the given settings; WARN lines and thrown exceptions are masked with {@code masker}.
     *
     * @throws ConfigException naming the option when {@code retry_limit} is negative, an interval is not positive
     *     or does not fit in an int, or the initial interval exceeds the maximum
     */
    public static Retrier of(RetryOptions options, SecretMasker masker, Logger log) {
        Objects.requireNonNull(masker, "masker");
        Objects.requireNonNull(log, "log");
        validate(options);
        return new Retrier(options.getRetryLimit(), (int) options.getRetryInitialIntervalMillis(),
                (int) options.getRetryMaxIntervalMillis(), masker, log);
    }

    /**
     * Checks the retry options, so that a plugin can report them with its other configuration errors before it
     * starts any work.
     *
     * @throws ConfigException naming the option when {@code retry_limit} is negative, an interval is not positive
     *     or does not fit in an int, or the initial interval exceeds the maximum
     */
    public static void validate(RetryOptions options) {
        if (options.getRetryLimit() < 0) {
            throw new ConfigException("option 'retry_limit' must be 0 or more, got " + options.getRetryLimit());
        }
        int initial = positiveInt("retry_initial_interval_millis", options.getRetryInitialIntervalMillis());
        int max = positiveInt("retry_max_interval_millis", options.getRetryMaxIntervalMillis());
        if (initial > max) {
            throw new ConfigException("option 'retry_initial_interval_millis' (" + initial
                    + ") must not exceed option 'retry_max_interval_millis' (" + max + ")");
        }
    }

    /** A retrier that runs each operation once (tests, and operations that must never be repeated). */
    public static Retrier none() {
        return NONE;
    }

    private static int positiveInt(String option, long value) {
        if (value <= 0 || value > Integer.MAX_VALUE) {
            throw new ConfigException("option '" + option + "' must be from 1 to " + Integer.MAX_VALUE + ", got "
                    + value);
        }
        return (int) value;
    }

    /**
     * Runs {@code op}, retrying it while it fails with an error {@code isTransient} accepts, at most
     * {@code retry_limit} times. Each retry logs one WARN line: {@code what}, the retry number, the masked error
     * and the wait.
     *
     * @param what what the operation does, for the log ("COPY into staging table")
     * @return what {@code op} returned
     * @throws RuntimeException the last error, masked by {@link SecretMasker#sanitize(Throwable)} (so a checked
     *     exception arrives wrapped), when it is not transient or the retries are used up
     */
    public <T> T run(String what, Callable<T> op, Predicate<Throwable> isTransient) {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(isTransient, "isTransient");
        RetryingCall<T> call = new RetryingCall<>(what, op, isTransient);
        try {
            return RetryExecutor.builder()
                    .withRetryLimit(retryLimit)
                    .withInitialRetryWaitMillis(initialIntervalMillis)
                    .withMaxRetryWaitMillis(maxIntervalMillis)
                    .build()
                    .runInterruptible(call);
        } catch (RetryGiveupException e) {
            Exception error = call.lastError != null ? call.lastError : e.getCause();
            if (error instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw masker.sanitize(error);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(masker.mask(what) + " was interrupted while waiting to retry", e);
        }
    }

    private final class RetryingCall<T> implements Retryable<T> {
        private final String what;
        private final Callable<T> op;
        private final Predicate<Throwable> isTransient;
        private Exception lastError;

        RetryingCall(String what, Callable<T> op, Predicate<Throwable> isTransient) {
            this.what = what;
            this.op = op;
            this.isTransient = isTransient;
        }

        @Override
        public T call() throws Exception {
            return op.call();
        }

        @Override
        public boolean isRetryableException(Exception exception) {
            return isTransient.test(exception);
        }

        @Override
        public void onRetry(Exception exception, int retryCount, int retryLimit, int retryWait) {
            log.warn("{} failed (retry {}/{} in {} ms): {}",
                    masker.mask(what), retryCount, retryLimit, retryWait, masker.mask(exception.toString()));
        }

        @Override
        public void onGiveup(Exception firstException, Exception lastException) {
            this.lastError = lastException;
        }
    }
}
