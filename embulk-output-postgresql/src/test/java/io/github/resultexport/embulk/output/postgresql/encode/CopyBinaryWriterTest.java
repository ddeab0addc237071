package io.github.resultexport.embulk.output.postgresql.encode;

import static org.junit.Assert.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.Test;

/** The binary COPY framing: a header per COPY, field count and lengths per row, the trailer at the end of a COPY. */
public class CopyBinaryWriterTest {
    private static final String HEADER = "50 47 43 4f 50 59 0a ff 0d 0a 00 00 00 00 00 00 00 00 00 ";
    private static final String TRAILER = "ff ff ";

    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private final CopyBinaryWriter writer = new CopyBinaryWriter((bytes, length) -> sent.write(bytes, 0, length),
            16, 3);

    private String sentHex() {
        StringBuilder sb = new StringBuilder();
        for (byte b : sent.toByteArray()) {
            sb.append(String.format("%02x ", b & 0xFF));
        }
        sent.reset();
        return sb.toString();
    }

    @Test
    public void eachCopyHasItsHeaderAndTrailerAndEachRowItsFieldCountAndLengths() throws Exception {
        writer.beginRow();
        writer.writeInt8(-2);
        writer.writeNull();
        writer.writeBoolean(true);
        writer.endRow();
        writer.endCopy();
        String row = "00 03 " + "00 00 00 08 ff ff ff ff ff ff ff fe " + "ff ff ff ff " + "00 00 00 01 01 ";
        assertEquals(HEADER + row + TRAILER, sentHex());

        writer.endCopy();
        assertEquals("a COPY without rows sends nothing", "", sentHex());

        writer.beginRow();
        writer.writeText("é".getBytes(StandardCharsets.UTF_8));
        writer.writeJsonb("{}".getBytes(StandardCharsets.UTF_8));
        writer.writeInt4(-1);
        writer.endRow();
        writer.endCopy();
        assertEquals(HEADER + "00 03 " + "00 00 00 02 c3 a9 " + "00 00 00 03 01 7b 7d " + "00 00 00 04 ff ff ff ff "
                + TRAILER, sentHex());
    }

    @Test
    public void fullBuffersGoOutAtRowEndsAndTheCountIncludesWhatIsBuffered() throws Exception {
        writer.beginRow();
        writer.writeFloat8(1.0);
        writer.writeNull();
        writer.writeNull();
        assertEquals(19 + 2 + 12 + 8, writer.bytesWritten());
        assertEquals("nothing leaves in the middle of a row", 0, sent.size());
        writer.endRow();
        assertEquals(HEADER + "00 03 00 00 00 08 3f f0 00 00 00 00 00 00 ff ff ff ff ff ff ff ff ", sentHex());
        assertEquals(41, writer.bytesWritten());
    }
}
