package io.github.resultexport.embulk.output.common;

import java.util.List;
import java.util.Locale;
import org.embulk.config.TaskReport;
import org.slf4j.Logger;

/**
 * The one line a plugin logs at the end of a run:
 * {@code postgresql: 1,000,000 rows written, 0 rejected, 108.2 MB, 3.10 s, 322,580 rows/s}.
 */
public final class RunSummary {
    private RunSummary() {
    }

    /**
     * Sums {@code rows}, {@code rejected} and {@code bytes} over {@code reports} (a missing key counts as 0) and
     * formats them with the elapsed time and the rate.
     */
    public static String line(String plugin, List<TaskReport> reports, long elapsedNanos) {
        long rows = 0;
        long rejected = 0;
        long bytes = 0;
        for (TaskReport report : reports) {
            if (report != null) {
                rows += count(report, ProgressLog.ROWS);
                rejected += count(report, ProgressLog.REJECTED);
                bytes += count(report, ProgressLog.BYTES);
            }
        }
        return String.format(Locale.ROOT, "%s: %,d rows written, %,d rejected, %.1f MB, %.2f s, %,d rows/s",
                plugin, rows, rejected, Units.megabytes(bytes), elapsedNanos / 1_000_000_000.0,
                Units.perSecond(rows, elapsedNanos));
    }

    /** Logs {@link #line(String, List, long)} at INFO. */
    public static void log(Logger log, String plugin, List<TaskReport> reports, long elapsedNanos) {
        log.info(line(plugin, reports, elapsedNanos));
    }

    private static long count(TaskReport report, String key) {
        if (!report.has(key)) {
            return 0;
        }
        Long value = report.get(Long.class, key, 0L);
        return value == null ? 0 : value;
    }
}
