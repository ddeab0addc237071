package io.github.resultexport.embulk.output.postgresql.mode;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Which statement writes a merge, chosen from a sample of the staged rows looked up in the target by key. Measured
 * with 1M rows into a 1M-row table (bench/postgresql and the same statements in psql):
 * <ul>
 * <li>every key new: a plain INSERT takes about 55 % of the time of INSERT … ON CONFLICT, which probes the key index
 * before every insert;</li>
 * <li>every row identical: ON CONFLICT locks each identical row it meets (the lock is written into the row); leaving
 * them out first by a hash join takes about 55 % of its time, with 10 % of the rows changed about 85 %, with half of
 * them changed 160 % (the rows that are left come out of the join in no order). When both tables lie in key order,
 * statistics of the staging table let the server join them index to index instead, quicker still;</li>
 * <li>otherwise plain ON CONFLICT is quickest.</li>
 * </ul>
 * A wrong guess costs time, never correctness: each statement writes the same rows.
 */
final class MergePlan {
    /** About this many staged rows are sampled: some milliseconds of key lookups. */
    static final long SAMPLE_ROWS = 10_000;

    enum Statement {
        INSERT, UPSERT, UPSERT_SKIPPING_IDENTICAL
    }

    private final Statement statement;
    private final long sampled;
    private final long newKeys;
    private final long identical;
    private final boolean insertUndone;

    private MergePlan(Statement statement, long sampled, long newKeys, long identical, boolean insertUndone) {
        this.statement = statement;
        this.sampled = sampled;
        this.newKeys = newKeys;
        this.identical = identical;
        this.insertUndone = insertUndone;
    }

    static MergePlan choose(Connection conn, MergeSql sql, long stagedRows) throws SQLException {
        long sampled;
        long newKeys;
        long identical;
        try (java.sql.Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery(sql.sample(SAMPLE_ROWS, stagedRows))) {
            rs.next();
            sampled = rs.getLong(1);
            newKeys = rs.getLong(2);
            identical = rs.getLong(3);
        }
        return new MergePlan(choose(sampled, newKeys, identical), sampled, newKeys, identical, false);
    }

    /** From about 15 % of the rows not identical, leaving the identical ones out first stops paying. */
    static Statement choose(long sampled, long newKeys, long identical) {
        if (sampled > 0 && newKeys == sampled) {
            return Statement.INSERT;
        }
        if (sampled > 0 && identical * 20 >= sampled * 17) {
            return Statement.UPSERT_SKIPPING_IDENTICAL;
        }
        return Statement.UPSERT;
    }

    Statement statement() {
        return statement;
    }

    /** The plain INSERT met a stored key after all and was undone: the plain upsert writes the merge. */
    MergePlan insertUndone() {
        return new MergePlan(Statement.UPSERT, sampled, newKeys, identical, true);
    }

    String describe() {
        String sample = "a sample of " + sampled + " staged rows: " + newKeys + " with a new key, " + identical
                + " identical";
        switch (statement) {
            case INSERT:
                return sample + ": INSERT";
            case UPSERT_SKIPPING_IDENTICAL:
                return sample + ": INSERT … ON CONFLICT of the rows not identical";
            default:
                return sample + (insertUndone ? ": INSERT, undone when it met a stored key, then" : ":")
                        + " INSERT … ON CONFLICT";
        }
    }
}
