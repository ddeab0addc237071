package io.github.resultexport.embulk.output.sfdc.stage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The CSV of one batch being filled or sent: the header, then one line per row; remembers where each line starts and
 * which input row (task row number) it is, so that results can be matched to rows and failed rows re-sent or reported.
 */
final class Batch {
    private final byte[] headerBytes;
    private final int headerChars;
    private byte[] bytes;
    private int length;
    private long chars;
    private int[] starts = new int[64];
    private long[] rowNumbers = new long[64];
    private int rows;
    final int attempt;

    Batch(String header, int attempt) {
        this(header, attempt, 0);
    }

    /** @param capacity bytes to make room for at once (the size of the previous batch: batches are alike) */
    Batch(String header, int attempt, int capacity) {
        this.headerBytes = header.getBytes(StandardCharsets.UTF_8);
        this.headerChars = header.length();
        this.bytes = Arrays.copyOf(headerBytes, Math.max(Math.max(headerBytes.length * 2, 4096), capacity));
        this.length = headerBytes.length;
        this.chars = headerChars;
        this.attempt = attempt;
    }

    boolean fits(int lineBytes, int lineChars, BatchLimits limits) {
        return rows < limits.maxRecords && length + (long) lineBytes <= limits.maxBytes
                && chars + lineChars <= limits.maxChars;
    }

    /** Whether a line this long could go into an empty batch at all. */
    boolean fitsAlone(int lineBytes, int lineChars, BatchLimits limits) {
        return headerBytes.length + (long) lineBytes <= limits.maxBytes && headerChars + lineChars <= limits.maxChars;
    }

    /** Adds a line already in UTF-8. */
    void add(long rowNumber, byte[] line, int lineChars) {
        int at = reserve(rowNumber, line.length, lineChars);
        System.arraycopy(line, 0, bytes, at, line.length);
    }

    /** Adds a line, encoding it straight into the batch; {@code lineBytes} is its UTF-8 length. */
    void add(long rowNumber, CharSequence line, int lineBytes) {
        int at = reserve(rowNumber, lineBytes, line.length());
        Utf8.encode(line, bytes, at);
    }

    private int reserve(long rowNumber, int lineBytes, int lineChars) {
        if (rows == starts.length) {
            starts = Arrays.copyOf(starts, rows * 2);
            rowNumbers = Arrays.copyOf(rowNumbers, rows * 2);
        }
        if (length + lineBytes > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + lineBytes));
        }
        int at = length;
        starts[rows] = at;
        rowNumbers[rows] = rowNumber;
        length += lineBytes;
        chars += lineChars;
        rows++;
        return at;
    }

    int rows() {
        return rows;
    }

    boolean isEmpty() {
        return rows == 0;
    }

    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    long rowNumber(int i) {
        return rowNumbers[i];
    }

    /** Row {@code i}'s line, with its line break. */
    byte[] line(int i) {
        int end = i + 1 < rows ? starts[i + 1] : length;
        return Arrays.copyOfRange(bytes, starts[i], end);
    }

    /** Row {@code i}'s line as text, without the line break. */
    String lineText(int i) {
        byte[] line = line(i);
        return new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
    }

    int lineChars(int i) {
        return lineText(i).length() + 1;
    }
}
