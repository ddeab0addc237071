package io.github.resultexport.embulk.output.postgresql.mode;

import io.github.resultexport.embulk.output.postgresql.LoadTarget;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One write mode. Tasks only stage; {@link #complete} publishes inside the final transaction, once every task
 * succeeded; {@link #discard} removes what was staged.
 */
public interface LoadStrategy {
    /** Before the tasks run (autocommit connection): creates what the tasks COPY into. */
    LoadTarget prepare(Connection conn) throws SQLException;

    /**
     * Inside the final transaction: publishes the staged rows in the target, after checking that they are exactly
     * the {@code committedRows} the tasks reported.
     */
    void complete(Connection conn, long committedRows) throws SQLException;

    /** The strongest lock the final transaction takes on the target, for messages while it waits for it. */
    String lockNeeded();

    /**
     * After a connection loss during the final transaction, on a new connection: true when that transaction surely
     * did not commit, so running {@link #complete} again cannot apply anything twice.
     */
    boolean stillPending(Connection conn) throws SQLException;

    /** Removes what {@link #prepare} created (autocommit connection). */
    void discard(Connection conn) throws SQLException;

    /** One line for the log: what the mode does. */
    String describe();
}
