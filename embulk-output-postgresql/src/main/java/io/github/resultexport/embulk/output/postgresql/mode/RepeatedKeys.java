package io.github.resultexport.embulk.output.postgresql.mode;

import io.github.resultexport.embulk.output.postgresql.client.QualifiedName;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.embulk.spi.DataException;

/** Keys that appear more than once in the staged rows of a merge: the input is wrong, the run must fail. */
final class RepeatedKeys {
    private RepeatedKeys() {
    }

    /**
     * True when some merge key appears in more than one staged row. Builds a unique index on the staging table
     * (dropped with it): a sort of the keys, cheaper than grouping them. An error other than a unique violation is
     * raised as it is; any error leaves the transaction aborted, which only the caller's rollback ends.
     */
    static boolean inStaging(Connection conn, QualifiedName staging, List<String> keys) throws SQLException {
        if (hasUniqueIndex(conn, staging)) {
            return false;
        }
        try {
            Sql.execute(conn, "CREATE UNIQUE INDEX ON " + staging + " (" + TablePlan.quotedList(keys) + ")");
            return false;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return true;
            }
            throw e;
        }
    }

    /** A staging table made unique on the keys when it was created (see StagedLoad) cannot hold a repeat. */
    private static boolean hasUniqueIndex(Connection conn, QualifiedName staging) throws SQLException {
        return !"0".equals(Sql.queryValue(conn, "SELECT count(*) FROM pg_index WHERE indisunique AND indrelid = '"
                + staging.toString().replace("'", "''") + "'::regclass"));
    }

    /** 21000: an ON CONFLICT or MERGE statement met a row it had itself inserted or updated. */
    static boolean metTwice(SQLException e) {
        return "21000".equals(e.getSQLState());
    }

    static DataException error(List<String> keys) {
        return new DataException("merge: the input has more than one row with the same merge_keys ("
                + String.join(", ", keys) + "); each key may appear once per run");
    }
}
