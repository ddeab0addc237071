package io.github.resultexport.embulk.output.td.fake;

/** A snapshot of a job; every job of the fake is a bulk-import perform job. */
public record JobInfo(String jobId, String type, JobStatus status, String database, String sessionName,
        int pollsLeft) {
}
