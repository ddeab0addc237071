package io.github.resultexport.embulk.output.postgresql.encode;

import java.io.IOException;
import org.embulk.spi.PageReader;

/** Encodes records for COPY in the format {@link CopyFormat} chose and hands the bytes to its sink. */
public interface CopyRecordWriter {
    /** Encodes the current record of {@code reader}. */
    void write(PageReader reader) throws IOException;

    /** Completes the COPY data written since the last call and hands every byte to the sink. */
    void endCopy() throws IOException;

    /** Bytes handed to the sink so far plus those still buffered. */
    long bytesWritten();
}
