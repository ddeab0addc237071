package io.github.resultexport.embulk.output.postgresql.encode;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * Renders instants the way PostgreSQL's input functions read them, without a formatter per value: the wall-clock
 * time in a zone (offset looked up per instant, so daylight-saving changes are right), optionally with the offset.
 */
final class TimeText {
    private final ZoneRules rules;
    private final boolean fixedUtc;

    TimeText(ZoneId zone) {
        this.rules = zone.getRules();
        this.fixedUtc = zone.normalized().equals(ZoneOffset.UTC);
    }

    private LocalDateTime local(Instant t) {
        ZoneOffset offset = fixedUtc ? ZoneOffset.UTC : rules.getOffset(t);
        return LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), offset);
    }

    /** {@code 2024-03-10 01:30:00.123456+00}: UTC with an explicit offset, for {@code timestamptz}. */
    static void writeUtcWithOffset(CopyTextWriter out, Instant t) {
        LocalDateTime l = LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), ZoneOffset.UTC);
        writeDateTime(out, l);
        out.writeAscii("+00");
        writeEra(out, l.getYear());
    }

    /** Wall-clock date and time in the zone, for {@code timestamp without time zone}. */
    void writeLocalDateTime(CopyTextWriter out, Instant t) {
        LocalDateTime l = local(t);
        writeDateTime(out, l);
        writeEra(out, l.getYear());
    }

    void writeLocalDate(CopyTextWriter out, Instant t) {
        LocalDateTime l = local(t);
        writeDate(out, l);
        writeEra(out, l.getYear());
    }

    void writeLocalTime(CopyTextWriter out, Instant t) {
        writeTime(out, local(t));
    }

    private static void writeDateTime(CopyTextWriter out, LocalDateTime l) {
        writeDate(out, l);
        out.writeByte(' ');
        writeTime(out, l);
    }

    private static void writeDate(CopyTextWriter out, LocalDateTime l) {
        int year = l.getYear();
        out.writePadded(year > 0 ? year : 1 - year, 4);
        out.writeByte('-');
        out.writePadded(l.getMonthValue(), 2);
        out.writeByte('-');
        out.writePadded(l.getDayOfMonth(), 2);
    }

    private static void writeTime(CopyTextWriter out, LocalDateTime l) {
        out.writePadded(l.getHour(), 2);
        out.writeByte(':');
        out.writePadded(l.getMinute(), 2);
        out.writeByte(':');
        out.writePadded(l.getSecond(), 2);
        int nano = l.getNano();
        if (nano != 0) {
            out.writeByte('.');
            out.writePadded(nano, 9);
        }
    }

    private static void writeEra(CopyTextWriter out, int year) {
        if (year <= 0) {
            out.writeAscii(" BC");
        }
    }
}
