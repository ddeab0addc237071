package io.github.resultexport.embulk.output.sfdc.stage;

/** What one Bulk API batch may hold: {@code split_records} records, 10 MB and 10,000,000 characters of CSV. */
public final class BatchLimits {
    /** Salesforce's limit is 10 MB; staying at 10,000,000 bytes keeps clear of it whatever MB means. */
    public static final long MAX_BYTES = 10_000_000L;
    public static final long MAX_CHARS = 10_000_000L;

    final int maxRecords;
    final long maxBytes;
    final long maxChars;

    public BatchLimits(int maxRecords) {
        this(maxRecords, MAX_BYTES, MAX_CHARS);
    }

    BatchLimits(int maxRecords, long maxBytes, long maxChars) {
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
        this.maxChars = maxChars;
    }
}
