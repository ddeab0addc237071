package io.github.resultexport.embulk.output.salesforce_dmp.encode;

import java.util.Arrays;

/**
 * Lines of the import format as UTF-8 bytes. {@link #writeValue} encodes a value and checks it against the format
 * in the same pass over its characters.
 */
public final class LineBuffer {
    /** Values must be shorter than this many characters (code points). */
    public static final int MAX_VALUE_CHARS = 255;

    private byte[] bytes;
    private int size;

    public LineBuffer(int initialCapacity) {
        this.bytes = new byte[Math.max(16, initialCapacity)];
    }

    public byte[] array() {
        return bytes;
    }

    public int size() {
        return size;
    }

    /** Drops everything after the first {@code length} bytes (to take back a record found invalid). */
    public void truncate(int length) {
        size = length;
    }

    public void clear() {
        size = 0;
    }

    void write(byte b) {
        ensure(1);
        bytes[size++] = b;
    }

    void write(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
    }

    /** Writes ASCII text (numbers, timestamps) that needs no check. */
    void writeAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[size++] = (byte) s.charAt(i);
        }
    }

    /** Writes {@code value} (0 or more) in decimal, zero-padded to {@code width} digits. */
    void writeDigits(int value, int width) {
        ensure(width);
        int v = value;
        for (int i = size + width - 1; i >= size; i--) {
            bytes[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        size += width;
    }

    void writeLong(long v) {
        writeAscii(Long.toString(v));
    }

    /**
     * Writes {@code s} as UTF-8, or returns why the format cannot hold it: it contains {@code ^}, {@code ;}, a line
     * break or an unpaired surrogate, or a value is {@value #MAX_VALUE_CHARS} characters or longer. With
     * {@code commaSeparated}, {@code ,} separates several values (as in a segment list) and each is measured alone.
     * On a problem the bytes written so far stay; the caller truncates.
     *
     * @return null when written, else the problem, phrased to follow "the value"
     */
    String writeValue(String s, boolean commaSeparated) {
        int n = s.length();
        ensure(n * 3);
        byte[] b = bytes;
        int pos = size;
        int chars = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c == '^' || c == ';' || c == '\n' || c == '\r') {
                    size = pos;
                    return problemWith(c);
                }
                b[pos++] = (byte) c;
                if (c == ',' && commaSeparated) {
                    chars = 0;
                    continue;
                }
            } else if (c < 0x800) {
                b[pos++] = (byte) (0xc0 | (c >> 6));
                b[pos++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 >= n || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    size = pos;
                    return "is not valid Unicode (an unpaired surrogate)";
                }
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[pos++] = (byte) (0xf0 | (cp >> 18));
                b[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                b[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                b[pos++] = (byte) (0x80 | (cp & 0x3f));
            } else {
                b[pos++] = (byte) (0xe0 | (c >> 12));
                b[pos++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                b[pos++] = (byte) (0x80 | (c & 0x3f));
            }
            if (++chars >= MAX_VALUE_CHARS) {
                size = pos;
                return "is " + MAX_VALUE_CHARS + " characters or longer (the import format takes values of at most "
                        + (MAX_VALUE_CHARS - 1) + ")";
            }
        }
        size = pos;
        return null;
    }

    private static String problemWith(char c) {
        switch (c) {
            case '^':
                return "contains '^', which separates the user id from the attributes";
            case ';':
                return "contains ';', which separates attributes";
            default:
                return "contains a line break";
        }
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(size + more, bytes.length * 2));
        }
    }
}
