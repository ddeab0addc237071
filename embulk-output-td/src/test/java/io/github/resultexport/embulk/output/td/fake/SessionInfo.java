package io.github.resultexport.embulk.output.td.fake;

import java.util.List;

/**
 * A snapshot of a bulk-import session. The counts are null until a perform has finished, as in
 * {@code bulk_import/show}; {@code parts} are the uploaded part names in name order.
 */
public record SessionInfo(String name, String database, String table, SessionStatus status, boolean uploadFrozen,
        String jobId, Long validRecords, Long errorRecords, Long validParts, Long errorParts, List<String> parts) {
}
