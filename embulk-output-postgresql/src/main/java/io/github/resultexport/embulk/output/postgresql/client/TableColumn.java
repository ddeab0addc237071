package io.github.resultexport.embulk.output.postgresql.client;

import io.github.resultexport.embulk.output.postgresql.encode.TargetKind;

/** A column of an existing table: name, SQL type as PostgreSQL prints it, and how values must be rendered for it. */
public final class TableColumn {
    private final String name;
    private final String sqlType;
    private final TargetKind kind;
    private final boolean notNull;
    private final String baseType;

    public TableColumn(String name, String sqlType, TargetKind kind, boolean notNull, String baseType) {
        this.name = name;
        this.sqlType = sqlType;
        this.kind = kind;
        this.notNull = notNull;
        this.baseType = baseType;
    }

    public String name() {
        return name;
    }

    public String sqlType() {
        return sqlType;
    }

    public TargetKind kind() {
        return kind;
    }

    public boolean notNull() {
        return notNull;
    }

    /** {@code pg_type.typname} of the type, or of a domain's base type. */
    public String baseType() {
        return baseType;
    }
}
