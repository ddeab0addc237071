package io.github.resultexport.embulk.output.salesforce_dmp.stage;

import java.util.Arrays;

/**
 * The bytes of one part being filled or uploaded. It starts small (a task may write little), grows by doubling but
 * not past its expected capacity (the part size and some room), so that a full part does not double its memory,
 * and is reused for the task's next parts.
 */
final class PartBuffer {
    private final int expectedCapacity;
    private byte[] bytes;
    private int size;

    PartBuffer() {
        this(64 * 1024);
    }

    /** @param expectedCapacity the most it usually holds; it grows beyond only when it must */
    PartBuffer(int expectedCapacity) {
        this.expectedCapacity = expectedCapacity;
        this.bytes = new byte[Math.min(64 * 1024, expectedCapacity)];
    }

    byte[] array() {
        return bytes;
    }

    int size() {
        return size;
    }

    /** Room for at least {@code more} further bytes; returns the (possibly new) array. */
    byte[] ensure(int more) {
        long needed = (long) size + more;
        if (needed > bytes.length) {
            if (needed > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("a part cannot hold more than 2 GB");
            }
            long doubled = Math.min(bytes.length * 2L, Math.max(expectedCapacity, bytes.length));
            bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(needed, doubled)));
        }
        return bytes;
    }

    void advance(int written) {
        size += written;
    }

    void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
    }

    void clear() {
        size = 0;
    }
}
