package io.github.resultexport.embulk.output.common;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.embulk.config.TaskReport;
import org.slf4j.Logger;

/**
 * Counts the rows and bytes a task writes and logs an INFO line {@code label: N rows, X MB, R rows/s} at most once
 * per interval. One instance per task; not thread-safe.
 */
public final class ProgressLog {
    /** The report key for rows written. */
    public static final String ROWS = "rows";
    /** The report key for bytes written. */
    public static final String BYTES = "bytes";
    /** The report key for rows rejected (set by the plugin). */
    public static final String REJECTED = "rejected";

    /** The clock is read once per this many units of work, a unit being a row or a KiB. */
    private static final long UNITS_BETWEEN_CLOCK_READS = 4096;

    private final Logger log;
    private final String label;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final long startNanos;

    private long rows;
    private long bytes;
    private long unitsSinceClockRead;
    private long nextLogNanos;

    /**
     * @param log where the progress lines go
     * @param label the start of each line, e.g. {@code "task 3"}
     * @param intervalMillis the least time between two lines
     */
    public ProgressLog(Logger log, String label, long intervalMillis) {
        this(log, label, intervalMillis, System::nanoTime);
    }

    ProgressLog(Logger log, String label, long intervalMillis, LongSupplier nanoClock) {
        this.log = log;
        this.label = label;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        this.nextLogNanos = startNanos + intervalNanos;
    }

    /** A progress log that writes at most one line every 5 seconds. */
    public static ProgressLog every5s(Logger log, String label) {
        return new ProgressLog(log, label, 5000);
    }

    /** Counts written rows and bytes; cheap enough to call per row (it reads the clock only now and then). */
    public void add(long rows, long bytes) {
        this.rows += rows;
        this.bytes += bytes;
        unitsSinceClockRead += rows + (bytes >>> 10);
        if (unitsSinceClockRead >= UNITS_BETWEEN_CLOCK_READS) {
            unitsSinceClockRead = 0;
            long now = nanoClock.getAsLong();
            if (now - nextLogNanos >= 0) {
                nextLogNanos = now + intervalNanos;
                logLine(now);
            }
        }
    }

    /** Logs the current counts now, whatever the interval (e.g. when the task finishes). */
    public void logNow() {
        logLine(nanoClock.getAsLong());
    }

    /** Rows counted so far. */
    public long rows() {
        return rows;
    }

    /** Bytes counted so far. */
    public long bytes() {
        return bytes;
    }

    /** Puts {@code rows} and {@code bytes} into {@code report}, leaving its other keys ({@code rejected}) alone. */
    public TaskReport report(TaskReport report) {
        report.set(ROWS, rows);
        report.set(BYTES, bytes);
        return report;
    }

    private void logLine(long nowNanos) {
        if (log.isInfoEnabled()) {
            log.info(String.format(Locale.ROOT, "%s: %,d rows, %.1f MB, %,d rows/s",
                    label, rows, Units.megabytes(bytes), Units.perSecond(rows, nowNanos - startNanos)));
        }
    }
}
