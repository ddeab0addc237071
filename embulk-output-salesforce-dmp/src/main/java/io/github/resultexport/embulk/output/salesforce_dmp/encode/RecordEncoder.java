package io.github.resultexport.embulk.output.salesforce_dmp.encode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.embulk.spi.Column;
import org.embulk.spi.ColumnVisitor;
import org.embulk.spi.PageReader;
import org.embulk.spi.Schema;

/**
 * Writes records as lines of the Audience Studio import format:
 * {@code <user_id>^<attr>:<value>;<attr>:<value>;…;segment:<s1>,<s2>}. Attributes are the columns after
 * {@code td_segment}, in column order; {@code td_segment} is written last as the attribute {@code segment}. Null
 * and empty values are left out. Timestamps are ISO-8601 in UTC, json is its JSON text, numbers and booleans are
 * their text. The writer of every column is chosen once from the schema.
 */
public final class RecordEncoder {
    private static final String SEGMENT_ATTRIBUTE = "segment";
    /** What a column writer returns for a value it left out (empty). */
    private static final String EMPTY = new String("");

    private final String userIdName;
    private final Attribute[] attributes;

    private RecordEncoder(String userIdName, Attribute[] attributes) {
        this.userIdName = userIdName;
        this.attributes = attributes;
    }

    /**
     * The encoder for {@code schema}: column 0 is the user id, column 1 the segment list (both strings, as the
     * validator checked), every further column an attribute.
     */
    public static RecordEncoder of(Schema schema) {
        List<Column> columns = schema.getColumns();
        Attribute[] attributes = new Attribute[columns.size() - 1];
        for (int i = 2; i < columns.size(); i++) {
            attributes[i - 2] = new Attribute(columns.get(i), columns.get(i).getName(), writerOf(columns.get(i)));
        }
        Column segment = columns.get(1);
        attributes[attributes.length - 1] = new Attribute(segment, SEGMENT_ATTRIBUTE, stringWriter(1));
        return new RecordEncoder(columns.get(0).getName(), attributes);
    }

    /**
     * Appends the current record of {@code reader} as one line to {@code out}, or leaves {@code out} as it was
     * and returns why the record cannot be written.
     */
    public InvalidValue encode(PageReader reader, LineBuffer out) {
        int start = out.size();
        if (reader.isNull(0)) {
            return new InvalidValue(userIdName, "is null; every record needs a user id");
        }
        String userId = reader.getString(0);
        if (userId.isEmpty()) {
            return new InvalidValue(userIdName, "is empty; every record needs a user id");
        }
        String problem = out.writeValue(userId, false);
        if (problem != null) {
            out.truncate(start);
            return new InvalidValue(userIdName, problem);
        }
        out.write((byte) '^');
        boolean first = true;
        for (Attribute a : attributes) {
            int index = a.column.getIndex();
            if (reader.isNull(index)) {
                continue;
            }
            int mark = out.size();
            if (!first) {
                out.write((byte) ';');
            }
            out.write(a.prefix);
            String result = a.writer.write(reader, out);
            if (result == EMPTY) {
                out.truncate(mark);
            } else if (result != null) {
                out.truncate(start);
                return new InvalidValue(a.column.getName(), result);
            } else {
                first = false;
            }
        }
        out.write((byte) '\n');
        return null;
    }

    /** Writes one non-null value; returns null, {@link #EMPTY} (left out) or the problem. */
    private interface ValueWriter {
        String write(PageReader reader, LineBuffer out);
    }

    private static final class Attribute {
        final Column column;
        final byte[] prefix;
        final ValueWriter writer;

        Attribute(Column column, String name, ValueWriter writer) {
            this.column = column;
            this.prefix = (name + ":").getBytes(StandardCharsets.UTF_8);
            this.writer = writer;
        }
    }

    private static ValueWriter stringWriter(int index) {
        return (reader, out) -> {
            String s = reader.getString(index);
            return s.isEmpty() ? EMPTY : out.writeValue(s, true);
        };
    }

    private static ValueWriter writerOf(Column column) {
        WriterPicker picker = new WriterPicker();
        column.visit(picker);
        return picker.writer;
    }

    private static final class WriterPicker implements ColumnVisitor {
        private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

        ValueWriter writer;

        @Override
        public void booleanColumn(Column column) {
            int i = column.getIndex();
            writer = (reader, out) -> {
                out.write(reader.getBoolean(i) ? TRUE : FALSE);
                return null;
            };
        }

        @Override
        public void longColumn(Column column) {
            int i = column.getIndex();
            writer = (reader, out) -> {
                out.writeLong(reader.getLong(i));
                return null;
            };
        }

        @Override
        public void doubleColumn(Column column) {
            int i = column.getIndex();
            writer = (reader, out) -> {
                out.writeAscii(Double.toString(reader.getDouble(i)));
                return null;
            };
        }

        @Override
        public void stringColumn(Column column) {
            writer = stringWriter(column.getIndex());
        }

        @Override
        public void timestampColumn(Column column) {
            int i = column.getIndex();
            writer = (reader, out) -> {
                IsoInstant.write(reader.getTimestampInstant(i), out);
                return null;
            };
        }

        @Override
        public void jsonColumn(Column column) {
            int i = column.getIndex();
            writer = (reader, out) -> out.writeValue(reader.getJsonValue(i).toJson(), true);
        }
    }
}
