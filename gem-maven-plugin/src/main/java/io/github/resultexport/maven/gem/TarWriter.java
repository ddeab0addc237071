package io.github.resultexport.maven.gem;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a POSIX ustar archive the way RubyGems' own {@code Gem::Package::TarWriter} does: regular files only, owner
 * and group {@code wheel} (uid and gid 0), one modification time for every entry, two zero blocks at the end. Nothing
 * of the machine that writes it (time, user, umask) reaches the archive, so the same entries give the same bytes.
 */
final class TarWriter implements AutoCloseable {
    private static final int BLOCK = 512;
    private static final String OWNER = "wheel";

    private final OutputStream out;
    private final long mtimeSeconds;
    private boolean closed;

    TarWriter(final OutputStream out, final long mtimeSeconds) {
        this.out = out;
        this.mtimeSeconds = mtimeSeconds;
    }

    /** Adds a regular file with the given permission bits (e.g. {@code 0644}). */
    void add(final String path, final int mode, final byte[] content) throws IOException {
        writeHeader(path, mode, content.length);
        out.write(content);
        pad(content.length);
    }

    /** Adds a regular file of {@code size} bytes read from {@code content}. */
    void add(final String path, final int mode, final long size, final InputStream content) throws IOException {
        writeHeader(path, mode, size);
        final byte[] buffer = new byte[64 * 1024];
        long remaining = size;
        while (remaining > 0) {
            final int read = content.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (read < 0) {
                throw new IOException(path + " ended " + remaining + " bytes before its announced size " + size);
            }
            out.write(buffer, 0, read);
            remaining -= read;
        }
        if (content.read() >= 0) {
            throw new IOException(path + " is longer than its announced size " + size);
        }
        pad(size);
    }

    private void writeHeader(final String path, final int mode, final long size) throws IOException {
        final byte[] header = new byte[BLOCK];
        final String[] prefixAndName = splitName(path);
        put(header, 0, 100, prefixAndName[1].getBytes(StandardCharsets.UTF_8));
        put(header, 100, 8, octal(mode, 7));
        put(header, 108, 8, octal(0, 7));
        put(header, 116, 8, octal(0, 7));
        put(header, 124, 12, octal(size, 11));
        put(header, 136, 12, octal(mtimeSeconds, 11));
        Arrays.fill(header, 148, 156, (byte) ' ');
        header[156] = '0';
        put(header, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
        put(header, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
        put(header, 265, 32, OWNER.getBytes(StandardCharsets.US_ASCII));
        put(header, 297, 32, OWNER.getBytes(StandardCharsets.US_ASCII));
        put(header, 329, 8, octal(0, 7));
        put(header, 337, 8, octal(0, 7));
        put(header, 345, 155, prefixAndName[0].getBytes(StandardCharsets.UTF_8));
        long checksum = 0;
        for (final byte b : header) {
            checksum += b & 0xff;
        }
        final byte[] checksumField = String.format("%06o\0 ", checksum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(checksumField, 0, header, 148, 8);
        out.write(header);
    }

    /** ustar keeps up to 100 bytes of a path in {@code name} and up to 155 more, up to a slash, in {@code prefix}. */
    static String[] splitName(final String path) {
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\")) {
            throw new IllegalArgumentException("not a relative path with forward slashes: " + path);
        }
        final byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= 100) {
            return new String[] {"", path};
        }
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            final String prefix = path.substring(0, slash);
            final String name = path.substring(slash + 1);
            if (prefix.getBytes(StandardCharsets.UTF_8).length <= 155
                    && name.getBytes(StandardCharsets.UTF_8).length <= 100 && !name.isEmpty()) {
                return new String[] {prefix, name};
            }
        }
        throw new IllegalArgumentException("path too long for a ustar archive: " + path);
    }

    private static byte[] octal(final long value, final int digits) {
        final String text = Long.toOctalString(value);
        if (text.length() > digits) {
            throw new IllegalArgumentException(value + " does not fit in " + digits + " octal digits");
        }
        final StringBuilder field = new StringBuilder(digits + 1);
        for (int i = text.length(); i < digits; i++) {
            field.append('0');
        }
        return field.append(text).append('\0').toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void put(final byte[] header, final int offset, final int length, final byte[] value) {
        if (value.length > length) {
            throw new IllegalArgumentException("tar header field of " + length + " bytes cannot hold " + value.length);
        }
        System.arraycopy(value, 0, header, offset, value.length);
    }

    private void pad(final long size) throws IOException {
        final int remainder = (int) (size % BLOCK);
        if (remainder != 0) {
            out.write(new byte[BLOCK - remainder]);
        }
    }

    /** Writes the end-of-archive marker; does not close the underlying stream. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            out.write(new byte[2 * BLOCK]);
            out.flush();
        }
    }
}
