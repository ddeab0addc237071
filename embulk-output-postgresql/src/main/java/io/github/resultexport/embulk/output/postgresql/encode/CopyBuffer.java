package io.github.resultexport.embulk.output.postgresql.encode;

import java.io.IOException;

/**
 * The reusable byte buffer of a COPY writer, handed to its {@link CopyTextWriter.Sink} when it fills up; the writers
 * put bytes into {@link #buf} at {@link #pos} after {@link #ensure} made room.
 */
abstract class CopyBuffer {
    private final CopyTextWriter.Sink sink;
    private final int flushThreshold;
    protected byte[] buf;
    protected int pos;
    private long totalBytes;

    CopyBuffer(CopyTextWriter.Sink sink, int flushThreshold) {
        this.sink = sink;
        this.flushThreshold = flushThreshold;
        this.buf = new byte[flushThreshold + 1024];
    }

    /** At the end of a row: hands the buffer to the sink once it passed the flush threshold. */
    protected final void flushIfFull() throws IOException {
        if (pos >= flushThreshold) {
            flush();
        }
    }

    public final void flush() throws IOException {
        if (pos > 0) {
            sink.write(buf, pos);
            totalBytes += pos;
            pos = 0;
        }
    }

    /** Bytes handed to the sink so far plus those still buffered. */
    public final long bytesWritten() {
        return totalBytes + pos;
    }

    protected final void ensure(int more) {
        if (pos + more > buf.length) {
            byte[] bigger = new byte[Math.max(buf.length * 2, pos + more)];
            System.arraycopy(buf, 0, bigger, 0, pos);
            buf = bigger;
        }
    }
}
