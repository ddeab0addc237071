package io.github.resultexport.embulk.output.postgresql.client;

import java.util.Objects;

/** A schema-qualified table name; {@link #toString()} is the quoted SQL form. */
public final class QualifiedName {
    private final String schema;
    private final String table;

    public QualifiedName(String schema, String table) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.table = Objects.requireNonNull(table, "table");
    }

    public String schema() {
        return schema;
    }

    public String table() {
        return table;
    }

    /** Another table in the same schema. */
    public QualifiedName sibling(String otherTable) {
        return new QualifiedName(schema, otherTable);
    }

    /** A double-quoted identifier: any name, quotes and semicolons included, is just a name. */
    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** Human-readable unquoted form for messages: {@code schema.table}. */
    public String display() {
        return schema + "." + table;
    }

    @Override
    public String toString() {
        return quote(schema) + "." + quote(table);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof QualifiedName)) {
            return false;
        }
        QualifiedName other = (QualifiedName) o;
        return schema.equals(other.schema) && table.equals(other.table);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, table);
    }
}
