package io.github.resultexport.embulk.output.postgresql.mode;

import io.github.resultexport.embulk.output.postgresql.LoadColumn;
import io.github.resultexport.embulk.output.postgresql.client.QualifiedName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The statements of mode merge, from the staging table into the target. Without merge_rule they write only rows
 * that are new or differ from the stored row in some input column; "differ" compares the stored bytes of the values
 * (record image inequality, {@code *<>}), so it works for every type — json and types without an equality operator
 * included — and a NULL equals a NULL but no value. A change that an equality operator would miss (numeric 1.0 to
 * 1.00, citext 'a' to 'A') is still written.
 */
final class MergeSql {
    /** Alias of the target in the generated statements; merge_rule names the target by its own table name. */
    private static final String STORED = "t";
    private static final String STAGED = "s";

    private final TablePlan plan;
    private final QualifiedName staging;

    MergeSql(TablePlan plan, QualifiedName staging) {
        this.plan = plan;
        this.staging = staging;
    }

    /**
     * INSERT … ON CONFLICT … DO UPDATE SET every non-key column, only where the row differs: safe against concurrent
     * inserts of the same key without a table lock; an identical row is locked but gets no new version.
     */
    String upsertChanged() {
        return upsertChanged(plan.columnList() + " FROM " + staging);
    }

    /**
     * {@link #upsertChanged} of the staged rows that have no identical stored row, so that ON CONFLICT neither meets
     * nor locks the identical ones. The server joins the tables as it sees fit (a hash join reads the target whole and
     * yields the rows out of order): quicker when nearly all rows are identical, much slower when many are not. A row
     * that is identical when the statement starts is left alone even if another session changes it before the merge
     * commits, as if the merge had run first; the plain upsert would wait for that session and write the staged row
     * over its change.
     */
    String upsertChangedSkippingIdentical() {
        List<String> others = nonKeyColumns();
        String identical = others.isEmpty() ? "" : " AND " + compare(STORED, STAGED, others, "*=");
        return upsertChanged(plan.columnList() + " FROM " + staging + " AS " + STAGED + " WHERE NOT EXISTS "
                + storedRow("1", identical));
    }

    /** A plain INSERT of every staged row: quickest when no key exists yet, fails on the first one that does. */
    String insertAll() {
        return "INSERT INTO " + plan.target() + " (" + plan.columnList() + ") SELECT " + plan.columnList() + " FROM "
                + staging;
    }

    /**
     * Counts, in a sample of about {@code rows} staged rows (the table's pages drawn at random), the rows: sampled,
     * with a new key, identical to the stored row.
     */
    String sample(long rows, long stagedRows) {
        double percent = stagedRows <= rows ? 100 : 100.0 * rows / stagedRows;
        return "SELECT count(*), count(*) FILTER (WHERE m.same IS NULL), count(*) FILTER (WHERE m.same) FROM "
                + staging + " AS " + STAGED + " TABLESAMPLE SYSTEM (" + String.format(Locale.ROOT, "%.6f", percent)
                + ") REPEATABLE (0) LEFT JOIN LATERAL " + storedIsIdentical() + " AS m (same) ON true";
    }

    private String upsertChanged(String selected) {
        List<String> others = nonKeyColumns();
        if (others.isEmpty()) {
            return upsert(STORED, selected, "DO NOTHING");
        }
        return upsert(STORED, selected, "DO UPDATE SET " + assignments(others, "EXCLUDED") + " WHERE "
                + compare(STORED, "EXCLUDED", others, "*<>"));
    }

    /** Whether the stored row of a staged row's key is identical to it; NULL when the key is new. */
    private String storedIsIdentical() {
        List<String> others = nonKeyColumns();
        return storedRow(others.isEmpty() ? "true" : compare(STORED, STAGED, others, "*="), "");
    }

    /**
     * {@code (SELECT value FROM target AS t WHERE t.key = s.key … condition)}: one stored row at most, found by its
     * key.
     */
    private String storedRow(String value, String condition) {
        List<String> match = new ArrayList<>();
        for (String key : plan.mergeKeys()) {
            match.add(qualified(STORED, key) + " = " + qualified(STAGED, key));
        }
        return "(SELECT " + value + " FROM " + plan.target() + " AS " + STORED + " WHERE " + String.join(" AND ", match)
                + condition + ")";
    }

    /** INSERT … ON CONFLICT … DO UPDATE SET the user's merge_rule, which names the target by its table name. */
    String upsertWithRule(List<String> rule) {
        return upsert(null, plan.columnList() + " FROM " + staging, "DO UPDATE SET " + String.join(", ", rule));
    }

    private String upsert(String targetAlias, String selected, String action) {
        return "INSERT INTO " + plan.target() + (targetAlias == null ? "" : " AS " + targetAlias) + " ("
                + plan.columnList() + ") SELECT " + selected + " ON CONFLICT (" + TablePlan.quotedList(plan.mergeKeys())
                + ") " + action;
    }

    private List<String> nonKeyColumns() {
        List<String> names = new ArrayList<>();
        for (LoadColumn c : plan.columns()) {
            if (!plan.mergeKeys().contains(c.getName())) {
                names.add(c.getName());
            }
        }
        return names;
    }

    /**
     * {@code ROW(a.x, a.y)::record *<> ROW(b.x, b.y)::record} (or {@code *=}); the casts keep it one record
     * comparison.
     */
    private static String compare(String a, String b, List<String> columns, String operator) {
        return row(a, columns) + " " + operator + " " + row(b, columns);
    }

    private static String row(String alias, List<String> columns) {
        List<String> values = new ArrayList<>();
        for (String c : columns) {
            values.add(qualified(alias, c));
        }
        return "ROW(" + String.join(", ", values) + ")::record";
    }

    private static String assignments(List<String> columns, String from) {
        List<String> sets = new ArrayList<>();
        for (String c : columns) {
            sets.add(QualifiedName.quote(c) + " = " + qualified(from, c));
        }
        return String.join(", ", sets);
    }

    private static String qualified(String alias, String column) {
        return alias + "." + QualifiedName.quote(column);
    }
}
