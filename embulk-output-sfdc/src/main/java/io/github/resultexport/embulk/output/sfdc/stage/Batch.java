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

    boolean fits(byte[] line, int lineChars, BatchLimits limits) {
        return rows < limits.maxRecords && length + (long) line.length <= limits.maxBytes
                && chars + lineChars <= limits.maxChars;
    }

    /** Whether a line this long could go into an empty batch at all. */
    boolean fitsAlone(byte[] line, int lineChars, BatchLimits limits) {
        return headerBytes.length + (long) line.length <= limits.maxBytes && headerChars + lineChars <= limits.maxChars;
    }

    void add(long rowNumber, byte[] line, int lineChars) {
        if (rows == starts.length) {
            starts = Arrays.copyOf(starts, rows * 2);
            rowNumbers = Arrays.copyOf(rowNumbers, rows * 2);
        }
        if (length + line.length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + line.length));
        }
        starts[rows] = length;
        rowNumbers[rows] = rowNumber;
        System.arraycopy(line, 0, bytes, length, line.length);
        length += line.length;
        chars += lineChars;
        rows++;
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
