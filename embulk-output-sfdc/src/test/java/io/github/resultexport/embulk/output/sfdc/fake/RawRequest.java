package io.github.resultexport.embulk.output.sfdc.fake;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** One HTTP request as read from the socket; {@code path} is still percent-encoded. */
record RawRequest(String method, String path, String query, Map<String, String> headers, byte[] body) {
    String header(String name) {
        return headers.get(name);
    }

    /**
     * The body with {@code Content-Encoding: gzip} undone. force-wsc sends that header on every request, GETs
     * included, whose bodies are empty: only a non-empty body is gunzipped.
     */
    byte[] decodedBody() {
        if (body.length == 0 || !"gzip".equalsIgnoreCase(header("Content-Encoding"))) {
            return body;
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("body is not gzip although Content-Encoding says so", e);
        }
    }

    boolean acceptsGzip() {
        String accept = header("Accept-Encoding");
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("gzip");
    }
}
