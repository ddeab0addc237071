package io.github.resultexport.embulk.output.common;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneRules;

/**
 * Text of doubles and timestamps in the fixed layouts the plugins write, appended straight into a line being built.
 * Written by hand because they run for every value of every row: {@code BigDecimal} and {@code DateTimeFormatter}
 * were most of the encoding time of the sfdc and td outputs. The text is exactly theirs (checked against them in
 * the tests); years outside 1–9999 go through {@code DateTimeFormatter} as before.
 */
public final class FastText {
    private final ZoneRules rules;
    private final ZoneOffset fixedOffset;

    private FastText(ZoneId zone) {
        this.rules = zone.getRules();
        this.fixedOffset = rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH) : null;
    }

    /** Timestamps shown in {@code zone}. */
    public static FastText in(ZoneId zone) {
        return new FastText(zone);
    }

    /**
     * A finite double in plain decimal without trailing zeros, as
     * {@code BigDecimal.valueOf(d).stripTrailingZeros().toPlainString()}: {@code 1.5}, {@code 100}, {@code 0},
     * {@code 0.001}, {@code 12345678901234567890}.
     */
    public static void appendPlainDecimal(StringBuilder out, double d) {
        String s = Double.toString(d);
        if (s.indexOf('E') >= 0) {
            out.append(BigDecimal.valueOf(d).stripTrailingZeros().toPlainString());
        } else if (s.endsWith(".0")) {
            out.append(d == 0 ? "0" : s.substring(0, s.length() - 2));
        } else {
            out.append(s);
        }
    }

    /** {@code yyyy-MM-dd} of the instant in this zone; with a year outside 1–9999, the text of {@code fallback}. */
    public void appendDate(StringBuilder out, Instant instant, DateTimeFormatter fallback) {
        LocalDateTime t = local(instant);
        if (!appendDate(out, t)) {
            out.append(fallback.format(t));
        }
    }

    /**
     * {@code yyyy-MM-dd<separator>HH:mm:ss.SSS} of the instant in this zone (milliseconds, truncated), then
     * {@code suffix}; with a year outside 1–9999, the text of {@code fallback}'s pattern.
     */
    public void appendDateTimeMillis(StringBuilder out, Instant instant, char separator, String suffix,
            DateTimeFormatter fallback) {
        LocalDateTime t = local(instant);
        if (!appendDate(out, t)) {
            out.append(fallback.format(t));
            return;
        }
        out.append(separator);
        appendTimeMillis(out, t);
        out.append(suffix);
    }

    /** {@code HH:mm:ss.SSS} of the instant in this zone (milliseconds, truncated). */
    public void appendTimeMillis(StringBuilder out, Instant instant) {
        appendTimeMillis(out, local(instant));
    }

    private LocalDateTime local(Instant instant) {
        ZoneOffset offset = fixedOffset != null ? fixedOffset : rules.getOffset(instant);
        return LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), offset);
    }

    /** Appends {@code yyyy-MM-dd}, or nothing (returning false) for a year outside 1–9999. */
    private static boolean appendDate(StringBuilder out, LocalDateTime t) {
        int year = t.getYear();
        if (year < 1 || year > 9999) {
            return false;
        }
        pad(out, year, 4);
        out.append('-');
        pad(out, t.getMonthValue(), 2);
        out.append('-');
        pad(out, t.getDayOfMonth(), 2);
        return true;
    }

    private static void appendTimeMillis(StringBuilder out, LocalDateTime t) {
        pad(out, t.getHour(), 2);
        out.append(':');
        pad(out, t.getMinute(), 2);
        out.append(':');
        pad(out, t.getSecond(), 2);
        out.append('.');
        pad(out, t.getNano() / 1_000_000, 3);
    }

    private static void pad(StringBuilder out, int value, int digits) {
        for (int limit = 10; digits > 1; digits--, limit *= 10) {
            if (value < limit) {
                for (int i = 1; i < digits; i++) {
                    out.append('0');
                }
                break;
            }
        }
        out.append(value);
    }
}
