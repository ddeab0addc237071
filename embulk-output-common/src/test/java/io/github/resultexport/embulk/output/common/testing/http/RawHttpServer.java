package io.github.resultexport.embulk.output.common.testing.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal HTTP/1.1 server on 127.0.0.1 (a free port) with keep-alive, written on plain sockets so that a reply can
 * also be "no reply at all": the connection is closed (FIN) or reset (RST) after the whole request was read. The
 * fakes of the plugin modules' tests (Treasure Data, Salesforce) answer through it.
 *
 * <p>Requests are read whole (a {@code Content-Length} or chunked body; {@code Expect: 100-continue} is answered) and
 * handed to the handler on the connection's own thread, so a handler must be thread-safe. A reply gets
 * {@code Content-Type}, {@code Content-Length} and its own headers; the connection stays open unless the request
 * said {@code Connection: close}.
 */
public final class RawHttpServer implements Closeable {
    /** Answers one request; called on the connection's thread, possibly on several threads at once. */
    public interface Handler {
        RawReply handle(RawRequest request);
    }

    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private final Handler handler;
    private final ServerSocket serverSocket;
    private final ExecutorService connections;
    private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    /**
     * Starts a server on 127.0.0.1 and a free port; {@code name} prefixes its thread names
     * ({@code <name>-acceptor}, {@code <name>-connection-N}).
     */
    public RawHttpServer(String name, Handler handler) throws IOException {
        this.handler = handler;
        this.serverSocket = new ServerSocket();
        this.serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        AtomicInteger threadNumber = new AtomicInteger();
        this.connections = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name + "-connection-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, name + "-acceptor");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                return;
            }
            openSockets.add(socket);
            if (closed) {
                closeQuietly(socket);
                return;
            }
            connections.execute(() -> serve(socket));
        }
    }

    private void serve(Socket socket) {
        try (Socket s = socket) {
            s.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (!closed) {
                RawRequest request = readRequest(in, out);
                if (request == null) {
                    return;
                }
                RawReply reply = handler.handle(request);
                switch (reply.kind()) {
                    case CLOSE:
                        return;
                    case RESET:
                        s.setSoLinger(true, 0);
                        return;
                    default:
                        writeReply(out, reply);
                        if ("close".equalsIgnoreCase(request.header("Connection"))) {
                            return;
                        }
                }
            }
        } catch (IOException e) {
            // The peer went away or the server is closing: nothing to answer to.
        } finally {
            openSockets.remove(socket);
        }
    }

    /** Reads one whole request (headers and body), or returns null at a clean end of stream. */
    private static RawRequest readRequest(InputStream in, OutputStream out) throws IOException {
        String head = readHead(in);
        if (head == null) {
            return null;
        }
        String[] lines = head.split("\r\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length != 3) {
            throw new IOException("bad request line");
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
            }
        }
        if ("100-continue".equalsIgnoreCase(headers.get("Expect"))) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        byte[] body;
        String transferEncoding = headers.get("Transfer-Encoding");
        if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = readChunked(in);
        } else if (headers.containsKey("Content-Length")) {
            body = readExactly(in, Integer.parseInt(headers.get("Content-Length")));
        } else {
            body = new byte[0];
        }
        String target = requestLine[1];
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? "" : target.substring(q + 1);
        return new RawRequest(requestLine[0], path, query, headers, body);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int matched = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (buf.size() == 0) {
                    return null;
                }
                throw new EOFException("end of stream inside request headers");
            }
            if (buf.size() == 0 && (b == '\r' || b == '\n')) {
                continue;
            }
            buf.write(b);
            if (buf.size() > MAX_HEADER_BYTES) {
                throw new IOException("request headers too large");
            }
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                String head = buf.toString(StandardCharsets.ISO_8859_1);
                return head.substring(0, head.length() - 4);
            }
        }
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                while (!readLine(in).isEmpty()) {
                    // trailers are ignored
                }
                return body.toByteArray();
            }
            body.write(readExactly(in, size));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("end of stream inside a chunked body");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] data = in.readNBytes(length);
        if (data.length != length) {
            throw new EOFException("end of stream inside a request body");
        }
        return data;
    }

    private static void writeReply(OutputStream out, RawReply reply) throws IOException {
        StringBuilder head = new StringBuilder();
        head.append("HTTP/1.1 ").append(reply.status()).append(' ').append(reasonPhrase(reply.status())).append("\r\n");
        head.append("Content-Type: ").append(reply.contentType()).append("\r\n");
        head.append("Content-Length: ").append(reply.body().length).append("\r\n");
        for (Map.Entry<String, String> header : reply.headers().entrySet()) {
            head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(reply.body());
        out.flush();
    }

    private static String reasonPhrase(int status) {
        switch (status) {
            case 200: return "OK";
            case 201: return "Created";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 409: return "Conflict";
            case 422: return "Unprocessable Entity";
            case 429: return "Too Many Requests";
            case 500: return "Internal Server Error";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            default: return "Status " + status;
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(serverSocket);
        for (Socket socket : openSockets) {
            closeQuietly(socket);
        }
        connections.shutdownNow();
        try {
            acceptor.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
