package io.github.resultexport.embulk.output.postgresql.encode;

import static org.junit.Assert.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.Test;

public class CopyTextWriterTest {
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private final CopyTextWriter writer = new CopyTextWriter((bytes, length) -> sent.write(bytes, 0, length), 16);

    private String flushed() throws Exception {
        writer.flush();
        return new String(sent.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    public void escapesTheFourSpecialCharactersInAsciiAndUnicodeText() throws Exception {
        writer.beginField();
        writer.writeText("a\\b\tc\nd\re");
        writer.beginField();
        writer.writeText("ü\\\t\n\r✓");
        writer.beginField();
        writer.writeNull();
        writer.endRow();
        assertEquals("a\\\\b\\tc\\nd\\re\tü\\\\\\t\\n\\r✓\t\\N\n", flushed());
    }

    @Test
    public void encodesEveryUtf8LengthLikeTheJdk() throws Exception {
        String text = "a\u00e9\u0416\u65e5\u672c\ud83c\udf89z\ud800x";
        writer.beginField();
        writer.writeText(text);
        writer.endRow();
        assertEquals(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8) + "\n", flushed());
        assertEquals("a\u00e9\u0416\u65e5\u672c\ud83c\udf89z?x\n", flushed());
    }

    @Test
    public void writesLongsIncludingTheExtremes() throws Exception {
        long[] values = {0, 7, -7, 10, 1234567890123L, Long.MAX_VALUE, Long.MIN_VALUE};
        for (long v : values) {
            writer.beginField();
            writer.writeLong(v);
        }
        writer.endRow();
        assertEquals("0\t7\t-7\t10\t1234567890123\t9223372036854775807\t-9223372036854775808\n", flushed());
    }

    @Test
    public void padsAndHandsFullBuffersToTheSinkAtRowEnds() throws Exception {
        writer.beginField();
        writer.writePadded(5, 4);
        writer.endRow();
        assertEquals("below the threshold nothing is sent yet", 0, sent.size());
        writer.beginField();
        writer.writePadded(5, 10);
        writer.beginField();
        writer.writePadded(123456, 2);
        writer.endRow();
        assertEquals("0005\n0000000005\t123456\n", new String(sent.toByteArray(), StandardCharsets.US_ASCII));
        assertEquals(23, writer.bytesWritten());
    }
}
