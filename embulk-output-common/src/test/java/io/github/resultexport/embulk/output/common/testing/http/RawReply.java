package io.github.resultexport.embulk.output.common.testing.http;

import java.util.Map;

/**
 * What the server does with a request: answer it ({@link Kind#RESPOND} with status, content type, further headers
 * and body), or close ({@link Kind#CLOSE}, a FIN) or reset ({@link Kind#RESET}, an RST) the connection without an
 * answer.
 */
public record RawReply(Kind kind, int status, String contentType, Map<String, String> headers, byte[] body) {
    public enum Kind { RESPOND, CLOSE, RESET }

    /** An answer. */
    public static RawReply respond(int status, String contentType, Map<String, String> headers, byte[] body) {
        return new RawReply(Kind.RESPOND, status, contentType, headers, body);
    }

    /** The connection is closed without an answer. */
    public static RawReply close() {
        return new RawReply(Kind.CLOSE, 0, "", Map.of(), new byte[0]);
    }

    /** The connection is reset without an answer. */
    public static RawReply reset() {
        return new RawReply(Kind.RESET, 0, "", Map.of(), new byte[0]);
    }
}
