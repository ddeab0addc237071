package io.github.resultexport.embulk.output.common.testing.http;

import java.util.Map;

/**
 * One HTTP request as read from the socket; {@code path} is still percent-encoded, {@code query} is the part after
 * {@code ?} (empty if none), {@code headers} are matched case-insensitively and {@code body} is as sent.
 */
public record RawRequest(String method, String path, String query, Map<String, String> headers, byte[] body) {
    /** A header's value (its name case-insensitive), or null. */
    public String header(String name) {
        return headers.get(name);
    }
}
