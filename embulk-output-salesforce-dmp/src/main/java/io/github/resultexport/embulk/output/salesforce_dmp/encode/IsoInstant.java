package io.github.resultexport.embulk.output.salesforce_dmp.encode;

import io.github.resultexport.embulk.output.common.TimestampText;
import java.time.Instant;

/**
 * Writes an instant as {@link TimestampText#iso8601Utc} does ({@code 2024-03-10T09:30:00Z}, fraction digits in
 * groups of three as needed), straight into the line buffer: no formatter, no string per value. Years outside
 * 0000–9999 go through {@link TimestampText}.
 */
final class IsoInstant {
    private static final long SECONDS_PER_DAY = 86_400;

    private IsoInstant() {
    }

    static void write(Instant instant, LineBuffer out) {
        long seconds = instant.getEpochSecond();
        long days = Math.floorDiv(seconds, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        // Civil date from days since 1970-01-01 (the proleptic Gregorian calendar, as java.time uses).
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long shiftedMonth = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
        int month = (int) (shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            out.writeAscii(TimestampText.iso8601Utc(instant));
            return;
        }
        digits(out, (int) year, 4);
        out.write((byte) '-');
        digits(out, month, 2);
        out.write((byte) '-');
        digits(out, day, 2);
        out.write((byte) 'T');
        digits(out, secondOfDay / 3600, 2);
        out.write((byte) ':');
        digits(out, secondOfDay / 60 % 60, 2);
        out.write((byte) ':');
        digits(out, secondOfDay % 60, 2);
        int nano = instant.getNano();
        if (nano != 0) {
            out.write((byte) '.');
            if (nano % 1_000_000 == 0) {
                digits(out, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                digits(out, nano / 1_000, 6);
            } else {
                digits(out, nano, 9);
            }
        }
        out.write((byte) 'Z');
    }

    private static void digits(LineBuffer out, int value, int width) {
        out.writeDigits(value, width);
    }
}
