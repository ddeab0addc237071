package io.github.resultexport.embulk.output.td.encode;

import java.io.IOException;
import org.embulk.spi.PageReader;
import org.msgpack.core.MessagePacker;

/** Writes the value of one column of the current record (not null) in the form its TD column expects. */
@FunctionalInterface
interface FieldPacker {
    void pack(PageReader reader, MessagePacker packer) throws IOException;
}
