package io.github.resultexport.embulk.output.sfdc.fake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** What the server does with a request: answer it, or close / reset the connection without an answer. */
record RawReply(Kind kind, int status, String contentType, Map<String, String> headers, byte[] body) {
    enum Kind { RESPOND, CLOSE, RESET }

    static RawReply text(int status, String contentType, String text) {
        return new RawReply(Kind.RESPOND, status, contentType, Map.of(), text.getBytes(StandardCharsets.UTF_8));
    }

    static RawReply close() {
        return new RawReply(Kind.CLOSE, 0, "", Map.of(), new byte[0]);
    }

    static RawReply reset() {
        return new RawReply(Kind.RESET, 0, "", Map.of(), new byte[0]);
    }

    /** The same reply with a gzip'd body and {@code Content-Encoding: gzip}, as Salesforce answers such clients. */
    RawReply gzipped() {
        if (kind != Kind.RESPOND || body.length == 0) {
            return this;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("Content-Encoding", "gzip");
        return new RawReply(kind, status, contentType, h, out.toByteArray());
    }
}
