package io.github.resultexport.embulk.output.salesforce_dmp.stage;

import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Compresses lines into gzip members (RFC 1952) straight into the part buffer, with one {@link Deflater} reused
 * for every member. gzip readers read concatenated members as one stream, so a file made of the members of many
 * parts and tasks is one valid gzip file.
 */
final class GzipMemberWriter implements MemberWriter {
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    private static final int MIN_ROOM = 64 * 1024;

    private final Deflater deflater;
    private final CRC32 crc = new CRC32();
    private boolean inMember;
    private long inputBytes;

    /** @param level the deflate level, 1 to 9 */
    GzipMemberWriter(int level) {
        this.deflater = new Deflater(level, true);
    }

    @Override
    public void write(byte[] lines, int off, int len, PartBuffer part) {
        if (len == 0) {
            return;
        }
        if (!inMember) {
            part.write(HEADER, 0, HEADER.length);
            inMember = true;
        }
        crc.update(lines, off, len);
        inputBytes += len;
        deflater.setInput(lines, off, len);
        while (!deflater.needsInput()) {
            deflateInto(part, Deflater.NO_FLUSH);
        }
    }

    @Override
    public void endMember(PartBuffer part) {
        if (!inMember) {
            return;
        }
        deflater.finish();
        while (!deflater.finished()) {
            deflateInto(part, Deflater.NO_FLUSH);
        }
        byte[] trailer = new byte[8];
        writeIntLe(trailer, 0, (int) crc.getValue());
        writeIntLe(trailer, 4, (int) inputBytes);
        part.write(trailer, 0, trailer.length);
        deflater.reset();
        crc.reset();
        inputBytes = 0;
        inMember = false;
    }

    /** A gzip member that holds nothing: the content of an empty gzip file. */
    static byte[] emptyMember() {
        Deflater empty = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            empty.finish();
            byte[] block = new byte[64];
            int n = empty.deflate(block);
            byte[] file = new byte[HEADER.length + n + 8];
            System.arraycopy(HEADER, 0, file, 0, HEADER.length);
            System.arraycopy(block, 0, file, HEADER.length, n);
            return file; // CRC32 and size of no input are both 0
        } finally {
            empty.end();
        }
    }

    private void deflateInto(PartBuffer part, int flush) {
        byte[] b = part.ensure(MIN_ROOM);
        int n = deflater.deflate(b, part.size(), b.length - part.size(), flush);
        part.advance(n);
    }

    private static void writeIntLe(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    @Override
    public void close() {
        deflater.end();
    }
}
