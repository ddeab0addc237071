package io.github.resultexport.embulk.output.salesforce_dmp.stage;

import java.util.Arrays;

/** The bytes of one part being filled or uploaded; grows up to about the part size and is then reused. */
final class PartBuffer {
    private byte[] bytes = new byte[64 * 1024];
    private int size;

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
            bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(needed, bytes.length * 2L)));
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
