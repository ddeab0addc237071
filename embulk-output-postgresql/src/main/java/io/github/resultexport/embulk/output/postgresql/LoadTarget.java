package io.github.resultexport.embulk.output.postgresql;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.resultexport.embulk.output.postgresql.client.QualifiedName;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The table the tasks COPY into and the resolved type of every input column there. Decided once by the
 * transaction and handed to every task through the TaskSource.
 */
public final class LoadTarget {
    private final String schema;
    private final String table;
    private final List<LoadColumn> columns;
    private final boolean chunked;

    @JsonCreator
    public LoadTarget(@JsonProperty("schema") String schema,
                      @JsonProperty("table") String table,
                      @JsonProperty("columns") List<LoadColumn> columns,
                      @JsonProperty("chunked") boolean chunked) {
        this.schema = schema;
        this.table = table;
        this.columns = Collections.unmodifiableList(new ArrayList<>(columns));
        this.chunked = chunked;
    }

    @JsonProperty("schema")
    public String getSchema() {
        return schema;
    }

    @JsonProperty("table")
    public String getTable() {
        return table;
    }

    /** One entry per input column, in schema order. */
    @JsonProperty("columns")
    public List<LoadColumn> getColumns() {
        return columns;
    }

    /**
     * True for the staging table: it has an extra chunk-id column, so that a chunk whose COPY was cut off can be
     * deleted and sent again without duplicating rows.
     */
    @JsonProperty("chunked")
    public boolean isChunked() {
        return chunked;
    }

    public QualifiedName name() {
        return new QualifiedName(schema, table);
    }
}
