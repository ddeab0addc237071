package io.github.resultexport.embulk.output.postgresql.encode;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** Time arithmetic of the binary encoders; ValuesTest checks the same against the server's reading of the text. */
public class BinaryEncodersTest {
    private static final long Y2K = 946_684_800L;

    @Test
    public void microsecondsCountFromPostgresqlsEpochAndRoundNanosecondsAsTheServerRoundsText() {
        assertEquals(0, BinaryEncoders.pgMicros(Y2K, 0));
        assertEquals(-1_000_000, BinaryEncoders.pgMicros(Y2K - 1, 0));
        assertEquals(-1_000_000 + 123_457, BinaryEncoders.pgMicros(Y2K - 1, 123_456_789));
        assertEquals("a half rounds to even", 0, BinaryEncoders.pgMicros(Y2K, 500));
        assertEquals(2, BinaryEncoders.pgMicros(Y2K, 1_500));
        assertEquals(2, BinaryEncoders.pgMicros(Y2K, 2_500));
        assertEquals(1_000_000, BinaryEncoders.pgMicros(Y2K, 999_999_500));
    }

    @Test
    public void valuesBeyondEveryRangeAreNeverInfinity() {
        assertEquals(Long.MAX_VALUE - 1, BinaryEncoders.pgMicros(Long.MAX_VALUE / 1000, 0));
        assertEquals(Long.MIN_VALUE + 1, BinaryEncoders.pgMicros(Long.MIN_VALUE / 1000, 0));
        assertEquals(Integer.MAX_VALUE - 1, BinaryEncoders.pgDays(Long.MAX_VALUE / 1000));
        assertEquals(Integer.MIN_VALUE + 1, BinaryEncoders.pgDays(Long.MIN_VALUE / 1000));
    }

    @Test
    public void daysCountFromPostgresqlsEpochRoundingDown() {
        assertEquals(0, BinaryEncoders.pgDays(Y2K));
        assertEquals(0, BinaryEncoders.pgDays(Y2K + 86_399));
        assertEquals(-1, BinaryEncoders.pgDays(Y2K - 1));
    }
}
