package io.github.resultexport.embulk.output.sfdc.client;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.sforce.ws.ConnectorConfig;
import io.github.resultexport.embulk.output.common.testing.http.RawHttpServer;
import io.github.resultexport.embulk.output.common.testing.http.RawReply;
import io.github.resultexport.embulk.output.common.testing.http.RawRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class FastGzipTransportTest {
    private final AtomicReference<RawRequest> received = new AtomicReference<>();
    private RawHttpServer server;

    @Before
    public void start() throws IOException {
        server = new RawHttpServer("gzip-check", request -> {
            received.set(request);
            return RawReply.respond(201, "text/csv", Collections.emptyMap(),
                    "ok".getBytes(StandardCharsets.UTF_8));
        });
    }

    @After
    public void stop() throws IOException {
        server.close();
    }

    @Test
    public void gzipsTheBodyAtTheFastestLevel() throws IOException {
        byte[] csv = sampleCsv();
        FastGzipTransport transport = transport(true);
        HashMap<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "text/csv; charset=UTF-8");
        try (OutputStream out = transport.connect(url(), headers, true)) {
            out.write(csv);
        }
        assertEquals("ok", new String(transport.getContent().readAllBytes(), StandardCharsets.UTF_8));
        assertTrue(transport.isSuccessful());

        RawRequest request = received.get();
        assertEquals("gzip", request.header("Content-Encoding"));
        assertEquals("text/csv; charset=UTF-8", request.header("Content-Type"));
        assertArrayEquals(csv, gunzip(request.body()));
        int fastest = deflatedSize(csv, Deflater.BEST_SPEED);
        int byDefault = deflatedSize(csv, Deflater.DEFAULT_COMPRESSION);
        int body = request.body().length;
        assertTrue("body " + body + " bytes, fastest level " + fastest + ", default " + byDefault,
                Math.abs(body - fastest) < fastest / 50 && body > byDefault * 11 / 10);
    }

    @Test
    public void sendsAsItIsWhenCompressionIsOff() throws IOException {
        byte[] csv = sampleCsv();
        FastGzipTransport transport = transport(false);
        try (OutputStream out = transport.connect(url(), new HashMap<>())) {
            out.write(csv);
        }
        transport.getContent().close();
        assertTrue(transport.isSuccessful());
        assertNull(received.get().header("Content-Encoding"));
        assertArrayEquals(csv, received.get().body());
    }

    private FastGzipTransport transport(boolean compression) {
        ConnectorConfig config = new ConnectorConfig();
        config.setCompression(compression);
        config.setTraceMessage(false);
        FastGzipTransport transport = new FastGzipTransport();
        transport.setConfig(config);
        return transport;
    }

    private String url() {
        return "http://127.0.0.1:" + server.port() + "/services/async/65.0/job/750x/batch";
    }

    private static byte[] sampleCsv() {
        StringBuilder sb = new StringBuilder("\"Name\",\"Score__c\",\"At__c\"\n");
        for (int i = 0; i < 40_000; i++) {
            sb.append("\"customer ").append(i * 7919 % 100_003).append(" of region ").append(i % 17)
                    .append("\",\"").append(i * 0.37).append("\",\"2026-12-0").append(1 + i % 9)
                    .append("T10:").append(10 + i % 50).append(":00.000Z\"\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static int deflatedSize(byte[] data, int level) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(out, new Deflater(level, true), 64 * 1024)) {
            d.write(data);
        }
        return out.size() + 18;   // the gzip header and trailer
    }

    private static byte[] gunzip(byte[] body) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }
}
