package io.github.resultexport.embulk.output.td.fake;

/**
 * A request as it arrives, before anything is applied: what fault hooks receive. {@code endpoint} is the endpoint
 * kind (e.g. {@code "bulk_import/commit"}) or {@code "unknown"}; {@code query} never holds credentials.
 */
public record RequestInfo(long seq, String method, String path, String query, String endpoint) {
}
