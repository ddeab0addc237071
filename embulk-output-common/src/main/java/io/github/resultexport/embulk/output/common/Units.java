package io.github.resultexport.embulk.output.common;

/** Conversions shared by the progress and summary lines. */
final class Units {
    private Units() {
    }

    /** Bytes in decimal megabytes (10^6 bytes). */
    static double megabytes(long bytes) {
        return bytes / 1_000_000.0;
    }

    /** Whole {@code count} per second over {@code elapsedNanos}; 0 when no time has passed. */
    static long perSecond(long count, long elapsedNanos) {
        if (elapsedNanos <= 0) {
            return 0;
        }
        return (long) (count * 1_000_000_000.0 / elapsedNanos);
    }
}
