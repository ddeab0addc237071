package io.github.resultexport.embulk.output.td.encode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resultexport.embulk.output.common.FastText;
import io.github.resultexport.embulk.output.common.Zones;
import io.github.resultexport.embulk.output.td.PluginTask;
import io.github.resultexport.embulk.output.td.PluginTask.ColumnValueType;
import java.io.IOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import org.embulk.config.ConfigException;
import org.embulk.spi.Column;
import org.embulk.spi.type.BooleanType;
import org.embulk.spi.type.DoubleType;
import org.embulk.spi.type.JsonType;
import org.embulk.spi.type.LongType;
import org.embulk.spi.type.StringType;
import org.embulk.spi.type.TimestampType;
import org.embulk.spi.type.Type;
import org.embulk.util.timestamp.TimestampFormatter;
import org.msgpack.core.MessagePacker;

/** Chooses, once per task, the packer of each column from its Embulk type and value type: no per-row switch. */
final class FieldPackers {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The spec's default {@code default_timestamp_format}. */
    static final String DEFAULT_TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%3N";
    /** What strftime makes of it: the year with a sign only when negative, as %Y. */
    static final java.time.format.DateTimeFormatter DEFAULT_FORMAT = new java.time.format.DateTimeFormatterBuilder()
            .appendValue(java.time.temporal.ChronoField.YEAR, 4, 10, java.time.format.SignStyle.NORMAL)
            .appendPattern("-MM-dd HH:mm:ss.SSS").toFormatter(java.util.Locale.ROOT);

    private FieldPackers() {
    }

    static FieldPacker of(PluginTask task, TdColumn column) {
        Column c = column.input();
        Type type = c.getType();
        ColumnValueType to = column.valueType();
        if (type instanceof LongType) {
            return fromLong(c, to);
        } else if (type instanceof DoubleType) {
            return fromDouble(c, to);
        } else if (type instanceof BooleanType) {
            return fromBoolean(c, to);
        } else if (type instanceof StringType) {
            return fromString(c, to);
        } else if (type instanceof TimestampType) {
            return fromTimestamp(task, c, to);
        } else if (type instanceof JsonType) {
            return fromJson(c, to);
        }
        throw unsupported(c, to);
    }

    private static FieldPacker fromLong(Column c, ColumnValueType to) {
        switch (to) {
            case LONG:
            case JSON:
                return (r, p) -> p.packLong(r.getLong(c));
            case DOUBLE:
                return (r, p) -> p.packDouble(r.getLong(c));
            case STRING:
                return (r, p) -> p.packString(Long.toString(r.getLong(c)));
            case BOOLEAN:
                return (r, p) -> p.packBoolean(r.getLong(c) != 0);
            default:
                throw unsupported(c, to);
        }
    }

    private static FieldPacker fromDouble(Column c, ColumnValueType to) {
        switch (to) {
            case DOUBLE:
            case JSON:
                return (r, p) -> p.packDouble(r.getDouble(c));
            case LONG:
                return (r, p) -> p.packLong((long) r.getDouble(c));
            case STRING:
                return (r, p) -> p.packString(Double.toString(r.getDouble(c)));
            case BOOLEAN:
                return (r, p) -> p.packBoolean(r.getDouble(c) != 0.0);
            default:
                throw unsupported(c, to);
        }
    }

    private static FieldPacker fromBoolean(Column c, ColumnValueType to) {
        switch (to) {
            case BOOLEAN:
            case JSON:
                return (r, p) -> p.packBoolean(r.getBoolean(c));
            case LONG:
                return (r, p) -> p.packLong(r.getBoolean(c) ? 1 : 0);
            case DOUBLE:
                return (r, p) -> p.packDouble(r.getBoolean(c) ? 1.0 : 0.0);
            case STRING:
                return (r, p) -> p.packString(Boolean.toString(r.getBoolean(c)));
            default:
                throw unsupported(c, to);
        }
    }

    private static FieldPacker fromString(Column c, ColumnValueType to) {
        switch (to) {
            case STRING:
                return (r, p) -> p.packString(r.getString(c));
            case LONG:
                return (r, p) -> p.packLong(parse(c, "long", r.getString(c)));
            case DOUBLE:
                return (r, p) -> p.packDouble(parse(c, "double", r.getString(c)));
            case BOOLEAN:
                return (r, p) -> p.packBoolean(parse(c, "boolean", r.getString(c)));
            case JSON:
                return (r, p) -> packJson(p, parse(c, "json", r.getString(c)));
            default:
                throw unsupported(c, to);
        }
    }

