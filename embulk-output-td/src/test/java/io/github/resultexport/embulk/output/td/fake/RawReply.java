package io.github.resultexport.embulk.output.td.fake;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What the server does with a request: answer it, or close / reset the connection without an answer. */
record RawReply(Kind kind, int status, String contentType, Map<String, String> headers, byte[] body) {
    enum Kind { RESPOND, CLOSE, RESET }

    static RawReply json(int status, String json) {
        return json(status, json, Map.of());
    }

    static RawReply json(int status, String json, Map<String, String> headers) {
        return new RawReply(Kind.RESPOND, status, "application/json; charset=utf-8", headers,
                json.getBytes(StandardCharsets.UTF_8));
    }

    static RawReply binary(int status, byte[] body) {
        return new RawReply(Kind.RESPOND, status, "application/octet-stream", Map.of(), body);
    }

    static RawReply close() {
        return new RawReply(Kind.CLOSE, 0, "", Map.of(), new byte[0]);
    }

    static RawReply reset() {
        return new RawReply(Kind.RESET, 0, "", Map.of(), new byte[0]);
    }
}
