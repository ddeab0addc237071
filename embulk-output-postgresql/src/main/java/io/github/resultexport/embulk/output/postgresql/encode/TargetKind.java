package io.github.resultexport.embulk.output.postgresql.encode;

/** What a value must look like in COPY text for the column type it lands in. */
public enum TargetKind {
    BOOLEAN, NUMBER, TEXT, JSON, TIMESTAMPTZ, TIMESTAMP, DATE, TIME, OTHER;

    /**
     * Classifies a PostgreSQL type by the name and category of its base type ({@code pg_type.typname},
     * {@code typcategory}; domains resolved to their base type).
     */
    public static TargetKind of(String typeName, String category) {
        switch (typeName) {
            case "timestamptz":
                return TIMESTAMPTZ;
            case "timestamp":
                return TIMESTAMP;
            case "date":
                return DATE;
            case "time":
            case "timetz":
                return TIME;
            case "json":
            case "jsonb":
                return JSON;
            default:
                break;
        }
        switch (category == null ? "" : category) {
            case "B":
                return BOOLEAN;
            case "N":
                return NUMBER;
            case "S":
                return TEXT;
            default:
                return OTHER;
        }
    }
}
