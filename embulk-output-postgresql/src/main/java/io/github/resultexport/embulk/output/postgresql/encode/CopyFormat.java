package io.github.resultexport.embulk.output.postgresql.encode;

import java.io.IOException;
import java.util.List;
import org.embulk.spi.Column;
import org.embulk.spi.PageReader;

/**
 * The COPY format of a task: binary when every column lands in a type whose binary form is written here exactly as
 * the server would read the text (bigint, double precision, boolean, text, varchar, char, json, jsonb, timestamp
 * with and without time zone, date — the types a created table gets), else text. Binary spares the server the parsing
 * of numbers and timestamps and the client their formatting; both formats store the same values.
 */
public final class CopyFormat {
    private final ColumnEncoder[] textEncoders;
    private final BinaryEncoder[] binaryEncoders;

    private CopyFormat(ColumnEncoder[] textEncoders, BinaryEncoder[] binaryEncoders) {
        this.textEncoders = textEncoders;
        this.binaryEncoders = binaryEncoders;
    }

    public static CopyFormat choose(List<Column> columns, List<ColumnEncoders.Rendering> renderings) {
        BinaryEncoder[] binary = BinaryEncoders.build(columns, renderings);
        return binary != null ? new CopyFormat(null, binary)
                : new CopyFormat(ColumnEncoders.build(columns, renderings), null);
    }

    /** The same columns in text, whatever their types. */
    public static CopyFormat text(List<Column> columns, List<ColumnEncoders.Rendering> renderings) {
        return new CopyFormat(ColumnEncoders.build(columns, renderings), null);
    }

    public boolean isBinary() {
        return binaryEncoders != null;
    }

    /** What follows {@code COPY table (columns) FROM STDIN}. */
    public String copyOptions() {
        return isBinary() ? " WITH (FORMAT binary)" : "";
    }

    public CopyRecordWriter writer(CopyTextWriter.Sink sink, int flushThreshold) {
        if (isBinary()) {
            return new BinaryRecords(new CopyBinaryWriter(sink, flushThreshold, binaryEncoders.length),
                    binaryEncoders);
        }
        return new TextRecords(new CopyTextWriter(sink, flushThreshold), textEncoders);
    }

    private static final class TextRecords implements CopyRecordWriter {
        private final CopyTextWriter out;
        private final ColumnEncoder[] encoders;

        TextRecords(CopyTextWriter out, ColumnEncoder[] encoders) {
            this.out = out;
            this.encoders = encoders;
        }

        @Override
        public void write(PageReader reader) throws IOException {
            ColumnEncoders.encodeRecord(encoders, reader, out);
            out.endRow();
        }

        @Override
        public void endCopy() throws IOException {
            out.flush();
        }

        @Override
        public long bytesWritten() {
            return out.bytesWritten();
        }
    }

    private static final class BinaryRecords implements CopyRecordWriter {
        private final CopyBinaryWriter out;
        private final BinaryEncoder[] encoders;

        BinaryRecords(CopyBinaryWriter out, BinaryEncoder[] encoders) {
            this.out = out;
            this.encoders = encoders;
        }

        @Override
        public void write(PageReader reader) throws IOException {
            out.beginRow();
            for (int i = 0; i < encoders.length; i++) {
                if (reader.isNull(i)) {
                    out.writeNull();
                } else {
                    encoders[i].encode(reader, out);
                }
            }
            out.endRow();
        }

        @Override
        public void endCopy() throws IOException {
            out.endCopy();
        }

        @Override
        public long bytesWritten() {
            return out.bytesWritten();
        }
    }
}
