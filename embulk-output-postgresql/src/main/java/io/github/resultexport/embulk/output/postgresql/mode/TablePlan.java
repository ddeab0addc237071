package io.github.resultexport.embulk.output.postgresql.mode;

import io.github.resultexport.embulk.output.postgresql.LoadColumn;
import io.github.resultexport.embulk.output.postgresql.client.QualifiedName;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** What the transaction decided about the target before loading: its columns, how to create it, merge keys. */
public final class TablePlan {
    private final QualifiedName target;
    private final boolean targetExists;
    private final List<LoadColumn> columns;
    private final List<Boolean> notNull;
    private final List<String> mergeKeys;
    private final Optional<String> createTableConstraint;
    private final Optional<String> createTableOption;

    public TablePlan(QualifiedName target, boolean targetExists, List<LoadColumn> columns, List<Boolean> notNull,
                     List<String> mergeKeys, Optional<String> createTableConstraint,
                     Optional<String> createTableOption) {
        this.target = target;
        this.targetExists = targetExists;
        this.columns = Collections.unmodifiableList(new ArrayList<>(columns));
        this.notNull = Collections.unmodifiableList(new ArrayList<>(notNull));
        this.mergeKeys = Collections.unmodifiableList(new ArrayList<>(mergeKeys));
        this.createTableConstraint = createTableConstraint;
        this.createTableOption = createTableOption;
    }

    public QualifiedName target() {
        return target;
    }

    public boolean targetExists() {
        return targetExists;
    }

    /** The input columns in input order, typed as they are (or will be) in the target. */
    public List<LoadColumn> columns() {
        return columns;
    }

    public List<String> mergeKeys() {
        return mergeKeys;
    }

    /** {@code "a", "b", "c"}: the input columns, quoted. */
    public String columnList() {
        StringBuilder sb = new StringBuilder();
        for (LoadColumn c : columns) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(QualifiedName.quote(c.getName()));
        }
        return sb.toString();
    }

    /** CREATE TABLE for the target (or a replacement of it) from the input columns and the create options. */
    public String createTableSql(QualifiedName name, boolean ifNotExists) {
        StringBuilder sb = new StringBuilder("CREATE TABLE ");
        if (ifNotExists) {
            sb.append("IF NOT EXISTS ");
        }
        sb.append(name).append(" (");
        appendColumnDefinitions(sb, false);
        if (createTableConstraint.isPresent()) {
            sb.append(", ").append(createTableConstraint.get());
        } else if (!mergeKeys.isEmpty()) {
            sb.append(", PRIMARY KEY (").append(quotedList(mergeKeys)).append(")");
        }
        sb.append(")");
        if (createTableOption.isPresent()) {
            sb.append(" ").append(createTableOption.get());
        }
        return sb.toString();
    }

    /**
     * The staging table: UNLOGGED (no WAL for rows that are copied once more), no indexes, NOT NULL where the target
     * has it, so that a violation is reported by COPY with its row number.
     */
    public String createStagingSql(QualifiedName name) {
        StringBuilder sb = new StringBuilder("CREATE UNLOGGED TABLE ").append(name).append(" (");
        appendColumnDefinitions(sb, true);
        // it lives for one run: an autovacuum of its freshly loaded rows would only compete with the final transaction
        return sb.append(") WITH (autovacuum_enabled = false)").toString();
    }

    private void appendColumnDefinitions(StringBuilder sb, boolean withNotNull) {
        for (int i = 0; i < columns.size(); i++) {
            LoadColumn c = columns.get(i);
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(QualifiedName.quote(c.getName())).append(' ').append(c.getSqlType());
            if (withNotNull && notNull.get(i)) {
                sb.append(" NOT NULL");
            }
        }
    }

    static String quotedList(List<String> names) {
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(QualifiedName.quote(n));
        }
        return sb.toString();
    }
}
