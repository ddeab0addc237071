package io.github.resultexport.embulk.output.postgresql;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP forwarder on 127.0.0.1 in front of the test server, for connection faults: it can start listening late
 * (clients are refused until then) and can cut one connection hard (RST both ways) once that connection has sent
 * a given number of bytes towards the server.
 */
final class TcpProxy implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicLong cutAfterBytes = new AtomicLong(-1);
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();
    private volatile ServerSocket server;
    private volatile boolean closed;

    TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /** A loopback port nobody listens on right now. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts accepting on 127.0.0.1:{@code port} (0: any free port); returns the port. */
    synchronized int listen(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server = s;
        Thread t = new Thread(this::acceptLoop, "tcp-proxy-accept-" + s.getLocalPort());
        t.setDaemon(true);
        t.start();
        return s.getLocalPort();
    }

    /** The next connection whose client has sent {@code bytes} bytes is reset; only once. */
    void cutOnceAfter(long bytes) {
        cutAfterBytes.set(bytes);
    }

    int accepted() {
        return accepted.get();
    }

    int cuts() {
        return cuts.get();
    }

    private void acceptLoop() {
        ServerSocket s = server;
        while (!closed) {
            Socket client;
            try {
                client = s.accept();
            } catch (IOException e) {
                return;
            }
            accepted.incrementAndGet();
            Socket upstream;
            try {
                upstream = new Socket(targetHost, targetPort);
            } catch (IOException e) {
                closeQuietly(client, true);
                continue;
            }
            sockets.add(client);
            sockets.add(upstream);
            start(client, upstream, true);
            start(upstream, client, false);
        }
    }

    private void start(Socket from, Socket to, boolean towardsServer) {
        Thread t = new Thread(() -> pump(from, to, towardsServer), "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void pump(Socket from, Socket to, boolean towardsServer) {
        byte[] buf = new byte[16 * 1024];
        long total = 0;
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                total += n;
                long limit = cutAfterBytes.get();
                if (towardsServer && limit >= 0 && total >= limit && cutAfterBytes.compareAndSet(limit, -1)) {
                    cuts.incrementAndGet();
                    closeQuietly(from, true);
                    closeQuietly(to, true);
                    return;
                }
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            // the other side is gone
        }
        closeQuietly(from, false);
        closeQuietly(to, false);
    }

    private void closeQuietly(Socket socket, boolean reset) {
        try {
            if (reset) {
                socket.setSoLinger(true, 0);
            }
            socket.close();
        } catch (IOException e) {
            // closing
        }
        sockets.remove(socket);
    }

    @Override
    public void close() {
        closed = true;
        ServerSocket s = server;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing
            }
        }
        for (Socket socket : sockets) {
            closeQuietly(socket, false);
        }
    }
}
