package io.github.resultexport.embulk.output.postgresql.mode;

import io.github.resultexport.embulk.output.postgresql.client.QualifiedName;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mode merge without merge_rule, inside the final transaction: inserts the staged rows with new keys, updates the
 * rows whose values changed and leaves rows identical to the stored ones alone (no new row version), with
 * INSERT … ON CONFLICT … DO UPDATE … WHERE the row differs. Measured in bench/postgresql against PostgreSQL 15's MERGE
 * (which the plugin used before) it was as fast for new and identical rows and a quarter faster for changed ones,
 * and it needs no table lock: concurrent writers of the table never wait for the merge, and a key another session
 * inserts meanwhile is waited for and then updated.
 *
 * <p>Keys repeated in the input fail the run: the staging table of a run is unique on the merge keys (see
 * StagedLoad), so its COPY already refused them. For a staging table without that index the statement's own error,
 * or a check of the staged keys when some rows were skipped as identical, finds them.
 */
final class ChangedRowsMerge {
    private static final Logger LOG = LoggerFactory.getLogger(ChangedRowsMerge.class);

    private final boolean stagingUniqueOnKeys;

    /** @param stagingUniqueOnKeys whether the staging table has a unique index on the merge keys (a run's has) */
    ChangedRowsMerge(boolean stagingUniqueOnKeys) {
        this.stagingUniqueOnKeys = stagingUniqueOnKeys;
    }

    /** Writes the new and changed rows; the caller drops the staging table in the same transaction. */
    void apply(Connection conn, TablePlan plan, QualifiedName staging, long stagedRows) throws SQLException {
        long staged = stagedRows;
        MergeSql sql = new MergeSql(plan, staging);
        long started = System.nanoTime();
        long written = upsert(conn, plan, sql);
        long wroteNanos = System.nanoTime() - started;
        long skipped = staged - written;
        String check = "";
        if (skipped > 0 && !stagingUniqueOnKeys) {
            long checkStarted = System.nanoTime();
            if (RepeatedKeys.inStaging(conn, staging, plan.mergeKeys())) {
                throw RepeatedKeys.error(plan.mergeKeys());
            }
            check = "; repeated-key check " + seconds(System.nanoTime() - checkStarted) + " s";
        }
        LOG.info("merge: {} of {} staged rows were new or changed and written (INSERT … ON CONFLICT {} s); {}"
                + " identical rows left untouched{}", written, staged, seconds(wroteNanos), skipped, check);
    }

    private static long upsert(Connection conn, TablePlan plan, MergeSql sql) throws SQLException {
        try {
            return Sql.update(conn, sql.upsertChanged());
        } catch (SQLException e) {
            if (RepeatedKeys.metTwice(e)) {
                throw RepeatedKeys.error(plan.mergeKeys());
            }
            throw e;
        }
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e9);
    }
}
