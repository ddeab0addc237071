package io.github.resultexport.embulk.output.sfdc.fake;

import io.github.resultexport.embulk.output.common.testing.http.RawRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** What the fake Salesforce reads from a request beyond the raw parts: the body un-gzip'd, gzip accepted. */
final class Requests {
    private Requests() {
    }

    /**
     * The body with {@code Content-Encoding: gzip} undone. force-wsc sends that header on every request, GETs
     * included, whose bodies are empty: only a non-empty body is gunzipped.
     */
    static byte[] decodedBody(RawRequest request) {
        byte[] body = request.body();
        if (body.length == 0 || !"gzip".equalsIgnoreCase(request.header("Content-Encoding"))) {
            return body;
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("body is not gzip although Content-Encoding says so", e);
        }
    }

    static boolean acceptsGzip(RawRequest request) {
        String accept = request.header("Accept-Encoding");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("gzip");
    }
}
