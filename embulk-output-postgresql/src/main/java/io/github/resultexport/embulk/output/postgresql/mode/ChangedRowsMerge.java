package io.github.resultexport.embulk.output.postgresql.mode;

import io.github.resultexport.embulk.output.postgresql.client.QualifiedName;
import io.github.resultexport.embulk.output.postgresql.client.TableInspector;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mode merge without merge_rule, inside the final transaction: inserts the staged rows with new keys, updates the
 * rows whose values changed and leaves rows identical to the stored ones alone (no new row version).
 *
 * <p>On PostgreSQL 15 and newer the statement is MERGE, after {@code LOCK TABLE … IN SHARE ROW EXCLUSIVE MODE}:
 * MERGE neither writes nor locks identical rows, but alone it would fail on a key another session inserts meanwhile;
 * the lock makes concurrent merges (and other writers) into the table wait for this one, while readers go on. On
 * older servers, and for tables with rules, it is INSERT … ON CONFLICT … DO UPDATE … WHERE the row differs, which needs
 * no table lock.
 *
 * <p>Keys repeated in the input fail the run. Both statements raise an error for a repeated key when they insert or
 * update its first row; only when some rows were skipped as identical can a repeat have passed unseen, so only then
 * are the staged keys checked.
 */
final class ChangedRowsMerge {
    /** {@code server_version_num} of PostgreSQL 15, the first with MERGE. */
    static final int MERGE_SINCE = 150000;
    private static final Logger LOG = LoggerFactory.getLogger(ChangedRowsMerge.class);
    private static final String SAVEPOINT = "embulk_merge";

    private final boolean useMergeStatement;

    ChangedRowsMerge(boolean useMergeStatement) {
        this.useMergeStatement = useMergeStatement;
    }

    /** MERGE where the server has it and the table allows it (MERGE refuses tables with rules, even ON DELETE). */
    static ChangedRowsMerge forTarget(Connection conn, QualifiedName target) throws SQLException {
        if (Integer.parseInt(Sql.queryValue(conn, "SHOW server_version_num")) < MERGE_SINCE) {
            return new ChangedRowsMerge(false);
        }
        TableInspector inspector = new TableInspector(conn);
        return new ChangedRowsMerge(!inspector.hasRules(inspector.oid(target).get()));
    }

    /** Writes the new and changed rows; the caller drops the staging table in the same transaction. */
    void apply(Connection conn, TablePlan plan, QualifiedName staging, long stagedRows) throws SQLException {
        long staged = stagedRows;
        MergeSql sql = new MergeSql(plan, staging);
        long started = System.nanoTime();
        long written = useMergeStatement ? merge(conn, plan, staging, sql) : upsert(conn, plan, sql);
        long wroteNanos = System.nanoTime() - started;
        long skipped = staged - written;
        String check = "";
        if (skipped > 0) {
            long checkStarted = System.nanoTime();
            if (RepeatedKeys.inStaging(conn, staging, plan.mergeKeys())) {
                throw RepeatedKeys.error(plan.mergeKeys());
            }
            check = "; repeated-key check " + seconds(System.nanoTime() - checkStarted) + " s";
        }
        LOG.info("merge: {} of {} staged rows were new or changed and written ({} {} s); {} identical rows left"
                        + " untouched{}", written, staged, useMergeStatement ? "MERGE" : "INSERT … ON CONFLICT",
                seconds(wroteNanos), skipped, check);
    }

    private static long merge(Connection conn, TablePlan plan, QualifiedName staging, MergeSql sql)
            throws SQLException {
        Sql.execute(conn, "LOCK TABLE " + plan.target() + " IN SHARE ROW EXCLUSIVE MODE");
        Sql.execute(conn, "SAVEPOINT " + SAVEPOINT);
        try {
            return Sql.update(conn, sql.merge());
        } catch (SQLException e) {
            if (RepeatedKeys.metTwice(e)) {
                throw RepeatedKeys.error(plan.mergeKeys());
            }
            // Two staged rows with the same new key: the second insert violates the target's unique index (no other
            // session can have inserted the key meanwhile: the lock). Another unique index may be the one violated.
            if ("23505".equals(e.getSQLState())) {
                Sql.execute(conn, "ROLLBACK TO SAVEPOINT " + SAVEPOINT);
                if (RepeatedKeys.inStaging(conn, staging, plan.mergeKeys())) {
                    throw RepeatedKeys.error(plan.mergeKeys());
                }
            }
            throw e;
        }
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
