package io.github.resultexport.embulk.output.common;

import static org.hamcrest.CoreMatchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertEquals;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertTrue;

import ch.qos.logback.classic.Level;
import io.github.resultexport.embulk.output.common.testing.LogCapture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.embulk.config.TaskReport;
import org.junit.Rule;
import org.junit.Test;

public class ProgressLogTest {
    @Rule
    public LogCapture logs = new LogCapture("test.progress");

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicLong clockReads = new AtomicLong();
    private final LongSupplier clock = () -> {
        clockReads.incrementAndGet();
        return now.get();
    };

    @Test
    public void logsAtMostOncePerInterval() {
        ProgressLog progress = new ProgressLog(logs.logger(), "task 0", 5000, clock);

        addRows(progress, 10_000, 100);
        assertTrue("nothing before the interval has passed", logs.lines(Level.INFO).isEmpty());

        advanceSeconds(6);
        addRows(progress, 10_000, 100);
        addRows(progress, 10_000, 100);
        assertEquals(1, logs.lines(Level.INFO).size());

        advanceSeconds(4);
        addRows(progress, 10_000, 100);
        assertEquals("4 s after the last line is too early", 1, logs.lines(Level.INFO).size());

        advanceSeconds(2);
        addRows(progress, 10_000, 100);
        assertEquals(2, logs.lines(Level.INFO).size());
    }

    @Test
    public void theLineShowsRowsMegabytesAndRate() {
        ProgressLog progress = new ProgressLog(logs.logger(), "task 3", 5000, clock);
        int rows = 250 * 4096;
        addRows(progress, rows - 1, 100);
        advanceSeconds(10);

        addRows(progress, 1, 100);

        assertEquals("task 3: 1,024,000 rows, 102.4 MB, 102,400 rows/s", logs.lines(Level.INFO).get(0));
    }

    @Test
    public void readsTheClockRarelyWhenCalledPerRow() {
        ProgressLog progress = new ProgressLog(logs.logger(), "task", 5000, clock);
        long before = clockReads.get();

        addRows(progress, 1_000_000, 50);

        assertThat(clockReads.get() - before, is(lessThanOrEqualTo(1_000_000L / 4096 + 1)));
        assertEquals(1_000_000, progress.rows());
        assertEquals(50_000_000, progress.bytes());
    }

    @Test
    public void largeRowsReadTheClockByVolume() {
        ProgressLog progress = new ProgressLog(logs.logger(), "task", 5000, clock);
        advanceSeconds(6);

        progress.add(1, 8L << 20);

        assertEquals("task: 1 rows, 8.4 MB, 0 rows/s", logs.lines(Level.INFO).get(0));
    }

    @Test
    public void logNowLogsRegardlessOfTheInterval() {
        ProgressLog progress = new ProgressLog(logs.logger(), "task 1", 5000, clock);
        progress.add(3, 300);
        advanceSeconds(1);

        progress.logNow();

        assertEquals("task 1: 3 rows, 0.0 MB, 3 rows/s", logs.lines(Level.INFO).get(0));
    }

    @Test
    public void reportPutsRowsAndBytesAndKeepsRejected() {
        ProgressLog progress = ProgressLog.every5s(logs.logger(), "task");
        progress.add(7, 700);
        TaskReport report = ConfigMappers.factory().newTaskReport().set("rejected", 2L);

        TaskReport returned = progress.report(report);

        assertEquals(Long.valueOf(7), returned.get(Long.class, "rows"));
        assertEquals(Long.valueOf(700), returned.get(Long.class, "bytes"));
        assertEquals(Long.valueOf(2), returned.get(Long.class, "rejected"));
    }

    private static void addRows(ProgressLog progress, int rows, long bytesPerRow) {
        for (int i = 0; i < rows; i++) {
            progress.add(1, bytesPerRow);
        }
    }

    private void advanceSeconds(long seconds) {
        now.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }
}
