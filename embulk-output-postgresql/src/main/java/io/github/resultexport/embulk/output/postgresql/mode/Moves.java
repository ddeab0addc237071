package io.github.resultexport.embulk.output.postgresql.mode;

import io.github.resultexport.embulk.output.postgresql.client.QualifiedName;
import io.github.resultexport.embulk.output.postgresql.client.TableInspector;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.embulk.config.ConfigException;

/** The moves of the staged modes. */
final class Moves {
    private Moves() {
    }

    /** INSERT … SELECT every staged row, whose count checks the staging table; then drops it. */
    static void insertSelectAndDrop(Connection conn, TablePlan plan, QualifiedName staging, StagedRows staged)
            throws SQLException {
        staged.verifyRead(conn, Sql.update(conn, "INSERT INTO " + plan.target() + " (" + plan.columnList() + ") SELECT "
                + plan.columnList() + " FROM " + staging));
        Sql.execute(conn, "DROP TABLE " + staging);
    }

    /** append: add the rows. */
    static final class Append implements Move {
        @Override
        public void apply(Connection conn, TablePlan plan, QualifiedName staging, StagedRows staged)
                throws SQLException {
            insertSelectAndDrop(conn, plan, staging, staged);
        }

        @Override
        public String describe() {
            return "append: INSERT … SELECT from the staging table in one transaction";
        }
    }

    /** truncate: empty the table, keeping its indexes, grants and dependent views, then add the rows. */
    static final class Truncate implements Move {
        @Override
        public void apply(Connection conn, TablePlan plan, QualifiedName staging, StagedRows staged)
                throws SQLException {
            Sql.execute(conn, "TRUNCATE TABLE " + plan.target());
            insertSelectAndDrop(conn, plan, staging, staged);
        }

        @Override
        public String describe() {
            return "truncate: TRUNCATE + INSERT … SELECT in one transaction (indexes and grants kept)";
        }

        @Override
        public String lockNeeded() {
            return "ACCESS EXCLUSIVE lock (TRUNCATE)";
        }
    }

    /**
     * merge: rows with a new key are inserted, rows whose key exists update that row. Without merge_rule only new and
     * changed rows are written ({@link ChangedRowsMerge}); with it, INSERT … ON CONFLICT … DO UPDATE SET the rule.
     */
    static final class Merge implements Move {
        private final Optional<List<String>> mergeRule;

        Merge(Optional<List<String>> mergeRule) {
            this.mergeRule = mergeRule;
        }

        @Override
        public void apply(Connection conn, TablePlan plan, QualifiedName staging, StagedRows staged)
                throws SQLException {
            if (mergeRule.isPresent()) {
                try {
                    // no WHERE on DO UPDATE: every staged row is inserted or updates its row
                    String upsert = new MergeSql(plan, staging).upsertWithRule(mergeRule.get());
                    staged.verifyRead(conn, Sql.update(conn, upsert));
                } catch (SQLException e) {
                    if (RepeatedKeys.metTwice(e)) {
                        throw RepeatedKeys.error(plan.mergeKeys());
                    }
                    throw e;
                }
            } else {
                // StagedLoad made the staging table unique on the merge keys (or it is a created table with them as
                // primary key): the input's repeated keys failed its COPY.
                new ChangedRowsMerge(true).apply(conn, plan, staging, staged);
            }
            Sql.execute(conn, "DROP TABLE " + staging);
        }

        @Override
        public boolean needsUniqueKeys() {
            return true;
        }

        @Override
        public String describe() {
            return mergeRule.isPresent()
                    ? "merge: INSERT … SELECT … ON CONFLICT … DO UPDATE SET merge_rule in one transaction"
                    : "merge: new and changed rows are written in one transaction, identical rows are left untouched";
        }

        @Override
        public String lockNeeded() {
            return "ROW EXCLUSIVE lock (INSERT … ON CONFLICT)";
        }
    }

    /**
     * The staging table was created as the final table (logged, with the create options): drop the old table if
     * there is one, after giving its grants to the staging table, and rename the staging table into place — one
     * transaction, so readers see the old rows or the new, never an empty table, and no row is copied twice.
     */
    static final class RenameIntoPlace implements Move {
        private final String what;

        RenameIntoPlace(String what) {
            this.what = what;
        }

        @Override
        public void apply(Connection conn, TablePlan plan, QualifiedName staging, StagedRows staged)
                throws SQLException {
            staged.verifyCounted(conn);
            TableInspector inspector = new TableInspector(conn);
            Optional<Long> old = inspector.oid(plan.target());
            if (old.isPresent()) {
                List<String> views = inspector.dependentViews(old.get());
                if (!views.isEmpty()) {
                    throw new ConfigException(ReplaceChecks.viewsMessage(plan.target(), views));
                }
                for (String grant : inspector.grantsFor(old.get(), staging)) {
                    Sql.execute(conn, grant);
                }
                Sql.execute(conn, "DROP TABLE " + plan.target());
            }
            Sql.execute(conn, "ALTER TABLE " + staging + " RENAME TO " + QualifiedName.quote(plan.target().table()));
            renameIndexes(conn, inspector, staging, plan.target());
        }

        /** Indexes made by create_table_constraint were named after the staging table; name them after the target. */
        private static void renameIndexes(Connection conn, TableInspector inspector, QualifiedName staging,
                                          QualifiedName target) throws SQLException {
            for (String index : inspector.indexNames(inspector.oid(target).get())) {
                if (index.startsWith(staging.table())) {
                    String renamed = target.table() + index.substring(staging.table().length());
                    if (renamed.getBytes(StandardCharsets.UTF_8).length <= 63) {
                        Sql.execute(conn, "ALTER INDEX " + target.sibling(index) + " RENAME TO "
                                + QualifiedName.quote(renamed));
                    }
                }
            }
        }

        @Override
        public String lockNeeded() {
            return "ACCESS EXCLUSIVE lock (DROP TABLE of the old table)";
        }

        @Override
        public String describe() {
            return what + ": tasks load a new table; one transaction copies the old table's grants, drops it and"
                    + " renames the new one in";
        }
    }

    /**
     * For a target that did not exist when the run started: rename the staging table into place, unless another
     * session created the target meanwhile — then fall back to the mode's own move.
     */
    static final class CreateByRename implements Move {
        private final Move whenTargetAppeared;
        private final RenameIntoPlace rename;

        CreateByRename(String mode, Move whenTargetAppeared) {
            this.whenTargetAppeared = whenTargetAppeared;
            this.rename = new RenameIntoPlace(mode);
        }

        @Override
        public boolean needsUniqueKeys() {
            return whenTargetAppeared.needsUniqueKeys();
        }

        @Override
        public void apply(Connection conn, TablePlan plan, QualifiedName staging, StagedRows staged)
                throws SQLException {
            if (new TableInspector(conn).oid(plan.target()).isPresent()) {
                whenTargetAppeared.apply(conn, plan, staging, staged);
            } else {
                rename.apply(conn, plan, staging, staged);
            }
        }

        @Override
        public String describe() {
            return "the table does not exist: tasks load a new table that one transaction renames into place";
        }
    }
}
