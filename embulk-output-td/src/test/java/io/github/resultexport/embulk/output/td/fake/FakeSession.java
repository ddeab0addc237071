package io.github.resultexport.embulk.output.td.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A bulk-import session: uploading (frozen or not) → performing (with a job) → ready → committing → committed.
 * Parts are kept by name, so re-uploading a name replaces the part, and are read in name order. Guarded by the
 * {@link TdState} lock.
 */
final class FakeSession {
    final String name;
    final String database;
    final String table;
    SessionStatus status = SessionStatus.UPLOADING;
    boolean frozen;
    final Map<String, DecodedPart> parts = new TreeMap<>();
    FakeJob job;
    /** The outcome of the last perform that finished; null before. */
    FakeJob performed;
    int commitPollsLeft;

    FakeSession(String name, String database, String table) {
        this.name = name;
        this.database = database;
        this.table = table;
    }

    List<Map<String, Object>> validRowsInPartOrder() {
        List<Map<String, Object>> rows = new ArrayList<>();
        parts.values().forEach(p -> rows.addAll(p.validRecords()));
        return rows;
    }

    List<byte[]> errorRecordsInPartOrder() {
        List<byte[]> records = new ArrayList<>();
        parts.values().forEach(p -> records.addAll(p.errorRecords()));
        return records;
    }

    SessionInfo info() {
        return new SessionInfo(name, database, table, status, frozen, job == null ? null : job.id,
                performed == null ? null : (long) performed.validRows.size(),
                performed == null ? null : (long) performed.errorRecords.size(),
                performed == null ? null : performed.validParts,
                performed == null ? null : performed.errorParts,
                List.copyOf(parts.keySet()));
    }
}
