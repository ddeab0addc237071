package io.github.resultexport.embulk.output.salesforce_dmp.encode;

import static org.junit.Assert.assertEquals;

import io.github.resultexport.embulk.output.common.TimestampText;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.Test;

/** The line buffer's own ISO-8601 writer gives exactly what {@link TimestampText#iso8601Utc} gives. */
public class IsoInstantTest {
    @Test
    public void sameTextAsTheJdkFormatter() {
        String[] fixed = {"1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z", "2000-02-29T12:00:00.5Z",
            "2024-03-10T09:30:00.123Z", "2024-03-10T09:30:00.123456Z", "2100-03-01T00:00:00Z",
            "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "-0001-12-31T00:00:00Z", "+10000-01-01T00:00:00Z"};
        for (String text : fixed) {
            Instant t = Instant.parse(text);
            assertEquals(text, TimestampText.iso8601Utc(t), write(t));
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            long seconds = random.nextLong(-62_167_219_200L, 253_402_300_800L);
            int nanos = random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000);
            if (random.nextBoolean()) {
                nanos = nanos / 1_000_000 * 1_000_000;
            }
            Instant t = Instant.ofEpochSecond(seconds, nanos);
            assertEquals(TimestampText.iso8601Utc(t), write(t));
        }
    }

    private static String write(Instant t) {
        LineBuffer out = new LineBuffer(8);
        IsoInstant.write(t, out);
        return new String(out.array(), 0, out.size(), StandardCharsets.US_ASCII);
    }
}
