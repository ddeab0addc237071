package io.github.resultexport.embulk.output.td.fake;

import java.util.Map;

/** One HTTP request as read from the socket; {@code path} is still percent-encoded. */
record RawRequest(String method, String path, String query, Map<String, String> headers, byte[] body) {
    String header(String name) {
        return headers.get(name);
    }
}
