package io.github.resultexport.maven.gem;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip (RFC 1952) of a byte array with a header that depends on nothing but the data: no modification time (0), no
 * file name, OS "unknown". The compressed bytes come from {@link Deflater} at its best level.
 */
final class Gzip {
    private Gzip() {}

    static byte[] compress(final byte[] data) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
        // ID1 ID2 CM=deflate FLG=0 MTIME=0 XFL=2 (best compression) OS=255 (unknown)
        out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, (byte) 0xff}, 0, 10);

        final Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(data);
            deflater.finish();
            final byte[] buffer = new byte[64 * 1024];
            while (!deflater.finished()) {
                final int n = deflater.deflate(buffer);
                out.write(buffer, 0, n);
            }
        } finally {
            deflater.end();
        }

        final CRC32 crc = new CRC32();
        crc.update(data, 0, data.length);
        writeIntLittleEndian(out, crc.getValue());
        writeIntLittleEndian(out, data.length & 0xffffffffL);
        return out.toByteArray();
    }

    private static void writeIntLittleEndian(final ByteArrayOutputStream out, final long value) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
    }
}
