package io.github.resultexport.embulk.output.salesforce_dmp.stage;

/** Where a task's encoded lines go: parts of the run's upload, or nowhere in a dry run. */
public interface LineSink extends AutoCloseable {
    /** Takes whole lines. */
    void write(byte[] lines, int off, int len);

    /** Stages everything written so far and says what was staged. */
    StagedOutput finish();

    /** Stops work in progress; what was staged is removed by the transaction. */
    void abort();

    /** Bytes staged so far (compressed when compression is on). */
    long stagedBytes();

    @Override
    void close();

    /** A dry run's sink: takes every line and stages nothing. */
    static LineSink discarding() {
        return new LineSink() {
            @Override
            public void write(byte[] lines, int off, int len) {
            }

            @Override
            public StagedOutput finish() {
                return StagedOutput.nothing();
            }

            @Override
            public void abort() {
            }

            @Override
            public long stagedBytes() {
                return 0;
            }

            @Override
            public void close() {
            }
        };
    }
}
