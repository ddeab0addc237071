package io.github.resultexport.maven.gem;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Reads a ustar archive back, checking each header's checksum, for the tests. */
final class TarEntries {
    private TarEntries() {}

    static final class Entry {
        final String path;
        final int mode;
        final long uid;
        final long gid;
        final long mtime;
        final char typeflag;
        final String magic;
        final String uname;
        final String gname;
        final byte[] content;

        Entry(final String path, final int mode, final long uid, final long gid, final long mtime, final char typeflag,
                final String magic, final String uname, final String gname, final byte[] content) {
            this.path = path;
            this.mode = mode;
            this.uid = uid;
            this.gid = gid;
            this.mtime = mtime;
            this.typeflag = typeflag;
            this.magic = magic;
            this.uname = uname;
            this.gname = gname;
            this.content = content;
        }
    }

    static List<Entry> read(final byte[] tar) {
        final List<Entry> entries = new ArrayList<>();
        int offset = 0;
        while (true) {
            if (offset + 512 > tar.length) {
                throw new AssertionError("archive ends without two zero blocks");
            }
            final byte[] header = Arrays.copyOfRange(tar, offset, offset + 512);
            if (allZero(header)) {
                if (!allZero(Arrays.copyOfRange(tar, offset + 512, offset + 1024))) {
                    throw new AssertionError("one zero block, not two, at " + offset);
                }
                if (offset + 1024 != tar.length) {
                    throw new AssertionError((tar.length - offset - 1024) + " bytes after the end marker");
                }
                return entries;
            }
            long sum = 0;
            for (int i = 0; i < 512; i++) {
                sum += (i >= 148 && i < 156) ? ' ' : header[i] & 0xff;
            }
            final long recorded = octal(header, 148, 8);
            if (sum != recorded) {
                throw new AssertionError("bad header checksum at " + offset + ": " + recorded + " != " + sum);
            }
            final String name = text(header, 0, 100);
            final String prefix = text(header, 345, 155);
            final long size = octal(header, 124, 12);
            final byte[] content = Arrays.copyOfRange(tar, offset + 512, offset + 512 + (int) size);
            entries.add(new Entry(prefix.isEmpty() ? name : prefix + "/" + name, (int) octal(header, 100, 8),
                    octal(header, 108, 8), octal(header, 116, 8), octal(header, 136, 12), (char) header[156],
                    new String(header, 257, 8, StandardCharsets.US_ASCII), text(header, 265, 32),
                    text(header, 297, 32), content));
            offset += 512 + (int) ((size + 511) / 512 * 512);
        }
    }

    static byte[] gunzip(final byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    private static boolean allZero(final byte[] bytes) {
        for (final byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(final byte[] header, final int offset, final int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(final byte[] header, final int offset, final int length) {
        final String text = text(header, offset, length).trim();
        return text.isEmpty() ? 0 : Long.parseLong(text, 8);
    }
}
