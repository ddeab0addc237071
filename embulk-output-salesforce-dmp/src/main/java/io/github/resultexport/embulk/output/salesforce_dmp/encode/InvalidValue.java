package io.github.resultexport.embulk.output.salesforce_dmp.encode;

/** Why a record cannot be written: the column and the problem with its value. */
public final class InvalidValue {
    private final String column;
    private final String problem;

    InvalidValue(String column, String problem) {
        this.column = column;
        this.problem = problem;
    }

    public String column() {
        return column;
    }

    /** The problem, phrased to follow "the value": "contains ';', which separates attributes". */
    public String problem() {
        return problem;
    }

    @Override
    public String toString() {
        return "column '" + column + "': the value " + problem;
    }
}
