package io.github.resultexport.embulk.output.sfdc.fake;

import io.github.resultexport.embulk.output.common.testing.http.RawReply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** The answers of the fake Salesforce: text (XML, CSV, HTML), gzip'd for clients that accept it. */
final class Replies {
    private Replies() {
    }

    static RawReply text(int status, String contentType, String text) {
        return RawReply.respond(status, contentType, Map.of(), text.getBytes(StandardCharsets.UTF_8));
    }

    /** The same reply with a gzip'd body and {@code Content-Encoding: gzip}, as Salesforce answers such clients. */
    static RawReply gzipped(RawReply reply) {
        if (reply.kind() != RawReply.Kind.RESPOND || reply.body().length == 0) {
            return reply;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(reply.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> h = new LinkedHashMap<>(reply.headers());
        h.put("Content-Encoding", "gzip");
        return RawReply.respond(reply.status(), reply.contentType(), h, out.toByteArray());
    }
}
