package io.github.resultexport.embulk.output.postgresql.encode;

import java.io.IOException;

/**
 * Writes rows in PostgreSQL's binary COPY format into a reusable byte buffer handed to a {@link CopyTextWriter.Sink}
 * whenever it fills up: a header opens each COPY, every row is its field count and every field its length (-1 for
 * NULL) and bytes in the type's binary form, and {@link #endCopy} closes the COPY with its trailer. The server then
 * parses no text; the values arrive as it stores them.
 */
public final class CopyBinaryWriter extends CopyBuffer {
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0,
            0, 0, 0, 0, // flags: no OIDs
            0, 0, 0, 0}; // no header extension

    private final short fieldCount;
    private boolean inCopy;

    public CopyBinaryWriter(CopyTextWriter.Sink sink, int flushThreshold, int fieldCount) {
        super(sink, flushThreshold);
        this.fieldCount = (short) fieldCount;
    }

    /** Starts a row, and before the first row of a COPY the header. */
    public void beginRow() {
        if (!inCopy) {
            ensure(HEADER.length);
            putBytes(HEADER);
            inCopy = true;
        }
        ensure(2);
        putShort(fieldCount);
    }

    public void writeNull() {
        ensure(4);
        putInt(-1);
    }

    public void writeBoolean(boolean v) {
        ensure(5);
        putInt(1);
        buf[pos++] = (byte) (v ? 1 : 0);
    }

    public void writeInt4(int v) {
        ensure(8);
        putInt(4);
        putInt(v);
    }

    public void writeInt8(long v) {
        ensure(12);
        putInt(8);
        putLong(v);
    }

    public void writeFloat8(double v) {
        writeInt8(Double.doubleToLongBits(v));
    }

    /** Text for text, varchar, bpchar and json: UTF-8, unescaped. */
    public void writeText(byte[] utf8) {
        ensure(4 + utf8.length);
        putInt(utf8.length);
        putBytes(utf8);
    }

    /** jsonb: a version byte (1), then the JSON text. */
    public void writeJsonb(byte[] utf8) {
        ensure(5 + utf8.length);
        putInt(utf8.length + 1);
        buf[pos++] = 1;
        putBytes(utf8);
    }

    /** Ends the row; hands the buffer to the sink once it passed the flush threshold. */
    public void endRow() throws IOException {
        flushIfFull();
    }

    /** Closes the COPY begun since the last call (its trailer) and hands every byte to the sink. */
    public void endCopy() throws IOException {
        if (inCopy) {
            ensure(2);
            putShort((short) -1);
            inCopy = false;
        }
        flush();
    }

    private void putBytes(byte[] bytes) {
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    private void putShort(short v) {
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    private void putInt(int v) {
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    private void putLong(long v) {
        putInt((int) (v >>> 32));
        putInt((int) v);
    }
}
