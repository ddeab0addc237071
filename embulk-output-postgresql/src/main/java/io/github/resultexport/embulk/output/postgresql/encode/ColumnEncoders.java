package io.github.resultexport.embulk.output.postgresql.encode;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.embulk.spi.Column;
import org.embulk.spi.ColumnVisitor;
import org.embulk.spi.PageReader;
import org.embulk.util.timestamp.TimestampFormatter;

/**
 * Chooses, once per task, the encoder of every column from its Embulk type and the kind of column it lands in,
 * so that the per-row loop has no type switch.
 */
public final class ColumnEncoders {
    /** Embulk's own default rendering of a timestamp as text. */
    static final String DEFAULT_TEXT_FORMAT = "%Y-%m-%d %H:%M:%S.%6N %z";

    /**
     * How one column is rendered: where it lands (the kind, and the {@code typname} of the column's base type when
     * known), in which zone, with which text format.
     */
    public static final class Rendering {
        final TargetKind kind;
        final ZoneId zone;
        final String textFormat;
        final String baseType;

        public Rendering(TargetKind kind, ZoneId zone, String textFormat, String baseType) {
            this.kind = kind;
            this.zone = zone;
            this.textFormat = textFormat;
            this.baseType = baseType;
        }

        /** The formatter of a timestamp written as text: the column's format, or Embulk's default. */
        TimestampFormatter textFormatter() {
            return TimestampFormatter.builder(textFormat == null ? DEFAULT_TEXT_FORMAT : textFormat, true)
                    .setDefaultZoneId(zone)
                    .build();
        }
    }

    private ColumnEncoders() {
    }

    public static ColumnEncoder[] build(List<Column> columns, List<Rendering> renderings) {
        ColumnEncoder[] encoders = new ColumnEncoder[columns.size()];
        for (int i = 0; i < encoders.length; i++) {
            Picker picker = new Picker(renderings.get(i));
            columns.get(i).visit(picker);
            encoders[i] = picker.encoder;
        }
        return encoders;
    }

    private static final class Picker implements ColumnVisitor {
        private final Rendering r;
        private ColumnEncoder encoder;

        Picker(Rendering r) {
            this.r = r;
        }

        @Override
        public void booleanColumn(Column column) {
            final int i = column.getIndex();
            final byte[] yes;
            final byte[] no;
            switch (r.kind) {
                case BOOLEAN:
                    yes = new byte[] {'t'};
                    no = new byte[] {'f'};
                    break;
                case NUMBER:
                    yes = new byte[] {'1'};
                    no = new byte[] {'0'};
                    break;
                default:
                    yes = new byte[] {'t', 'r', 'u', 'e'};
                    no = new byte[] {'f', 'a', 'l', 's', 'e'};
            }
            encoder = (reader, out) -> out.writeRaw(reader.getBoolean(i) ? yes : no);
        }

        @Override
        public void longColumn(Column column) {
            final int i = column.getIndex();
            encoder = (reader, out) -> out.writeLong(reader.getLong(i));
        }

        @Override
        public void doubleColumn(Column column) {
            final int i = column.getIndex();
            // Double.toString gives NaN, Infinity, -Infinity and 1.0E10, which float8 and numeric both read.
            encoder = (reader, out) -> out.writeAscii(Double.toString(reader.getDouble(i)));
        }

        @Override
        public void stringColumn(Column column) {
            final int i = column.getIndex();
            encoder = (reader, out) -> out.writeText(reader.getString(i));
        }

        @Override
        public void jsonColumn(Column column) {
            final int i = column.getIndex();
            encoder = (reader, out) -> out.writeText(reader.getJsonValue(i).toJson());
        }

        @Override
        public void timestampColumn(Column column) {
            final int i = column.getIndex();
            final TimeText time = new TimeText(r.zone);
            switch (r.kind) {
                case TIMESTAMP:
                    encoder = (reader, out) -> time.writeLocalDateTime(out, reader.getTimestampInstant(i));
                    break;
                case DATE:
                    encoder = (reader, out) -> time.writeLocalDate(out, reader.getTimestampInstant(i));
                    break;
                case TIME:
                    encoder = (reader, out) -> time.writeLocalTime(out, reader.getTimestampInstant(i));
                    break;
                case TEXT:
                    encoder = textTimestamp(i);
                    break;
                default:
                    encoder = (reader, out) -> TimeText.writeUtcWithOffset(out, reader.getTimestampInstant(i));
            }
        }

        private ColumnEncoder textTimestamp(final int i) {
            final TimestampFormatter formatter = r.textFormatter();
            return (reader, out) -> {
                Instant t = reader.getTimestampInstant(i);
                out.writeText(formatter.format(t));
            };
        }
    }

    /** Encodes the current record of {@code reader}: every field, NULLs as {@code \N}. */
    public static void encodeRecord(ColumnEncoder[] encoders, PageReader reader, CopyTextWriter out) {
        for (int i = 0; i < encoders.length; i++) {
            out.beginField();
            if (reader.isNull(i)) {
                out.writeNull();
            } else {
                encoders[i].encode(reader, out);
            }
        }
    }
}
