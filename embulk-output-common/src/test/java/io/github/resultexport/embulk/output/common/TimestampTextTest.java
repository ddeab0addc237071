package io.github.resultexport.embulk.output.common;

import static org.junit.Assert.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.TimeZone;
import org.junit.Test;

public class TimestampTextTest {
    @Test
    public void iso8601UtcWritesOnlyTheFractionDigitsNeeded() {
        assertEquals("2024-03-10T09:30:00Z", TimestampText.iso8601Utc(Instant.ofEpochSecond(1710063000L)));
        assertEquals("2024-03-10T09:30:00.120Z", TimestampText.iso8601Utc(Instant.ofEpochSecond(1710063000L, 120_000_000)));
        assertEquals("2024-03-10T09:30:00.123456Z", TimestampText.iso8601Utc(Instant.ofEpochSecond(1710063000L, 123_456_000)));
        assertEquals("2024-03-10T09:30:00.123456789Z",
                TimestampText.iso8601Utc(Instant.ofEpochSecond(1710063000L, 123_456_789)));
        assertEquals("1969-12-31T23:59:59.999Z", TimestampText.iso8601Utc(Instant.ofEpochMilli(-1)));
    }

    @Test
    public void iso8601UtcIgnoresTheJvmZone() {
        TimeZone saved = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));
        try {
            assertEquals("2024-03-10T09:30:00Z", TimestampText.iso8601Utc(Instant.ofEpochSecond(1710063000L)));
        } finally {
            TimeZone.setDefault(saved);
        }
    }

    @Test
    public void formatUsesTheGivenZoneAcrossDaylightSaving() {
        DateTimeFormatter formatter = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx", Locale.ROOT);
        ZoneId losAngeles = ZoneId.of("America/Los_Angeles");

        // Daylight saving starts in Los Angeles at 2024-03-10 10:00 UTC.
        assertEquals("2024-03-10 01:30:00 -08:00",
                TimestampText.format(Instant.parse("2024-03-10T09:30:00Z"), losAngeles, formatter));
        assertEquals("2024-03-10 03:30:00 -07:00",
                TimestampText.format(Instant.parse("2024-03-10T10:30:00Z"), losAngeles, formatter));
        assertEquals("2024-03-10 18:30:00 +09:00",
                TimestampText.format(Instant.parse("2024-03-10T09:30:00Z"), ZoneId.of("Asia/Tokyo"), formatter));
    }
}
