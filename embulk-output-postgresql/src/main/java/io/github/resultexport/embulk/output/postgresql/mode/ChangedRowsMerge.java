package io.github.resultexport.embulk.output.postgresql.mode;

import io.github.resultexport.embulk.output.postgresql.client.QualifiedName;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Locale;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mode merge without merge_rule, inside the final transaction: inserts the staged rows with new keys, updates the
 * rows whose values changed and leaves rows identical to the stored ones alone (no new row version). A sample of
 * the staged rows chooses the statement ({@link MergePlan}); all of them take no table lock, so concurrent writers
 * of the table never wait for the merge, and a key another session inserts meanwhile is waited for and then updated.
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

    /**
     * Writes the new and changed rows and checks the staged rows' number; the caller drops the staging table in the
     * same transaction.
     */
    void apply(Connection conn, TablePlan plan, QualifiedName staging, StagedRows staged) throws SQLException {
        long stagedRows = staged.committed();
        MergeSql sql = new MergeSql(plan, staging);
        long started = System.nanoTime();
        MergePlan chosen = MergePlan.choose(conn, sql, stagedRows);
        long written;
        try {
            OptionalLong inserted = OptionalLong.empty();
            if (chosen.statement() == MergePlan.Statement.INSERT) {
                inserted = insert(conn, sql);
                if (!inserted.isPresent()) {
                    chosen = chosen.insertUndone();
                }
            }
            if (inserted.isPresent()) {
                staged.verifyRead(conn, inserted.getAsLong());
                written = inserted.getAsLong();
            } else {
                written = upsert(conn, sql, staging, staged, chosen.statement());
            }
        } catch (SQLException e) {
            if (RepeatedKeys.metTwice(e)) {
                throw RepeatedKeys.error(plan.mergeKeys());
            }
            throw e;
        }
        long wroteNanos = System.nanoTime() - started;
        long skipped = stagedRows - written;
        String check = "";
        if (skipped > 0 && !stagingUniqueOnKeys) {
            long checkStarted = System.nanoTime();
            if (RepeatedKeys.inStaging(conn, staging, plan.mergeKeys())) {
                throw RepeatedKeys.error(plan.mergeKeys());
            }
            check = "; repeated-key check " + seconds(System.nanoTime() - checkStarted) + " s";
        }
        LOG.info("merge: {} of {} staged rows were new or changed and written ({}, {} s); {} identical rows left"
                + " untouched{}", written, stagedRows, chosen.describe(), seconds(wroteNanos), skipped, check);
    }

    /**
     * The sample found no stored key: a plain INSERT of every staged row, or nothing when a key exists after all
     * (the sample missed it, or another session inserted it meanwhile): then the INSERT is undone to its savepoint
     * and its rows are dead space in the table until VACUUM.
     */
    private static OptionalLong insert(Connection conn, MergeSql sql) throws SQLException {
        Savepoint beforeInsert = conn.setSavepoint();
        try {
            long inserted = Sql.update(conn, sql.insertAll());
            conn.releaseSavepoint(beforeInsert);
            return OptionalLong.of(inserted);
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
            conn.rollback(beforeInsert);
            return OptionalLong.empty();
        }
    }

    /** The upsert after counting the staged rows, which it does not all read. */
    private static long upsert(Connection conn, MergeSql sql, QualifiedName staging, StagedRows staged,
                               MergePlan.Statement statement) throws SQLException {
        staged.verifyCounted(conn);
        if (statement != MergePlan.Statement.UPSERT_SKIPPING_IDENTICAL) {
            return Sql.update(conn, sql.upsertChanged());
        }
        // statistics let the server join in key order, index to index, when both tables lie in key order
        Sql.execute(conn, "ANALYZE " + staging);
        return Sql.update(conn, sql.upsertChangedSkippingIdentical());
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e9);
    }
}
