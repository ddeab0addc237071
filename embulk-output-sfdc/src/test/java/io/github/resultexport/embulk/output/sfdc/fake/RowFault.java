package io.github.resultexport.embulk.output.sfdc.fake;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic per-row failure: rows of a batch whose CSV value in a column equals a given text fail with a
 * given Salesforce status code the first K times such a row is processed (counted over all batches from when the
 * rule is added), and are processed normally after that. The other rows of the batch are not affected.
 *
 * <pre>{@code
 * fake.faults().addRowFault(RowFault.whereColumn("ExtId__c", "k-7").times(2).unableToLockRow());
 * fake.faults().addRowFault(RowFault.whereColumn("Name", "x").requiredFieldMissing("Count__c"));
 * }</pre>
 */
public final class RowFault {
    final String column;
    final String value;
    private final int times;
    final String statusCode;
    final String message;
    final List<String> fields;
    private final AtomicInteger seen = new AtomicInteger();
    private final AtomicInteger hits = new AtomicInteger();

    private RowFault(Builder b, String statusCode, String message, List<String> fields) {
        this.column = b.column;
        this.value = b.value;
        this.times = b.times;
        this.statusCode = statusCode;
        this.message = message;
        this.fields = fields;
    }

    /** Rows whose value in this CSV column (as sent, case-insensitive column name) equals {@code value}. */
    public static Builder whereColumn(String column, String value) {
        return new Builder(Objects.requireNonNull(column), Objects.requireNonNull(value));
    }

    /** How many rows the rule failed so far. */
    public int hits() {
        return hits.get();
    }

    /** Counts a processed row; true if this row fails. */
    boolean hit(Map<String, String> rowByLowerCaseColumn) {
        String v = rowByLowerCaseColumn.get(column.toLowerCase(java.util.Locale.ROOT));
        if (!value.equals(v)) {
            return false;
        }
        if (seen.incrementAndGet() > times) {
            return false;
        }
        hits.incrementAndGet();
        return true;
    }

    @Override
    public String toString() {
        return statusCode + " for rows with " + column + "=" + value
                + (times == Integer.MAX_VALUE ? "" : " (first " + times + " times)");
    }

    public static final class Builder {
        private final String column;
        private final String value;
        private int times = Integer.MAX_VALUE;

        private Builder(String column, String value) {
            this.column = column;
            this.value = value;
        }

        /** Only the first {@code k} times a matching row is processed; the default is every time. */
        public Builder times(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("at least once");
            }
            this.times = k;
            return this;
        }

        /** {@code UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record:--}, a transient failure. */
        public RowFault unableToLockRow() {
            return error("UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record");
        }

        /** {@code REQUIRED_FIELD_MISSING:Required fields are missing: [F]:F --}. */
        public RowFault requiredFieldMissing(String field) {
            return error("REQUIRED_FIELD_MISSING", "Required fields are missing: [" + field + "]", field);
        }

        /** Any status code, message and fields: the result's Error column reads {@code CODE:message:fields --}. */
        public RowFault error(String statusCode, String message, String... fields) {
            return new RowFault(this, Objects.requireNonNull(statusCode), Objects.requireNonNull(message),
                    List.of(fields));
        }
    }
}
