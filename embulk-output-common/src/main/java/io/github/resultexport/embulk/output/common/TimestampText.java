package io.github.resultexport.embulk.output.common;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/** Instants as text, always in an explicit zone. */
public final class TimestampText {
    private TimestampText() {
    }

    /**
     * ISO-8601 in UTC with as many fraction digits as needed, in groups of three:
     * {@code 2024-03-10T09:30:00Z}, {@code 2024-03-10T09:30:00.123Z}, {@code 2024-03-10T09:30:00.123456Z}.
     */
    public static String iso8601Utc(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    /** {@code instant} in {@code zone}, formatted by {@code formatter}. */
    public static String format(Instant instant, ZoneId zone, DateTimeFormatter formatter) {
        Objects.requireNonNull(zone, "zone");
        return formatter.format(instant.atZone(zone));
    }
}
