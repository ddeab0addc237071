package io.github.resultexport.embulk.output.salesforce_dmp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An HTTP/1.1 relay in front of {@link S3Server} that sees every S3 request and can make chosen ones fail: the
 * n-th request a rule matches gets an S3 error response, has its connection dropped in the middle of its body, or
 * loses its response after the server applied it; or it is held until the test releases it. Faults are chosen by
 * request, never by time. Signed requests pass unchanged (the Host header the client signed is kept), so the
 * server still checks every signature.
 */
final class S3FaultFront implements AutoCloseable {
    private final ServerSocket server;
    private final int upstreamPort;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "s3-fault-front");
        t.setDaemon(true);
        return t;
    });
    private final List<Rule> rules = new ArrayList<>();
    private final List<Request> seen = Collections.synchronizedList(new ArrayList<>());

    private S3FaultFront(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        connections.execute(this::acceptLoop);
    }

    static S3FaultFront in(S3Server s3) throws IOException {
        return new S3FaultFront(s3.port());
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Every request seen so far, in arrival order. */
    List<Request> requests() {
        synchronized (seen) {
            return new ArrayList<>(seen);
        }
    }

    long count(Predicate<Request> match) {
        return requests().stream().filter(match).count();
    }

    /** The next {@code times} requests that {@code match} meet {@code fault}; later ones pass. */
    void inject(Predicate<Request> match, int times, Fault fault) {
        synchronized (rules) {
            rules.add(new Rule(match, times, fault));
        }
    }

    /** Every request that {@code match} meets {@code fault}. */
    void injectAlways(Predicate<Request> match, Fault fault) {
        inject(match, Integer.MAX_VALUE, fault);
    }

    private Fault faultFor(Request request) {
        synchronized (rules) {
            for (Rule rule : rules) {
                if (rule.remaining > 0 && rule.match.test(request)) {
                    rule.remaining--;
                    return rule.fault;
                }
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }

    // ---- faults ----------------------------------------------------------------------------------------------

    /** What happens to a matched request. */
    abstract static class Fault {
    }

    /** Answers with an S3 error (e.g. 503 SlowDown) instead of passing the request on. */
    static Fault error(int status, String code) {
        return new ErrorReply(status, code);
    }

    /** Reads {@code bytes} of the request's body, then resets the connection: the client sees it dropped. */
    static Fault dropAfterBodyBytes(long bytes) {
        return new Drop(bytes);
    }

    /** Passes the request on, so the server applies it, then resets the connection instead of answering. */
    static Fault loseResponse() {
        return new LoseResponse();
    }

    /** Holds the request until {@link Hold#release()}, then passes it on. */
    static Hold hold() {
        return new Hold();
    }

    private static final class ErrorReply extends Fault {
        final int status;
        final String code;

        ErrorReply(int status, String code) {
            this.status = status;
            this.code = code;
        }
    }

    private static final class Drop extends Fault {
        final long bytes;

        Drop(long bytes) {
            this.bytes = bytes;
        }
    }

    private static final class LoseResponse extends Fault {
    }

    static final class Hold extends Fault {
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        /** Waits until a request is held; fails after {@code seconds}. */
        void awaitReached(long seconds) throws InterruptedException {
            if (!reached.await(seconds, TimeUnit.SECONDS)) {
                throw new AssertionError("no request was held within " + seconds + " s");
            }
        }

        void release() {
            released.countDown();
        }
    }

    private static final class Rule {
        final Predicate<Request> match;
        int remaining;
        final Fault fault;

        Rule(Predicate<Request> match, int remaining, Fault fault) {
            this.match = match;
            this.remaining = remaining;
            this.fault = fault;
        }
    }

    // ---- requests --------------------------------------------------------------------------------------------

    /** A request's method, target and headers (names in lower case). */
    static final class Request {
        final String method;
        final String target;
        final Map<String, String> headers;
        final long arrivedNanos = System.nanoTime();

        Request(String method, String target, Map<String, String> headers) {
            this.method = method;
            this.target = target;
            this.headers = headers;
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String path() {
            int q = target.indexOf('?');
            return q < 0 ? target : target.substring(0, q);
        }

        /** Whether the query has parameter {@code name}, or exactly {@code name=value} when given so. */
        boolean hasParam(String name) {
            int q = target.indexOf('?');
            if (q < 0) {
                return false;
            }
            for (String p : target.substring(q + 1).split("&")) {
                if (p.equals(name) || (!name.contains("=") && p.startsWith(name + "="))) {
                    return true;
                }
            }
            return false;
        }

        boolean isUploadPart() {
            return method.equals("PUT") && hasParam("partNumber") && hasParam("uploadId");
        }

        boolean isPutObject() {
            return method.equals("PUT") && !hasParam("uploadId") && header("x-amz-copy-source") == null;
        }

        boolean isCreateUpload() {
            return method.equals("POST") && hasParam("uploads");
        }

        boolean isComplete() {
            return method.equals("POST") && hasParam("uploadId");
        }

        boolean isAbort() {
            return method.equals("DELETE") && hasParam("uploadId");
        }

        boolean isListParts() {
            return method.equals("GET") && hasParam("uploadId");
        }

        /** Any request that writes: an object, a part, an upload's start or end. */
        boolean writes() {
            return method.equals("PUT") || method.equals("POST");
        }

        @Override
        public String toString() {
            return method + " " + target;
        }
    }

    // ---- relay -----------------------------------------------------------------------------------------------

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.execute(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (Socket c = client; Socket up = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
            InputStream cin = new BufferedInputStream(c.getInputStream());
            OutputStream cout = new BufferedOutputStream(c.getOutputStream());
            InputStream uin = new BufferedInputStream(up.getInputStream());
            OutputStream uout = new BufferedOutputStream(up.getOutputStream());
            while (true) {
                Head head = Head.read(cin);
                if (head == null) {
                    return;
                }
                Request request = head.request();
                seen.add(request);
                Fault fault = faultFor(request);
                if (fault instanceof Hold) {
                    Hold hold = (Hold) fault;
                    hold.reached.countDown();
                    if (!hold.released.await(300, TimeUnit.SECONDS)) {
                        return;
                    }
                    fault = null;
                }
                if (fault == null) {
                    if (!relay(head, cin, cout, uin, uout, false)) {
                        return;
                    }
                } else if (fault instanceof ErrorReply) {
                    if (!head.expectsContinue()) {
                        copyBody(head, cin, OutputStream.nullOutputStream(), Long.MAX_VALUE);
                    }
                    writeError(cout, (ErrorReply) fault);
                } else if (fault instanceof Drop) {
                    if (head.expectsContinue()) {
                        cout.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        cout.flush();
                    }
                    copyBody(head, cin, OutputStream.nullOutputStream(), ((Drop) fault).bytes);
                    reset(c);
                    return;
                } else {
                    relay(head, cin, cout, uin, uout, true);
                    reset(c);
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client or the server closed the connection
        }
    }

    /**
     * Passes one request and its response; with {@code swallowResponse} the response is read but not passed.
     * Returns whether the connection can carry another request.
     */
    private static boolean relay(Head request, InputStream cin, OutputStream cout, InputStream uin,
            OutputStream uout, boolean swallowResponse) throws IOException {
        uout.write(request.raw);
        OutputStream toClient = swallowResponse ? OutputStream.nullOutputStream() : cout;
        if (request.expectsContinue()) {
            uout.flush();
            Head interim = Head.read(uin);
            if (interim == null) {
                return false;
            }
            toClient.write(interim.raw);
            if (interim.status() != 100) {
                copyResponseBody(request, interim, uin, toClient);
                toClient.flush();
                return false;
            }
            toClient.flush();
        }
        copyBody(request, cin, uout, Long.MAX_VALUE);
        uout.flush();
        while (true) {
            Head response = Head.read(uin);
            if (response == null) {
                return false;
            }
            toClient.write(response.raw);
            if (response.status() >= 200) {
                boolean reusable = copyResponseBody(request, response, uin, toClient);
                toClient.flush();
                return reusable && !"close".equalsIgnoreCase(response.header("connection"));
            }
            toClient.flush();
        }
    }

    private static void writeError(OutputStream out, ErrorReply error) throws IOException {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + error.code + "</Code><Message>"
                + "injected by the test</Message><RequestId>fault</RequestId></Error>")
                .getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + error.status + " " + error.code + "\r\nContent-Type: application/xml\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static void reset(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /** Copies a request body (at most {@code limit} bytes of it). */
    private static void copyBody(Head head, InputStream in, OutputStream out, long limit) throws IOException {
        if (head.chunked()) {
            copyChunked(in, out, limit);
        } else {
            copyExactly(in, out, Math.min(limit, head.contentLength()));
        }
    }

    /** Copies a response body; returns false when it ends with the connection. */
    private static boolean copyResponseBody(Head request, Head response, InputStream in, OutputStream out)
            throws IOException {
        int status = response.status();
        if (request.method().equals("HEAD") || status == 204 || status == 304 || status < 200) {
            return true;
        }
        if (response.chunked()) {
            copyChunked(in, out, Long.MAX_VALUE);
            return true;
        }
        if (response.header("content-length") != null) {
            copyExactly(in, out, response.contentLength());
            return true;
        }
        in.transferTo(out);
        return false;
    }

    private static void copyExactly(InputStream in, OutputStream out, long n) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long left = n;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new IOException("connection ended " + left + " bytes before the end of the body");
            }
            out.write(buf, 0, r);
            left -= r;
        }
    }

    private static void copyChunked(InputStream in, OutputStream out, long limit) throws IOException {
        long copied = 0;
        while (copied < limit) {
            String sizeLine = readLine(in);
            out.write((sizeLine + "\r\n").getBytes(StandardCharsets.US_ASCII));
            int semicolon = sizeLine.indexOf(';');
            long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                String trailer;
                while (!(trailer = readLine(in)).isEmpty()) {
                    out.write((trailer + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            long part = Math.min(size, limit - copied);
            copyExactly(in, out, part);
            copied += part;
            if (part < size) {
                return;
            }
            copyExactly(in, out, 2);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.US_ASCII);
            }
            line.write(b);
        }
        throw new IOException("connection ended inside a line");
    }

    /** A request or response head: its raw bytes and the parsed start line and headers. */
    private static final class Head {
        final byte[] raw;
        final String startLine;
        final Map<String, String> headers;

        private Head(byte[] raw, String startLine, Map<String, String> headers) {
            this.raw = raw;
            this.startLine = startLine;
            this.headers = headers;
        }

        /** The next head, or null at the end of the stream. */
        static Head read(InputStream in) throws IOException {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            int matched = 0;
            int b;
            while (matched < 4) {
                b = in.read();
                if (b < 0) {
                    if (raw.size() == 0) {
                        return null;
                    }
                    throw new IOException("connection ended inside a head");
                }
                raw.write(b);
                matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            byte[] bytes = raw.toByteArray();
            String[] lines = new String(bytes, StandardCharsets.ISO_8859_1).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim());
                }
            }
            return new Head(bytes, lines[0], headers);
        }

        String header(String name) {
            return headers.get(name);
        }

        String method() {
            return startLine.substring(0, startLine.indexOf(' '));
        }

        Request request() {
            String[] parts = startLine.split(" ");
            return new Request(parts[0], parts.length > 1 ? parts[1] : "", Collections.unmodifiableMap(headers));
        }

        int status() {
            return Integer.parseInt(startLine.split(" ")[1]);
        }

        boolean expectsContinue() {
            return "100-continue".equalsIgnoreCase(header("expect"));
        }

        boolean chunked() {
            String te = header("transfer-encoding");
            return te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
        }

        long contentLength() {
            String cl = header("content-length");
            return cl == null ? 0 : Long.parseLong(cl.trim());
        }
    }
}
