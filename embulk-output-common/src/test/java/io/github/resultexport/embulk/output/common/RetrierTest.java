package io.github.resultexport.embulk.output.common;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.instanceOf;
import static org.hamcrest.CoreMatchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import ch.qos.logback.classic.Level;
import io.github.resultexport.embulk.output.common.testing.LogCapture;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.embulk.config.ConfigException;
import org.junit.Rule;
import org.junit.Test;

public class RetrierTest {
    private static final Predicate<Throwable> IO_IS_TRANSIENT = e -> e instanceof IOException;

    @Rule
    public LogCapture logs = new LogCapture("test.retrier");

    private final AtomicInteger calls = new AtomicInteger();

    private Retrier retrier(int limit) {
        return Retrier.of(options(limit, 1, 4), SecretMasker.of("hunter2"), logs.logger());
    }

    @Test
    public void retriesTransientErrorsUntilTheOperationSucceeds() {
        String result = retrier(5).run("upload part 7", failingTimes(2, "connection reset"), IO_IS_TRANSIENT);

        assertEquals("done after 3 calls", result);
        List<String> warnings = logs.lines(Level.WARN);
        assertEquals(2, warnings.size());
        assertEquals("upload part 7 failed (retry 1/5 in 1 ms): java.io.IOException: connection reset 1",
                warnings.get(0));
        assertEquals("upload part 7 failed (retry 2/5 in 2 ms): java.io.IOException: connection reset 2",
                warnings.get(1));
    }

    @Test
    public void theWaitDoublesUpToTheMaximum() {
        retrier(4).run("poll", failingTimes(4, "busy"), IO_IS_TRANSIENT);

        List<String> warnings = logs.lines(Level.WARN);
        assertThat(warnings.get(0), containsString("in 1 ms"));
        assertThat(warnings.get(1), containsString("in 2 ms"));
        assertThat(warnings.get(2), containsString("in 4 ms"));
        assertThat(warnings.get(3), containsString("in 4 ms"));
    }

    @Test
    public void doesNotRetryErrorsThatAreNotTransient() {
        IllegalArgumentException permanent = new IllegalArgumentException("bad column");
        try {
            retrier(5).run("insert", () -> {
                calls.incrementAndGet();
                throw permanent;
            }, IO_IS_TRANSIENT);
            fail();
        } catch (IllegalArgumentException e) {
            assertSame(permanent, e);
        }
        assertEquals(1, calls.get());
        assertTrue(logs.lines(Level.WARN).isEmpty());
    }

    @Test
    public void givesUpAfterTheLimitWithTheLastError() {
        try {
            retrier(2).run("commit", failingTimes(10, "timeout"), IO_IS_TRANSIENT);
            fail();
        } catch (RuntimeException e) {
            assertThat(e.getCause(), instanceOf(IOException.class));
            assertEquals("timeout 3", e.getCause().getMessage());
        }
        assertEquals(3, calls.get());
        assertEquals(2, logs.lines(Level.WARN).size());
    }

    @Test
    public void secretsAreMaskedInWarningsAndInTheThrownError() {
        try {
            retrier(1).run("login as admin/hunter2", failingTimes(10, "password hunter2 rejected"), IO_IS_TRANSIENT);
            fail();
        } catch (RuntimeException e) {
            assertThat(e.toString(), not(containsString("hunter2")));
            assertThat(e.getMessage(), containsString("password *** rejected 2"));
        }
        List<String> warnings = logs.lines(Level.WARN);
        assertEquals(1, warnings.size());
        assertEquals("login as admin/*** failed (retry 1/1 in 1 ms): java.io.IOException: password *** rejected 1",
                warnings.get(0));
    }

    @Test
    public void noneRunsOnce() {
        try {
            Retrier.none().run("once", failingTimes(1, "flaky"), IO_IS_TRANSIENT);
            fail();
        } catch (RuntimeException e) {
            assertEquals("flaky 1", e.getCause().getMessage());
        }
        assertEquals(1, calls.get());
        assertEquals("ok", Retrier.none().run("once", () -> "ok", IO_IS_TRANSIENT));
    }

    @Test
    public void rejectsANegativeLimit() {
        assertInvalid(options(-1, 1000, 60000), "option 'retry_limit' must be 0 or more");
    }

    @Test
    public void rejectsNonPositiveIntervals() {
        assertInvalid(options(3, 0, 60000), "option 'retry_initial_interval_millis' must be from 1");
        assertInvalid(options(3, 1000, -5), "option 'retry_max_interval_millis' must be from 1");
        assertInvalid(options(3, 1000, 1L << 40), "option 'retry_max_interval_millis' must be from 1");
    }

    @Test
    public void rejectsAnInitialIntervalAboveTheMaximum() {
        assertInvalid(options(3, 5000, 1000),
                "option 'retry_initial_interval_millis' (5000) must not exceed option 'retry_max_interval_millis' (1000)");
    }

    @Test
    public void validateAcceptsWhatOfAccepts() {
        Retrier.validate(options(0, 1, 1));
        Retrier.validate(options(3, 1000, 60000));
    }

    /** Both {@link Retrier#of} and {@link Retrier#validate} reject {@code options}. */
    private static void assertInvalid(RetryOptions options, String fragment) {
        try {
            Retrier.of(options, SecretMasker.of(), org.slf4j.LoggerFactory.getLogger("test.retrier"));
            fail();
        } catch (ConfigException e) {
            assertThat(e.getMessage(), containsString(fragment));
        }
        try {
            Retrier.validate(options);
            fail();
        } catch (ConfigException e) {
            assertThat(e.getMessage(), containsString(fragment));
        }
    }

    private Callable<String> failingTimes(int failures, String message) {
        return () -> {
            int call = calls.incrementAndGet();
            if (call <= failures) {
                throw new IOException(message + " " + call);
            }
            return "done after " + call + " calls";
        };
    }

    private static RetryOptions options(int limit, long initial, long max) {
        return new RetryOptions() {
            @Override
            public int getRetryLimit() {
                return limit;
            }

            @Override
            public long getRetryInitialIntervalMillis() {
                return initial;
            }

            @Override
            public long getRetryMaxIntervalMillis() {
                return max;
            }
        };
    }
}
