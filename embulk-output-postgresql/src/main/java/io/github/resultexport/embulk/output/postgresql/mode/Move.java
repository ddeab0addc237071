package io.github.resultexport.embulk.output.postgresql.mode;

import io.github.resultexport.embulk.output.postgresql.client.QualifiedName;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * How a staged mode publishes the staging table's rows inside the final transaction. Every move also removes the
 * staging table — by dropping it or by renaming it into place — so its absence proves the commit happened.
 */
interface Move {
    /**
     * Publishes the staged rows and checks, before the caller commits, that the staging table held exactly what the
     * tasks committed ({@link StagedRows}): by the row count of a statement that read them all, or by counting.
     */
    void apply(Connection conn, TablePlan plan, QualifiedName staging, StagedRows staged) throws SQLException;

    String describe();

    /** Whether the staged rows must be unique on the merge keys (a merge): the staging table gets a unique index. */
    default boolean needsUniqueKeys() {
        return false;
    }

    /** The strongest lock the move takes on the target, for messages while it waits for it. */
    default String lockNeeded() {
        return "ROW EXCLUSIVE lock (INSERT)";
    }
}
