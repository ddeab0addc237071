package io.github.resultexport.embulk.output.postgresql.mode;

import io.github.resultexport.embulk.output.postgresql.client.QualifiedName;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * How a staged mode publishes the staging table's rows inside the final transaction. Every move also removes the
 * staging table — by dropping it or by renaming it into place — so its absence proves the commit happened.
 */
interface Move {
    /** {@code stagedRows}: what the staging table holds, already counted and checked by the caller. */
    void apply(Connection conn, TablePlan plan, QualifiedName staging, long stagedRows) throws SQLException;

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
