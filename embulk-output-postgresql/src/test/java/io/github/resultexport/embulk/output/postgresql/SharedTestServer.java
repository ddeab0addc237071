package io.github.resultexport.embulk.output.postgresql;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/**
 * The PostgreSQL server the tests of this JVM share, chosen once:
 * <ol>
 * <li>with {@code EMBULK_PG_EMBEDDED=1}: a {@link ThrowawayCluster} made with the embedded PostgreSQL's programs
 * (as on a machine without PostgreSQL);</li>
 * <li>else the server in {@code EMBULK_PG_TEST_URL} ({@code jdbc:postgresql://host:port/db?user=…&password=…});</li>
 * <li>else the server answering on 127.0.0.1:5432 (user and database {@code postgres});</li>
 * <li>else a {@link ThrowawayCluster} with the machine's PostgreSQL programs, or the embedded ones when it has none.</li>
 * </ol>
 * A throwaway cluster is started on first use and removed when the JVM exits. The choice is printed once.
 */
final class SharedTestServer {
    static final String URL_VARIABLE = "EMBULK_PG_TEST_URL";

    final String host;
    final int port;
    final String database;
    final String user;
    final String password;

    private static SharedTestServer chosen;

    private SharedTestServer(String host, int port, String database, String user, String password) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
    }

    static synchronized SharedTestServer get() {
        if (chosen == null) {
            chosen = choose();
        }
        return chosen;
    }

    private static SharedTestServer choose() {
        String url = System.getenv(URL_VARIABLE);
        if (PostgresBinaries.embeddedForced()) {
            return throwaway(PostgresBinaries.FORCE_EMBEDDED_VARIABLE + "=" + System.getenv(
                    PostgresBinaries.FORCE_EMBEDDED_VARIABLE) + (url == null ? "" : " (" + URL_VARIABLE + " ignored)"));
        }
        if (url != null && !url.isEmpty()) {
            SharedTestServer server = parse(url);
            announce("the server in " + URL_VARIABLE + " (" + server.host + ":" + server.port + ")");
            return server;
        }
        if (answers("127.0.0.1", 5432)) {
            announce("the server answering on 127.0.0.1:5432");
            return new SharedTestServer("127.0.0.1", 5432, "postgres", "postgres", "");
        }
        return throwaway("nothing answers on 127.0.0.1:5432");
    }

    private static SharedTestServer throwaway(String reason) {
        ThrowawayCluster cluster = new ThrowawayCluster();
        try {
            cluster.create();
        } catch (IOException e) {
            cluster.close();
            throw new IllegalStateException("no PostgreSQL for the tests (" + reason + "), and a throwaway cluster"
                    + " could not be started: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cluster.close();
            throw new IllegalStateException("interrupted while starting a PostgreSQL for the tests", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "throwaway-postgresql-stop"));
        announce(reason + ": a throwaway " + cluster);
        return new SharedTestServer("127.0.0.1", cluster.port(), "postgres", "postgres", "");
    }

    private static SharedTestServer parse(String url) {
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException(URL_VARIABLE + " must look like jdbc:postgresql://host:port/database"
                    + "?user=…&password=…");
        }
        URI uri = URI.create(url.substring("jdbc:".length()));
        String user = "postgres";
        String password = "";
        if (uri.getQuery() != null) {
            for (String kv : uri.getQuery().split("&")) {
                String[] parts = kv.split("=", 2);
                if (parts[0].equals("user")) {
                    user = parts[1];
                } else if (parts[0].equals("password")) {
                    password = parts[1];
                }
            }
        }
        return new SharedTestServer(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(),
                uri.getPath().substring(1), user, password);
    }

    private static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void announce(String which) {
        System.err.println("PostgreSQL for the tests: " + which);
    }
}
