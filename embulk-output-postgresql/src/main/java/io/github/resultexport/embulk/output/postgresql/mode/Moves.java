package io.github.resultexport.embulk.output.postgresql.mode;

import io.github.resultexport.embulk.output.postgresql.LoadColumn;
import io.github.resultexport.embulk.output.postgresql.client.QualifiedName;
import io.github.resultexport.embulk.output.postgresql.client.TableInspector;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.embulk.spi.DataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The moves of the staged modes. */
final class Moves {
    private static final Logger LOG = LoggerFactory.getLogger(Moves.class);

    private Moves() {
    }

    static String insertSelect(TablePlan plan, QualifiedName into, QualifiedName staging) {
        return "INSERT INTO " + into + " (" + plan.columnList() + ") SELECT " + plan.columnList() + " FROM " + staging;
    }

    static void createTargetIfMissing(Connection conn, TablePlan plan) throws SQLException {
        if (!plan.targetExists()) {
            Sql.execute(conn, plan.createTableSql(plan.target(), true));
        }
    }

    /** append: add the rows. */
    static final class Append implements Move {
        @Override
        public long apply(Connection conn, TablePlan plan, QualifiedName staging) throws SQLException {
            createTargetIfMissing(conn, plan);
            return Sql.execute(conn, insertSelect(plan, plan.target(), staging));
        }

        @Override
        public String describe() {
            return "append: INSERT … SELECT from the staging table in one transaction";
        }
    }

    /** truncate: empty the table, keeping its indexes, grants and dependent views, then add the rows. */
    static final class Truncate implements Move {
        @Override
        public long apply(Connection conn, TablePlan plan, QualifiedName staging) throws SQLException {
            createTargetIfMissing(conn, plan);
            Sql.execute(conn, "TRUNCATE TABLE " + plan.target());
            return Sql.execute(conn, insertSelect(plan, plan.target(), staging));
        }

        @Override
        public String describe() {
            return "truncate: TRUNCATE + INSERT … SELECT in one transaction (indexes and grants kept)";
        }
    }

    /** merge: INSERT … ON CONFLICT (keys) DO UPDATE SET …. */
    static final class Merge implements Move {
        private final Optional<List<String>> mergeRule;

        Merge(Optional<List<String>> mergeRule) {
            this.mergeRule = mergeRule;
        }

        @Override
        public long apply(Connection conn, TablePlan plan, QualifiedName staging) throws SQLException {
            createTargetIfMissing(conn, plan);
            String sql = insertSelect(plan, plan.target(), staging)
                    + " ON CONFLICT (" + TablePlan.quotedList(plan.mergeKeys()) + ") " + conflictAction(plan);
            try {
                return Sql.execute(conn, sql);
            } catch (SQLException e) {
                if ("21000".equals(e.getSQLState())) {
                    throw new DataException("merge: the input has more than one row with the same merge_keys ("
                            + String.join(", ", plan.mergeKeys()) + "); each key may appear once per run");
                }
                throw e;
            }
        }

        private String conflictAction(TablePlan plan) {
            List<String> assignments = new ArrayList<>();
            if (mergeRule.isPresent()) {
                assignments.addAll(mergeRule.get());
            } else {
                for (LoadColumn c : plan.columns()) {
                    if (!plan.mergeKeys().contains(c.getName())) {
                        String q = QualifiedName.quote(c.getName());
                        assignments.add(q + " = EXCLUDED." + q);
                    }
                }
            }
            return assignments.isEmpty() ? "DO NOTHING" : "DO UPDATE SET " + String.join(", ", assignments);
        }

        @Override
        public String describe() {
            return "merge: INSERT … SELECT … ON CONFLICT … DO UPDATE in one transaction";
        }
    }

    /**
     * replace: build a new table from the staged rows, give it the old table's grants, drop the old one and rename
     * the new one in — all in one transaction, so readers see the old rows or the new, never an empty table.
     */
    static final class Replace implements Move {
        private final QualifiedName newTable;

        Replace(QualifiedName newTable) {
            this.newTable = newTable;
        }

        @Override
        public long apply(Connection conn, TablePlan plan, QualifiedName staging) throws SQLException {
            TableInspector inspector = new TableInspector(conn);
            Sql.execute(conn, plan.createTableSql(newTable, false));
            long rows = Sql.execute(conn, insertSelect(plan, newTable, staging));
            Optional<Long> old = inspector.oid(plan.target());
            if (old.isPresent()) {
                List<String> views = inspector.dependentViews(old.get());
                if (!views.isEmpty()) {
                    throw new org.embulk.config.ConfigException(ReplaceChecks.viewsMessage(plan.target(), views));
                }
                for (String grant : inspector.grantsFor(old.get(), newTable)) {
                    Sql.execute(conn, grant);
                }
                Sql.execute(conn, "DROP TABLE " + plan.target());
            }
            Sql.execute(conn, "ALTER TABLE " + newTable + " RENAME TO " + QualifiedName.quote(plan.target().table()));
            renameIndexes(conn, inspector, plan.target());
            LOG.info("replaced {} ({} rows)", plan.target().display(), rows);
            return rows;
        }

        /** Indexes made by create_table_constraint were named after the new table; name them after the target. */
        private void renameIndexes(Connection conn, TableInspector inspector, QualifiedName target)
                throws SQLException {
            for (String index : inspector.indexNames(inspector.oid(target).get())) {
                if (index.startsWith(newTable.table())) {
                    String renamed = target.table() + index.substring(newTable.table().length());
                    if (renamed.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 63) {
                        Sql.execute(conn, "ALTER INDEX " + target.sibling(index) + " RENAME TO "
                                + QualifiedName.quote(renamed));
                    }
                }
            }
        }

        @Override
        public String describe() {
            return "replace: new table filled from staging, grants copied, old dropped, new renamed in, one transaction";
        }
    }
}
