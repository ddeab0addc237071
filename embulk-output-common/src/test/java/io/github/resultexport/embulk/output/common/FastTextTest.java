package io.github.resultexport.embulk.output.common;

import static org.junit.Assert.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.Test;

public class FastTextTest {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);
    private static final DateTimeFormatter DATETIME_T =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT);
    private static final DateTimeFormatter DATETIME_SPACE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);

    @Test
    public void plainDecimalsAreBigDecimals() {
        double[] edges = {0.0, -0.0, 1.0, -1.0, 100.0, 1.5, 0.001, 0.0001, 1e-7, 1e7, 1.0E10, 123456789012.25,
            1e21, 1.7976931348623157E308, Double.MIN_VALUE, -2892.951, 0.1 + 0.2, 9007199254740993.0};
        for (double d : edges) {
            assertEquals(String.valueOf(d), bigDecimal(d), plain(d));
        }
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            double d = i % 3 == 0 ? Double.longBitsToDouble(random.nextLong())
                    : (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-12, 24));
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                continue;
            }
            assertEquals(String.valueOf(d), bigDecimal(d), plain(d));
        }
    }

    @Test
    public void datesAndTimesAreThoseOfDateTimeFormatter() {
        ZoneId[] zones = {ZoneOffset.UTC, ZoneId.of("Asia/Tokyo"), ZoneId.of("America/Los_Angeles"),
            ZoneOffset.ofHoursMinutes(-3, -30), ZoneId.of("Australia/Lord_Howe")};
        long[] edges = {0, -1, 1, 86_399, 86_400, -86_401, 951_782_400L, 4_102_444_799L, -62_135_596_800L,
            253_402_300_799L, 253_402_300_800L, -62_167_219_200L, -62_167_219_201L, 1_710_054_000L, 1_730_624_400L};
        SplittableRandom random = new SplittableRandom(7);
        for (ZoneId zone : zones) {
            FastText text = FastText.in(zone);
            for (long s : edges) {
                for (int nano : new int[] {0, 1, 999_999, 1_000_000, 123_456_789, 999_999_999}) {
                    check(text, zone, Instant.ofEpochSecond(s, nano));
                }
            }
            for (int i = 0; i < 50_000; i++) {
                check(text, zone, Instant.ofEpochSecond(random.nextLong(-70_000_000_000L, 260_000_000_000L),
                        random.nextInt(1_000_000_000)));
            }
        }
    }

    private static void check(FastText text, ZoneId zone, Instant t) {
        StringBuilder sb = new StringBuilder("x");
        text.appendDate(sb, t, DATE);
        assertEquals(t + " in " + zone, "x" + DATE.format(t.atZone(zone)), sb.toString());
        sb.setLength(0);
        text.appendDateTimeMillis(sb, t, 'T', "Z", DATETIME_T);
        assertEquals(t + " in " + zone, DATETIME_T.format(t.atZone(zone)), sb.toString());
        sb.setLength(0);
        text.appendDateTimeMillis(sb, t, ' ', "", DATETIME_SPACE);
        assertEquals(t + " in " + zone, DATETIME_SPACE.format(t.atZone(zone)), sb.toString());
        sb.setLength(0);
        text.appendTimeMillis(sb, t);
        assertEquals(t + " in " + zone, TIME.format(t.atZone(zone)), sb.toString());
    }

    private static String plain(double d) {
        StringBuilder sb = new StringBuilder();
        FastText.appendPlainDecimal(sb, d);
        return sb.toString();
    }

    private static String bigDecimal(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
