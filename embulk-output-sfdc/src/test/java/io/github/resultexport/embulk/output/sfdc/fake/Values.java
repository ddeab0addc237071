package io.github.resultexport.embulk.output.sfdc.fake;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Typed field values: CSV text in (as Salesforce accepts it), Java values out, and back to CSV for queries. */
final class Values {
    private static final Pattern DOUBLE = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern INT = Pattern.compile("[+-]?\\d+");
    private static final Pattern DATE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})(Z|[+-]\\d{2}:?\\d{2})?");
    private static final Pattern DATETIME = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})T(\\d{2}:\\d{2}:\\d{2})(\\.\\d{1,3})?(Z|[+-]\\d{2}:?\\d{2})");
    private static final DateTimeFormatter DATETIME_OUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Values() {
    }

    /** Thrown for a value the field's type does not accept. */
    static final class BadValue extends Exception {
        BadValue() {
            super(null, null, false, false);
        }
    }

    /** Parses a non-empty CSV value for a field of this type (ids and references are normalized, not resolved). */
    static Object parse(FieldType type, String text) throws BadValue {
        switch (type) {
            case STRING:
                return text;
            case DOUBLE:
                if (!DOUBLE.matcher(text).matches()) {
                    throw new BadValue();
                }
                return Double.valueOf(text);
            case INT:
                if (!INT.matcher(text).matches()) {
                    throw new BadValue();
                }
                try {
                    return Integer.valueOf(text.startsWith("+") ? text.substring(1) : text);
                } catch (NumberFormatException e) {
                    throw new BadValue();
                }
            case BOOLEAN:
                if (text.equalsIgnoreCase("true") || text.equals("1")) {
                    return Boolean.TRUE;
                }
                if (text.equalsIgnoreCase("false") || text.equals("0")) {
                    return Boolean.FALSE;
                }
                throw new BadValue();
            case DATE: {
                Matcher m = DATE.matcher(text);
                if (!m.matches()) {
                    throw new BadValue();
                }
                try {
                    return LocalDate.parse(m.group(1));
                } catch (DateTimeParseException e) {
                    throw new BadValue();
                }
            }
            case DATETIME: {
                Matcher m = DATETIME.matcher(text);
                if (!m.matches()) {
                    throw new BadValue();
                }
                String zone = m.group(4);
                if (!zone.equals("Z") && zone.length() == 5) {
                    zone = zone.substring(0, 3) + ":" + zone.substring(3);
                }
                try {
                    return OffsetDateTime.parse(m.group(1) + "T" + m.group(2)
                            + (m.group(3) == null ? "" : m.group(3)) + zone).toInstant();
                } catch (DateTimeParseException e) {
                    throw new BadValue();
                }
            }
            case ID:
            case REFERENCE: {
                String id = Ids.normalize(text);
                if (id == null) {
                    throw new BadValue();
                }
                return id;
            }
            default:
                throw new IllegalStateException("type " + type);
        }
    }

    /** Checks a value a test seeds: its Java type must fit the field type. */
    static Object checkSeed(FieldDef field, Object value) {
        if (value == null) {
            return null;
        }
        boolean ok;
        switch (field.type) {
            case STRING:
                ok = value instanceof String;
                break;
            case DOUBLE:
                if (value instanceof Number) {
                    return ((Number) value).doubleValue();
                }
                ok = false;
                break;
            case INT:
                if (value instanceof Integer || value instanceof Long || value instanceof Short) {
                    return ((Number) value).intValue();
                }
                ok = false;
                break;
            case BOOLEAN:
                ok = value instanceof Boolean;
                break;
            case DATE:
                ok = value instanceof LocalDate;
                break;
            case DATETIME:
                ok = value instanceof Instant;
                break;
            default:
                ok = value instanceof String && Ids.normalize((String) value) != null;
                if (ok) {
                    return Ids.normalize((String) value);
                }
        }
        if (!ok) {
            throw new IllegalArgumentException("field " + field.name + " (" + field.type.wireName + ") cannot hold "
                    + value.getClass().getSimpleName() + " " + value);
        }
        return value;
    }

    /** A value as a query result CSV shows it (null as the empty string). */
    static String format(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Instant) {
            return DATETIME_OUT.format((Instant) value);
        }
        if (value instanceof Double) {
            return new BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }

    /** Equality of an external id value as Salesforce matches it (text case-insensitively). */
    static boolean sameKey(Object a, Object b) {
        if (a instanceof String && b instanceof String) {
            return ((String) a).equalsIgnoreCase((String) b);
        }
        if (a instanceof Number && b instanceof Number) {
            return ((Number) a).doubleValue() == ((Number) b).doubleValue();
        }
        return a != null && a.equals(b);
    }
}
