package io.github.resultexport.embulk.output.td;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain-HTTP forward proxy on 127.0.0.1 for tests: takes absolute-form requests ({@code GET http://host:port/path}),
 * sends them on to their host in origin form, one request per connection, and counts them.
 */
final class ForwardProxy implements AutoCloseable {
    private final ServerSocket server;
    private final AtomicInteger forwarded = new AtomicInteger();

    ForwardProxy() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "forward-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    int forwarded() {
        return forwarded.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread t = new Thread(() -> handle(client), "forward-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try (Socket c = client) {
            InputStream in = c.getInputStream();
            String head = readHead(in);
            if (head == null) {
                return;
            }
            String[] lines = head.split("\r\n");
            String[] requestLine = lines[0].split(" ", 3);
            URI uri = URI.create(requestLine[1]);
            StringBuilder out = new StringBuilder(requestLine[0]).append(' ').append(uri.getRawPath());
            if (uri.getRawQuery() != null) {
                out.append('?').append(uri.getRawQuery());
            }
            out.append(' ').append(requestLine[2]).append("\r\n");
            for (int i = 1; i < lines.length; i++) {
                String lower = lines[i].toLowerCase();
                if (!lower.startsWith("proxy-") && !lower.startsWith("connection:")) {
                    out.append(lines[i]).append("\r\n");
                }
            }
            out.append("Connection: close\r\n\r\n");
            try (Socket upstream = new Socket(uri.getHost(), uri.getPort())) {
                forwarded.incrementAndGet();
                OutputStream up = upstream.getOutputStream();
                up.write(out.toString().getBytes(StandardCharsets.ISO_8859_1));
                int length = contentLength(lines);
                in.readNBytes(0);
                up.write(in.readNBytes(length));
                up.flush();
                InputStream down = upstream.getInputStream();
                String responseHead = readHead(down);
                if (responseHead == null) {
                    return;
                }
                StringBuilder rh = new StringBuilder();
                for (String line : responseHead.split("\r\n")) {
                    if (!line.toLowerCase().startsWith("connection:")) {
                        rh.append(line).append("\r\n");
                    }
                }
                rh.append("Connection: close\r\n\r\n");
                OutputStream toClient = c.getOutputStream();
                toClient.write(rh.toString().getBytes(StandardCharsets.ISO_8859_1));
                down.transferTo(toClient);
                toClient.flush();
            }
        } catch (IOException | RuntimeException e) {
            // the client sees the connection end
        }
    }

    private static int contentLength(String[] lines) {
        for (String line : lines) {
            if (line.toLowerCase().startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                String s = head.toString(StandardCharsets.ISO_8859_1);
                return s.substring(0, s.length() - 4);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
