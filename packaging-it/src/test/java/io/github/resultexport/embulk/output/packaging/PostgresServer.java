package io.github.resultexport.embulk.output.packaging;

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
 * The PostgreSQL server for the tests: {@code EMBULK_PG_TEST_URL} (a {@code jdbc:postgresql://host[:port]/database
 * [?user=…&password=…]} URL) if set, else postgres/postgres on 127.0.0.1:5432, database postgres.
 */
final class PostgresServer {
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

    static PostgresServer fromEnvironment() {
        final String url = System.getenv("EMBULK_PG_TEST_URL");
        if (url == null || url.isEmpty()) {
            return new PostgresServer("127.0.0.1", 5432, "postgres", "postgres", "postgres");
        }
        return parse(url);
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
