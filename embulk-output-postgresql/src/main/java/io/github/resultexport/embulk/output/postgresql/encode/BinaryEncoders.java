package io.github.resultexport.embulk.output.postgresql.encode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.zone.ZoneRules;
import java.util.List;
import org.embulk.spi.Column;
import org.embulk.spi.ColumnVisitor;
import org.embulk.spi.PageReader;
import org.embulk.util.timestamp.TimestampFormatter;

/**
 * The binary COPY encoder of every column, or none when some column lands in a type this does not write in binary.
 * Each encoder stores exactly what the server stores for the text {@link ColumnEncoders} writes: the same text for
 * text types, the same double for a number, the same microsecond for a timestamp (the server rounds the nine fraction
 * digits of the text to six with {@code rint}, and so does this).
 */
final class BinaryEncoders {
    /** 2000-01-01T00:00:00Z, PostgreSQL's epoch, in Unix seconds. */
    private static final long PG_EPOCH_SECOND = 946_684_800L;
    private static final long PG_EPOCH_DAY = 10_957L;
    private static final long SECONDS_PER_DAY = 86_400L;
    /** Seconds beyond which microseconds overflow a long. */
    private static final long MAX_SECONDS = Long.MAX_VALUE / 1_000_000L - 1;

    private BinaryEncoders() {
    }

    /** Null when some column has no binary encoder: the task then writes text. */
    static BinaryEncoder[] build(List<Column> columns, List<ColumnEncoders.Rendering> renderings) {
        BinaryEncoder[] encoders = new BinaryEncoder[columns.size()];
        for (int i = 0; i < encoders.length; i++) {
            Picker picker = new Picker(renderings.get(i));
            columns.get(i).visit(picker);
            if (picker.encoder == null) {
                return null;
            }
            encoders[i] = picker.encoder;
        }
        return encoders;
    }

    /** Microseconds since PostgreSQL's epoch of a time given in seconds and nanoseconds since the Unix epoch. */
    static long pgMicros(long unixSecond, int nano) {
        long second = unixSecond - PG_EPOCH_SECOND;
        if (second > MAX_SECONDS || second < -MAX_SECONDS) {
            // out of every timestamp's range, but not the ±infinity of Long.MIN_VALUE / Long.MAX_VALUE: the server
            // refuses it ("timestamp out of range") as it refuses the text
            return second > 0 ? Long.MAX_VALUE - 1 : Long.MIN_VALUE + 1;
        }
        return second * 1_000_000L + (long) Math.rint(nano / 1e9 * 1_000_000.0);
    }

    /** Days since PostgreSQL's epoch of a day given in seconds since the Unix epoch (local time). */
    static int pgDays(long unixSecond) {
        long day = Math.floorDiv(unixSecond, SECONDS_PER_DAY) - PG_EPOCH_DAY;
        if (day >= Integer.MAX_VALUE || day <= Integer.MIN_VALUE) {
            // not ±infinity (Integer.MIN_VALUE / MAX_VALUE): the server refuses it ("date out of range")
            return day > 0 ? Integer.MAX_VALUE - 1 : Integer.MIN_VALUE + 1;
        }
        return (int) day;
    }

    private static boolean isText(String baseType) {
        return "text".equals(baseType) || "varchar".equals(baseType) || "bpchar".equals(baseType);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final class Picker implements ColumnVisitor {
        private final ColumnEncoders.Rendering r;
        private final String type;
        private BinaryEncoder encoder;

        Picker(ColumnEncoders.Rendering r) {
            this.r = r;
            this.type = r.baseType == null ? "" : r.baseType;
        }

        @Override
        public void booleanColumn(Column column) {
            final int i = column.getIndex();
            if ("bool".equals(type) && r.kind == TargetKind.BOOLEAN) {
                encoder = (reader, out) -> out.writeBoolean(reader.getBoolean(i));
            } else if (isText(type) && r.kind == TargetKind.TEXT) {
                final byte[] yes = utf8("true");
                final byte[] no = utf8("false");
                encoder = (reader, out) -> out.writeText(reader.getBoolean(i) ? yes : no);
            }
        }

        @Override
        public void longColumn(Column column) {
            final int i = column.getIndex();
            if ("int8".equals(type)) {
                encoder = (reader, out) -> out.writeInt8(reader.getLong(i));
            } else if ("float8".equals(type)) {
                encoder = (reader, out) -> out.writeFloat8((double) reader.getLong(i));
            } else if (isText(type)) {
                encoder = (reader, out) -> out.writeText(utf8(Long.toString(reader.getLong(i))));
            }
        }

        @Override
        public void doubleColumn(Column column) {
            final int i = column.getIndex();
            if ("float8".equals(type)) {
                encoder = (reader, out) -> out.writeFloat8(reader.getDouble(i));
            } else if (isText(type)) {
                encoder = (reader, out) -> out.writeText(utf8(Double.toString(reader.getDouble(i))));
            }
        }

        @Override
        public void stringColumn(Column column) {
            final int i = column.getIndex();
            encoder = textual(reader -> reader.getString(i));
        }

        @Override
        public void jsonColumn(Column column) {
            final int i = column.getIndex();
            encoder = textual(reader -> reader.getJsonValue(i).toJson());
        }

        private interface TextOf {
            String of(PageReader reader);
        }

        /** Text into a text type, json or jsonb: the server reads the same text as in text COPY. */
        private BinaryEncoder textual(TextOf text) {
            if (isText(type) || "json".equals(type)) {
                return (reader, out) -> out.writeText(utf8(text.of(reader)));
            } else if ("jsonb".equals(type)) {
                return (reader, out) -> out.writeJsonb(utf8(text.of(reader)));
            }
            return null;
        }

        @Override
        public void timestampColumn(Column column) {
            final int i = column.getIndex();
            final ZoneRules rules = r.zone.getRules();
            if ("timestamptz".equals(type) && r.kind == TargetKind.TIMESTAMPTZ) {
                encoder = (reader, out) -> {
                    Instant t = reader.getTimestampInstant(i);
                    out.writeInt8(pgMicros(t.getEpochSecond(), t.getNano()));
                };
            } else if ("timestamp".equals(type) && r.kind == TargetKind.TIMESTAMP) {
                encoder = (reader, out) -> {
                    Instant t = reader.getTimestampInstant(i);
                    out.writeInt8(pgMicros(t.getEpochSecond() + rules.getOffset(t).getTotalSeconds(), t.getNano()));
                };
            } else if ("date".equals(type) && r.kind == TargetKind.DATE) {
                encoder = (reader, out) -> {
                    Instant t = reader.getTimestampInstant(i);
                    out.writeInt4(pgDays(t.getEpochSecond() + rules.getOffset(t).getTotalSeconds()));
                };
            } else if (isText(type) && r.kind == TargetKind.TEXT) {
                final TimestampFormatter formatter = r.textFormatter();
                encoder = (reader, out) -> out.writeText(utf8(formatter.format(reader.getTimestampInstant(i))));
            }
        }
    }
}
