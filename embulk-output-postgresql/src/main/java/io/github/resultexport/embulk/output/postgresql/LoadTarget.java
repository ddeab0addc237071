package io.github.resultexport.embulk.output.postgresql;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.resultexport.embulk.output.postgresql.client.QualifiedName;
import io.github.resultexport.embulk.output.postgresql.client.ServerWatch;
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
    private final boolean unlogged;
    private final String serverStartedAt;
    private final List<String> mergeKeys;

    public LoadTarget(String schema, String table, List<LoadColumn> columns, boolean chunked, boolean unlogged) {
        this(schema, table, columns, chunked, unlogged, null, null);
    }

    @JsonCreator
    public LoadTarget(@JsonProperty("schema") String schema,
                      @JsonProperty("table") String table,
                      @JsonProperty("columns") List<LoadColumn> columns,
                      @JsonProperty("chunked") boolean chunked,
                      @JsonProperty("unlogged") boolean unlogged,
                      @JsonProperty("server_started_at") String serverStartedAt,
                      @JsonProperty("merge_keys") List<String> mergeKeys) {
        this.schema = schema;
        this.table = table;
        this.columns = Collections.unmodifiableList(new ArrayList<>(columns));
        this.chunked = chunked;
        this.unlogged = unlogged;
        this.serverStartedAt = serverStartedAt;
        this.mergeKeys = mergeKeys == null ? Collections.<String>emptyList()
                : Collections.unmodifiableList(new ArrayList<>(mergeKeys));
    }

    /** The same target, for a run that began while the server had been up since {@code startedAt}. */
    public LoadTarget withServerStartedAt(String startedAt) {
        return new LoadTarget(schema, table, columns, chunked, unlogged, startedAt, mergeKeys);
    }

    /** The same target, unique on the merge keys: a key the input repeats fails the COPY that repeats it. */
    public LoadTarget withMergeKeys(List<String> keys) {
        return new LoadTarget(schema, table, columns, chunked, unlogged, serverStartedAt, keys);
    }

    /** merge: the keys the load table is unique on; empty otherwise. */
    @JsonProperty("merge_keys")
    public List<String> getMergeKeys() {
        return mergeKeys;
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

    /** True for an UNLOGGED staging table: crash recovery empties it. */
    @JsonProperty("unlogged")
    public boolean isUnlogged() {
        return unlogged;
    }

    /** {@code pg_postmaster_start_time()} when the run began; null in a dry run. */
    @JsonProperty("server_started_at")
    public String getServerStartedAt() {
        return serverStartedAt;
    }

    /** Tells the tasks and the final transaction whether the server restarted under the load. */
    public ServerWatch serverWatch() {
        return serverStartedAt == null ? ServerWatch.NONE : new ServerWatch(serverStartedAt, !unlogged);
    }

    public QualifiedName name() {
        return new QualifiedName(schema, table);
    }
}
