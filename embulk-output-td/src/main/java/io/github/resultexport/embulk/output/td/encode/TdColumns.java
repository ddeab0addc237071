package io.github.resultexport.embulk.output.td.encode;

import io.github.resultexport.embulk.output.td.PluginTask;
import io.github.resultexport.embulk.output.td.PluginTask.ColumnValueType;
import io.github.resultexport.embulk.output.td.PluginTask.TimestampConversion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.embulk.config.ConfigException;
import org.embulk.spi.Column;
import org.embulk.spi.Schema;
import org.embulk.spi.type.BooleanType;
import org.embulk.spi.type.DoubleType;
import org.embulk.spi.type.JsonType;
import org.embulk.spi.type.LongType;
import org.embulk.spi.type.StringType;
import org.embulk.spi.type.TimestampType;
import org.embulk.spi.type.Type;

/**
 * How the input schema becomes Treasure Data columns: every input column except the one that becomes TD's
 * {@code time}, with a TD type that matches the values written (long → {@code long}, double → {@code double},
 * string → {@code string}, boolean → {@code long} holding msgpack booleans, timestamp → {@code string} or with
 * {@code default_timestamp_type_convert_to: sec} {@code long}, json → its JSON text as {@code string}), unless
 * {@code column_options} say otherwise.
 */
public final class TdColumns {
    public static final String TIME = "time";

    private final List<TdColumn> columns;
    private final Optional<Column> timeColumn;

    private TdColumns(List<TdColumn> columns, Optional<Column> timeColumn) {
        this.columns = columns;
        this.timeColumn = timeColumn;
    }

    /** Checks and plans the columns; every mistake is a ConfigException naming the column. */
    public static TdColumns of(PluginTask task, Schema schema) {
        Optional<Column> time = timeColumn(task, schema);
        List<TdColumn> columns = new ArrayList<>();
        Map<String, String> sqlNames = new HashMap<>();
        for (Column c : schema.getColumns()) {
            if (c.getName().equals(TIME) && time.isPresent() && time.get().getName().equals(TIME)) {
                continue;
            }
            String sqlName = sqlName(c.getName());
            String earlier = sqlNames.put(sqlName, c.getName());
            if (earlier != null) {
                throw new ConfigException("columns '" + earlier + "' and '" + c.getName() + "' would both be the"
                        + " Treasure Data column '" + sqlName + "' (names are lower case [a-z0-9_]); rename one");
            }
            if (sqlName.equals(TIME)) {
                throw new ConfigException("column '" + c.getName() + "' would be Treasure Data's reserved column"
                        + " 'time'; rename it, or make it the time with option 'time_column'");
            }
            PluginTask.ColumnOption option = task.getColumnOptions().get(c.getName());
            ColumnValueType valueType = valueType(task, c, option);
            String tdType = option != null && option.getType().isPresent()
                    ? option.getType().get().replace(" ", "").toLowerCase(Locale.ROOT)
                    : defaultTdType(c, valueType);
            columns.add(new TdColumn(c, sqlName, tdType, valueType));
        }
        return new TdColumns(Collections.unmodifiableList(columns), time);
    }

    public List<TdColumn> columns() {
        return columns;
    }

    /** The input column whose value is TD's time, if any. */
    public Optional<Column> timeColumn() {
        return timeColumn;
    }

    /** A valid TD column name for an input name: lower case, every other character than [a-z0-9_] as '_'. */
    static String sqlName(String inputName) {
        StringBuilder sb = new StringBuilder(inputName.length());
        for (char ch : inputName.toLowerCase(Locale.ROOT).toCharArray()) {
            sb.append((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' ? ch : '_');
        }
        if (sb.length() == 0 || sb.length() > 128) {
            throw new ConfigException("column '" + inputName + "' cannot be a Treasure Data column: names have 1 to"
                    + " 128 characters; rename it");
        }
        return sb.toString();
    }

    private static Optional<Column> timeColumn(PluginTask task, Schema schema) {
        String name = task.getTimeColumn().orElse(TIME);
        for (Column c : schema.getColumns()) {
            if (c.getName().equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private static ColumnValueType valueType(PluginTask task, Column c, PluginTask.ColumnOption option) {
        if (option != null && option.getValueType().isPresent()) {
            ColumnValueType v = option.getValueType().get();
            if (v == ColumnValueType.JSON && !option.getType().isPresent()) {
                throw new ConfigException("option 'column_options." + c.getName() + "': value_type json writes"
                        + " native arrays or maps; give the column's 'type' too (e.g. array<string> or"
                        + " map<string,string>)");
            }
            return v;
        }
        if (option != null && option.getType().isPresent()) {
            return valueTypeOfTdType(option.getType().get().replace(" ", "").toLowerCase(Locale.ROOT));
        }
        Type type = c.getType();
        if (type instanceof LongType) {
            return ColumnValueType.LONG;
        } else if (type instanceof DoubleType) {
            return ColumnValueType.DOUBLE;
        } else if (type instanceof BooleanType) {
            return ColumnValueType.BOOLEAN;
        } else if (type instanceof TimestampType) {
            return task.getDefaultTimestampTypeConvertTo() == TimestampConversion.SEC
                    ? ColumnValueType.LONG : ColumnValueType.STRING;
        } else if (type instanceof StringType || type instanceof JsonType) {
            return ColumnValueType.STRING;
        }
        throw new ConfigException("column '" + c.getName() + "' has type " + type + ", which td cannot write");
    }

    private static ColumnValueType valueTypeOfTdType(String tdType) {
        if (tdType.startsWith("array<") || tdType.startsWith("map<")) {
            return ColumnValueType.JSON;
        }
        switch (tdType) {
            case "int":
            case "long":
                return ColumnValueType.LONG;
            case "float":
            case "double":
                return ColumnValueType.DOUBLE;
            case "boolean":
                return ColumnValueType.BOOLEAN;
            default:
                return ColumnValueType.STRING;
        }
    }

    private static String defaultTdType(Column c, ColumnValueType valueType) {
        switch (valueType) {
            case LONG:
            case BOOLEAN:
                return "long";
            case DOUBLE:
                return "double";
            default:
                return "string";
        }
    }
}
