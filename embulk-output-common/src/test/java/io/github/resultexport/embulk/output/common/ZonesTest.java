package io.github.resultexport.embulk.output.common;

import static org.hamcrest.CoreMatchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.fail;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.TimeZone;
import org.embulk.config.ConfigException;
import org.junit.Test;

public class ZonesTest {
    @Test
    public void acceptsUtcOffsetsAndRegions() {
        assertEquals(ZoneOffset.UTC, Zones.parse("default_timezone", "UTC"));
        assertEquals(ZoneOffset.UTC, Zones.parse("default_timezone", "utc"));
        assertEquals(ZoneOffset.UTC, Zones.parse("default_timezone", "Z"));
        assertEquals(ZoneOffset.ofHours(9), Zones.parse("default_timezone", "+09:00"));
        assertEquals(ZoneOffset.ofHoursMinutes(-5, -30), Zones.parse("default_timezone", "-05:30"));
        assertEquals(ZoneId.of("America/Los_Angeles"), Zones.parse("timezone", "America/Los_Angeles"));
        assertEquals(ZoneId.of("Asia/Tokyo"), Zones.parse("timezone", " Asia/Tokyo "));
    }

    @Test
    public void neverFallsBackToTheJvmZone() {
        TimeZone saved = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Tokyo"));
        try {
            assertEquals(ZoneOffset.UTC, Zones.parse("default_timezone", "UTC"));
        } finally {
            TimeZone.setDefault(saved);
        }
    }

    @Test
    public void rejectsUnknownZonesNamingTheOption() {
        assertRejected("JST", "option 'default_timezone' has unknown time zone 'JST'");
        assertRejected("Mars/Olympus", "option 'default_timezone' has unknown time zone 'Mars/Olympus'");
        assertRejected("+25:00", "unknown time zone '+25:00'");
        assertRejected("", "option 'default_timezone' is empty");
        assertRejected(null, "option 'default_timezone' is empty");
    }

    private static void assertRejected(String value, String fragment) {
        try {
            Zones.parse("default_timezone", value);
            fail("accepted " + value);
        } catch (ConfigException e) {
            assertThat(e.getMessage(), containsString(fragment));
            assertThat(e.getMessage(), containsString("America/Los_Angeles"));
        }
    }
}
