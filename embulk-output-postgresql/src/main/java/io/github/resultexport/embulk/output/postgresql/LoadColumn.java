package io.github.resultexport.embulk.output.postgresql;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.resultexport.embulk.output.postgresql.encode.TargetKind;

/** An input column as it lands in PostgreSQL: its name, its SQL type there and how values must be rendered. */
public final class LoadColumn {
    private final String name;
    private final String sqlType;
    private final TargetKind kind;

    @JsonCreator
    public LoadColumn(@JsonProperty("name") String name,
                      @JsonProperty("sqlType") String sqlType,
                      @JsonProperty("kind") TargetKind kind) {
        this.name = name;
        this.sqlType = sqlType;
        this.kind = kind;
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
}
