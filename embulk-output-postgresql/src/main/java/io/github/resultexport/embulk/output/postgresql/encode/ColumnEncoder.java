package io.github.resultexport.embulk.output.postgresql.encode;

import org.embulk.spi.PageReader;

/** Writes one column of the current record as a COPY text field (never called for NULL values). */
public interface ColumnEncoder {
    void encode(PageReader reader, CopyTextWriter out);
}
