package io.github.resultexport.embulk.output.td.fake;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A perform job. It advances only when polled ({@code bulk_import/show} of its session, {@code job/show},
 * {@code job/status}): the first poll moves it from queued to running, and it finishes on poll number
 * {@code pollsLeft} with {@code endStatus}. What it imports is fixed when it starts, since a frozen session's parts
 * cannot change.
 */
final class FakeJob {
    final String id;
    final String sessionName;
    final String database;
    final String table;
    final JobStatus endStatus;
    JobStatus status = JobStatus.QUEUED;
    int pollsLeft;
    final Instant createdAt;
    Instant startAt;
    Instant endAt;

    final List<Map<String, Object>> validRows;
    final List<byte[]> errorRecords;
    final long validParts;
    final long errorParts;

    FakeJob(String id, FakeSession session, int polls, JobStatus endStatus, Instant now) {
        this.id = id;
        this.sessionName = session.name;
        this.database = session.database;
        this.table = session.table;
        this.pollsLeft = polls;
        this.endStatus = endStatus;
        this.createdAt = now;
        this.validRows = session.validRowsInPartOrder();
        this.errorRecords = session.errorRecordsInPartOrder();
        this.validParts = session.parts.values().stream().filter(p -> !p.malformed()).count();
        this.errorParts = session.parts.size() - validParts;
    }

    JobInfo info() {
        return new JobInfo(id, "bulk_import", status, database, sessionName, pollsLeft);
    }
}
