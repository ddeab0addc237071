package io.github.resultexport.embulk.output.postgresql.encode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes rows in PostgreSQL's COPY text format (tab-separated, {@code \N} for NULL, backslash escapes) into a
 * reusable byte buffer that is handed to a {@link Sink} whenever it fills up. No per-value objects for numbers.
 */
public final class CopyTextWriter extends CopyBuffer {
    /** Receives full buffers; the bytes are valid only during the call. */
    public interface Sink {
        void write(byte[] bytes, int length) throws IOException;
    }

    private static final byte[] NULL = {'\\', 'N'};
    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

    private boolean firstField = true;

    public CopyTextWriter(Sink sink, int flushThreshold) {
        super(sink, flushThreshold);
    }

    /** Starts the next field: a tab unless it is the first of the row. */
    public void beginField() {
        if (firstField) {
            firstField = false;
        } else {
            ensure(1);
            buf[pos++] = '\t';
        }
    }

    public void writeNull() {
        writeRaw(NULL);
    }

    public void writeRaw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    /** An ASCII string that needs no escaping (numbers, dates, keywords). */
    public void writeAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
    }

    public void writeLong(long v) {
        if (v == Long.MIN_VALUE) {
            writeRaw(MIN_LONG);
            return;
        }
        ensure(20);
        if (v < 0) {
            buf[pos++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int end = pos + digits;
        for (int i = end - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        pos = end;
    }

    /** Writes {@code v} zero-padded to {@code width} digits ({@code v} must be non-negative). */
    public void writePadded(long v, int width) {
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        ensure(Math.max(width, digits));
        for (int i = digits; i < width; i++) {
            buf[pos++] = '0';
        }
        writeLong(v);
    }

    public void writeByte(char c) {
        ensure(1);
        buf[pos++] = (byte) c;
    }

    /** Any text: UTF-8 encoded, with backslash, tab, newline and carriage return escaped. */
    public void writeText(String s) {
        int n = s.length();
        ensure(n * 3);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                putEscaped(c);
            } else if (c < 0x800) {
                buf[pos++] = (byte) (0xC0 | (c >> 6));
                buf[pos++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[pos++] = (byte) (0xF0 | (cp >> 18));
                buf[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[pos++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                buf[pos++] = '?'; // an unpaired surrogate is not text; the JDK's encoder writes '?' too
            } else {
                buf[pos++] = (byte) (0xE0 | (c >> 12));
                buf[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[pos++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    /** An ASCII character, escaped; room for two bytes must be ensured by the caller. */
    private void putEscaped(char b) {
        switch (b) {
            case '\\':
                buf[pos++] = '\\';
                buf[pos++] = '\\';
                break;
            case '\t':
                buf[pos++] = '\\';
                buf[pos++] = 't';
                break;
            case '\n':
                buf[pos++] = '\\';
                buf[pos++] = 'n';
                break;
            case '\r':
                buf[pos++] = '\\';
                buf[pos++] = 'r';
                break;
            default:
                buf[pos++] = (byte) b;
        }
    }

    /** Ends the row; hands the buffer to the sink once it passed the flush threshold. */
    public void endRow() throws IOException {
        ensure(1);
        buf[pos++] = '\n';
        firstField = true;
        flushIfFull();
    }
}
