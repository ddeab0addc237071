package io.github.resultexport.embulk.output.postgresql.encode;

import org.embulk.spi.PageReader;

/** Writes one column of the current record as a binary COPY field (never called for NULL values). */
interface BinaryEncoder {
    void encode(PageReader reader, CopyBinaryWriter out);
}
