package io.github.resultexport.embulk.output.postgresql;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.resultexport.embulk.output.postgresql.encode.TargetKind;

/** An input column as it lands in PostgreSQL: its name, its SQL type there and how values must be rendered. */
public final class LoadColumn {
    private final String name;
    private final String sqlType;
    private final TargetKind kind;
    private final String baseType;

    @JsonCreator
    public LoadColumn(@JsonProperty("name") String name,
                      @JsonProperty("sqlType") String sqlType,
                      @JsonProperty("kind") TargetKind kind,
                      @JsonProperty("baseType") String baseType) {
        this.name = name;
        this.sqlType = sqlType;
        this.kind = kind;
        this.baseType = baseType;
    }

    @JsonProperty("name")
    public String getName() {
        return name;
    }

    /** As {@code format_type} writes it, e.g. {@code numeric(12,2)} or {@code text[]}. */
    @JsonProperty("sqlType")
    public String getSqlType() {
        return sqlType;
    }

    @JsonProperty("kind")
    public TargetKind getKind() {
        return kind;
    }

    /**
     * {@code pg_type.typname} of the column's type, or of a domain's base type ({@code int8}, {@code text}); null when
     * unknown.
     */
    @JsonProperty("baseType")
    public String getBaseType() {
        return baseType;
    }
}