    private static FieldPacker fromTimestamp(PluginTask task, Column c, ColumnValueType to) {
        switch (to) {
            case STRING: {
                PluginTask.ColumnOption option = task.getColumnOptions().get(c.getName());
                String zone = option != null && option.getTimezone().isPresent() ? option.getTimezone().get()
                        : task.getDefaultTimezone();
                String format = option != null && option.getFormat().isPresent() ? option.getFormat().get()
                        : task.getDefaultTimestampFormat();
                java.time.ZoneId zoneId = Zones.parse("column_options." + c.getName() + ".timezone", zone);
                if (format.equals(DEFAULT_TIMESTAMP_FORMAT)) {
                    // The default format, written by hand: many times faster than the strftime formatter.
                    DefaultTimestampText text = new DefaultTimestampText(zoneId);
                    return (r, p) -> p.packString(text.format(r.getTimestampInstant(c.getIndex())));
                }
                TimestampFormatter formatter = TimestampFormatter.builder(format, true)
                        .setDefaultZoneId(zoneId)
                        .build();
                return (r, p) -> p.packString(formatter.format(r.getTimestampInstant(c.getIndex())));
            }
            case LONG:
                return (r, p) -> p.packLong(r.getTimestampInstant(c.getIndex()).getEpochSecond());
            case DOUBLE:
                return (r, p) -> {
                    Instant t = r.getTimestampInstant(c.getIndex());
                    p.packDouble(t.getEpochSecond() + t.getNano() / 1e9);
                };
            default:
                throw unsupported(c, to);
        }
    }

    @SuppressWarnings("deprecation")
    private static FieldPacker fromJson(Column c, ColumnValueType to) {
        switch (to) {
            case STRING:
                return (r, p) -> p.packString(r.getJson(c).toJson());
            case JSON:
                return (r, p) -> p.packValue(r.getJson(c));
            default:
                throw unsupported(c, to);
        }
    }

    private static ConfigException unsupported(Column c, ColumnValueType to) {
        return new ConfigException("option 'column_options." + c.getName() + ".value_type': a " + c.getType()
                + " column cannot be written as " + to);
    }

    @SuppressWarnings("unchecked")
    private static <T> T parse(Column c, String as, String text) {
        String t = text.trim();
        try {
            switch (as) {
                case "long":
                    return (T) Long.valueOf(t);
                case "double":
                    return (T) Double.valueOf(t);
                case "boolean":
                    if (t.equalsIgnoreCase("true")) {
                        return (T) Boolean.TRUE;
                    }
                    if (t.equalsIgnoreCase("false")) {
                        return (T) Boolean.FALSE;
                    }
                    throw new IllegalArgumentException("not true or false");
                default:
                    return (T) JSON.readTree(t);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ValueConversionException("column '" + c.getName() + "': the string value cannot be written as "
                    + as + " (column_options value_type " + as.toLowerCase(Locale.ROOT) + ")");
        }
    }

    private static void packJson(MessagePacker p, JsonNode node) throws IOException {
        if (node == null || node.isNull()) {
            p.packNil();
        } else if (node.isObject()) {
            p.packMapHeader(node.size());
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                p.packString(f.getKey());
                packJson(p, f.getValue());
            }
        } else if (node.isArray()) {
            p.packArrayHeader(node.size());
            for (JsonNode element : node) {
                packJson(p, element);
            }
        } else if (node.isBoolean()) {
            p.packBoolean(node.booleanValue());
        } else if (node.isIntegralNumber() && node.canConvertToLong()) {
            p.packLong(node.longValue());
        } else if (node.isNumber()) {
            p.packDouble(node.doubleValue());
        } else {
            p.packString(node.asText());
        }
    }

    /** A value that cannot take the configured form; the page output names the row. */
    static final class ValueConversionException extends RuntimeException {
        ValueConversionException(String message) {
            super(message);
        }
    }

    /** The default timestamp format's text in a zone, one instance per column and task. */
    static final class DefaultTimestampText {
        private final FastText fast;
        private final StringBuilder text = new StringBuilder(23);

        DefaultTimestampText(java.time.ZoneId zone) {
            this.fast = FastText.in(zone);
        }

        String format(Instant instant) {
            text.setLength(0);
            fast.appendDateTimeMillis(text, instant, ' ', "", DEFAULT_FORMAT);
            return text.toString();
        }
    }
}
