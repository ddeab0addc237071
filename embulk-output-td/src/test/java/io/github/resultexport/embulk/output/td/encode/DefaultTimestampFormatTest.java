package io.github.resultexport.embulk.output.td.encode;

import static org.junit.Assert.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import org.embulk.util.timestamp.TimestampFormatter;
import org.junit.Test;

/** The fast formatter of the default timestamp format writes what the strftime formatter writes. */
public class DefaultTimestampFormatTest {
    @Test
    public void sameTextAsStrftime() {
        for (String zone : new String[] {"UTC", "Asia/Tokyo", "America/Los_Angeles", "+05:45"}) {
            FieldPackers.DefaultTimestampText fast = new FieldPackers.DefaultTimestampText(ZoneId.of(zone));
            TimestampFormatter strftime = TimestampFormatter.builder(FieldPackers.DEFAULT_TIMESTAMP_FORMAT, true)
                    .setDefaultZoneId(ZoneId.of(zone)).build();
            for (String t : new String[] {"2024-03-10T09:59:59.999Z", "1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z",
                    "1969-12-31T23:59:59.0005Z", "9999-12-31T23:59:59.123456789Z", "2016-12-31T23:59:59Z",
                    "0000-06-01T12:00:00Z", "-0001-06-01T12:00:00Z", "+10000-01-01T00:00:00.5Z"}) {
                Instant instant = Instant.parse(t);
                assertEquals(zone + " " + t, strftime.format(instant), fast.format(instant));
            }
        }
    }
}
