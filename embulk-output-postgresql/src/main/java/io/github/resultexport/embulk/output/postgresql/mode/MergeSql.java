package io.github.resultexport.embulk.output.postgresql.mode;

import io.github.resultexport.embulk.output.postgresql.LoadColumn;
import io.github.resultexport.embulk.output.postgresql.client.QualifiedName;
import java.util.ArrayList;
import java.util.List;

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
        List<String> others = nonKeyColumns();
        if (others.isEmpty()) {
            return upsert(STORED, "DO NOTHING");
        }
        return upsert(STORED, "DO UPDATE SET " + assignments(others, "EXCLUDED") + " WHERE "
                + differs(STORED, "EXCLUDED", others));
    }

    /** INSERT … ON CONFLICT … DO UPDATE SET the user's merge_rule, which names the target by its table name. */
    String upsertWithRule(List<String> rule) {
        return upsert(null, "DO UPDATE SET " + String.join(", ", rule));
    }

    private String upsert(String targetAlias, String action) {
        return "INSERT INTO " + plan.target() + (targetAlias == null ? "" : " AS " + targetAlias) + " ("
                + plan.columnList() + ") SELECT " + plan.columnList() + " FROM " + staging + " ON CONFLICT ("
                + TablePlan.quotedList(plan.mergeKeys()) + ") " + action;
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

    /** {@code ROW(a.x, a.y)::record *<> ROW(b.x, b.y)::record}; the casts keep it one record comparison. */
    private static String differs(String a, String b, List<String> columns) {
        return row(a, columns) + " *<> " + row(b, columns);
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
