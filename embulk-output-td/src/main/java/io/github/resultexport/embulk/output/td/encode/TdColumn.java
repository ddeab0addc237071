package io.github.resultexport.embulk.output.td.encode;

import io.github.resultexport.embulk.output.td.PluginTask.ColumnValueType;
import org.embulk.spi.Column;

/**
 * One input column as it lands in Treasure Data: the key of the value in each record (the input name), the column's
 * SQL name in the table schema (lower case, {@code [a-z0-9_]}), its TD type and how the value is encoded.
 */
public final class TdColumn {
    private final Column input;
    private final String sqlName;
    private final String tdType;
    private final ColumnValueType valueType;

    TdColumn(Column input, String sqlName, String tdType, ColumnValueType valueType) {
        this.input = input;
        this.sqlName = sqlName;
        this.tdType = tdType;
        this.valueType = valueType;
    }

    public Column input() {
        return input;
    }

    /** The key of the value in each uploaded record: the input column name. */
    public String key() {
        return input.getName();
    }

    public String sqlName() {
        return sqlName;
    }

    public String tdType() {
        return tdType;
    }

    public ColumnValueType valueType() {
        return valueType;
    }

    @Override
    public String toString() {
        return sqlName + ":" + tdType;
    }
}
