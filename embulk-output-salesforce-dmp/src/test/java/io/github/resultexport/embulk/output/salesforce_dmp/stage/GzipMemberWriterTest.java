package io.github.resultexport.embulk.output.salesforce_dmp.stage;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.Test;

/** Parts hold whole gzip members, so parts put together in any order read as one gzip stream. */
public class GzipMemberWriterTest {
    @Test
    public void membersOfSeveralPartsConcatenateIntoOneStream() throws IOException {
        GzipMemberWriter writer = new GzipMemberWriter(1);
        PartBuffer first = new PartBuffer();
        PartBuffer second = new PartBuffer();
        byte[] a = "a^segment:1\nb^segment:2\n".getBytes(StandardCharsets.UTF_8);
        byte[] b = "c^note:日本\n".getBytes(StandardCharsets.UTF_8);
        writer.write(a, 0, a.length, first);
        writer.endMember(first);
        writer.write(b, 0, b.length, second);
        writer.write(a, 0, 12, second);
        writer.endMember(second);
        writer.endMember(second);
        writer.close();

        assertEquals("c^note:日本\na^segment:1\na^segment:1\nb^segment:2\n", gunzip(second, first));
    }

    @Test
    public void anEmptyFileIsOneEmptyMember() throws IOException {
        byte[] empty = PartWriter.emptyFile(true);

        assertEquals("", gunzip(empty));
        assertArrayEquals(new byte[0], PartWriter.emptyFile(false));
    }

    private static String gunzip(PartBuffer... parts) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (PartBuffer p : parts) {
            all.write(p.array(), 0, p.size());
        }
        return gunzip(all.toByteArray());
    }

    private static String gunzip(byte[] data) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
