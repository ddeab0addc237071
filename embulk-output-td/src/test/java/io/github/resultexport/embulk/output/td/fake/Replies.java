package io.github.resultexport.embulk.output.td.fake;

import io.github.resultexport.embulk.output.common.testing.http.RawReply;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The answers of the Treasure Data API: JSON, or the bytes of a download. */
final class Replies {
    private Replies() {
    }

    static RawReply json(int status, String json) {
        return json(status, json, Map.of());
    }

    static RawReply json(int status, String json, Map<String, String> headers) {
        return RawReply.respond(status, "application/json; charset=utf-8", headers,
                json.getBytes(StandardCharsets.UTF_8));
    }

    static RawReply binary(int status, byte[] body) {
        return RawReply.respond(status, "application/octet-stream", Map.of(), body);
    }
}
