package io.github.resultexport.embulk.output.sfdc.encode;

import io.github.resultexport.embulk.output.common.FastText;
import io.github.resultexport.embulk.output.common.Zones;
import io.github.resultexport.embulk.output.sfdc.FieldPlan;
import io.github.resultexport.embulk.output.sfdc.PluginTask;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.embulk.spi.Column;
import org.embulk.spi.PageReader;
import org.embulk.spi.Schema;
import org.embulk.spi.type.BooleanType;
import org.embulk.spi.type.DoubleType;
import org.embulk.spi.type.JsonType;
import org.embulk.spi.type.LongType;
import org.embulk.spi.type.StringType;
import org.embulk.spi.type.TimestampType;
import org.embulk.spi.type.Type;

/**
 * Turns each record into one CSV line for a Bulk API batch, the columns in input order under the header of their
 * fields: strings as they are; booleans {@code true}/{@code false}; longs as integers; doubles in plain decimal
 * (never {@code 1.0E10}); timestamps as {@code yyyy-MM-dd} in {@code default_timezone} for date fields (no day shift),
 * {@code HH:mm:ss.SSS'Z'} for time fields, else {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'} in UTC; json as its text. A null
 * is an empty field (Salesforce leaves the field as it is) or, with {@code null_value: na}, {@code #N/A} (clears it).
 */
public final class RecordEncoder {
    /** Salesforce refuses a field value longer than this in a Bulk API batch. */
    public static final int MAX_FIELD_CHARS = 32_000;

    private static final DateTimeFormatter DATETIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);

    private final Column[] columns;
    private final ValueText[] texts;
    private final String nullText;
    private final String header;
    private final StringBuilder line = new StringBuilder(256);

    private RecordEncoder(Schema schema, List<FieldPlan> fields, PluginTask task) {
        int n = schema.getColumnCount();
        this.columns = new Column[n];
        this.texts = new ValueText[n];
        ZoneId zone = Zones.parse("default_timezone", task.getDefaultTimezone());
        StringBuilder h = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Column c = schema.getColumn(i);
            columns[i] = c;
            texts[i] = textOf(c, fields.get(i).getSoapType(), zone);
            if (i > 0) {
                h.append(',');
            }
            CsvText.appendQuoted(h, fields.get(i).getHeader());
        }
        this.header = h.append('\n').toString();
        this.nullText = task.getNullValue() == PluginTask.NullValue.NA ? "#N/A" : "";
    }

    public static RecordEncoder of(Schema schema, List<FieldPlan> fields, PluginTask task) {
        return new RecordEncoder(schema, fields, task);
    }

    /** The CSV header line, with its line break. */
    public String header() {
        return header;
    }

    /**
     * The current record as a CSV line with its line break; the text is valid until the next call.
     *
     * @throws InvalidValueException naming the column when a value cannot be sent (a double that is not a number,
     *     a value longer than 32,000 characters)
     */
    public CharSequence encode(PageReader reader) {
        line.setLength(0);
        for (int i = 0; i < columns.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            if (reader.isNull(columns[i])) {
                line.append(nullText);
                continue;
            }
            if (!texts[i].isFreeText()) {
                line.append('"');
                texts[i].append(reader, line);
                line.append('"');
                continue;
            }
            String text = texts[i].of(reader);
            if (text.length() > MAX_FIELD_CHARS) {
                throw new InvalidValueException("column '" + columns[i].getName() + "' has " + text.length()
                        + " characters; Salesforce takes at most " + MAX_FIELD_CHARS + " in a field");
            }
            CsvText.appendQuoted(line, text);
        }
        return line.append('\n');
    }

    /** The text of column {@code index} of the current record, or null when it is null. */
    public String text(PageReader reader, int index) {
        return reader.isNull(columns[index]) ? null : texts[index].of(reader);
    }

    @SuppressWarnings("deprecation")
    private static ValueText textOf(Column c, String soapType, ZoneId zone) {
        Type type = c.getType();
        String field = soapType.toLowerCase(Locale.ROOT);
        if (type instanceof BooleanType) {
            return (r, out) -> out.append(r.getBoolean(c) ? "true" : "false");
        } else if (type instanceof LongType) {
            return (r, out) -> out.append(r.getLong(c));
        } else if (type instanceof DoubleType) {
            return (r, out) -> {
                double d = r.getDouble(c);
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new InvalidValueException("column '" + c.getName() + "' is " + d
                            + ", which Salesforce cannot store");
                }
                FastText.appendPlainDecimal(out, d);
            };
        } else if (type instanceof TimestampType) {
            if (field.equals("date")) {
                FastText local = FastText.in(zone);
                return (r, out) -> local.appendDate(out, r.getTimestampInstant(c.getIndex()), DATE);
            }
            FastText utc = FastText.in(ZoneOffset.UTC);
            if (field.equals("time")) {
                return (r, out) -> {
                    utc.appendTimeMillis(out, r.getTimestampInstant(c.getIndex()));
                    out.append('Z');
                };
            }
            return (r, out) -> utc.appendDateTimeMillis(out, r.getTimestampInstant(c.getIndex()), 'T', "Z",
                    DATETIME);
        } else if (type instanceof JsonType) {
            return (ValueText.FreeText) r -> r.getJson(c).toJson();
        } else if (type instanceof StringType) {
            return (ValueText.FreeText) r -> r.getString(c);
        }
        throw new IllegalArgumentException("column '" + c.getName() + "' has type " + type);
    }

    /** A value that cannot go to Salesforce; the row fails, the others go on. */
    public static final class InvalidValueException extends RuntimeException {
        public InvalidValueException(String message) {
            super(message);
        }
    }
}
