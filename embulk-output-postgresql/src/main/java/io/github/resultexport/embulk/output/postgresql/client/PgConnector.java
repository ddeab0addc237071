package io.github.resultexport.embulk.output.postgresql.client;

import io.github.resultexport.embulk.output.common.Retrier;
import io.github.resultexport.embulk.output.common.SecretMasker;
import io.github.resultexport.embulk.output.postgresql.PluginTask;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.postgresql.Driver;
import org.slf4j.Logger;

/** Opens pgjdbc connections for a task's settings, retrying transient failures (refused, too many clients). */
public final class PgConnector {
    private final String jdbcUrl;
    private final Properties properties;
    private final Retrier retrier;
    private final String description;

    private PgConnector(String jdbcUrl, Properties properties, Retrier retrier, String description) {
        this.jdbcUrl = jdbcUrl;
        this.properties = properties;
        this.retrier = retrier;
        this.description = description;
    }

    public static PgConnector of(PluginTask task, SecretMasker masker, Logger log) {
        String host = task.getHost().contains(":") && !task.getHost().startsWith("[")
                ? "[" + task.getHost() + "]" : task.getHost();
        String url = "jdbc:postgresql://" + host + ":" + task.getPort() + "/" + urlEncode(task.getDatabase());
        Properties p = new Properties();
        for (Map.Entry<String, String> e : task.getOptions().entrySet()) {
            p.setProperty(e.getKey(), e.getValue());
        }
        p.setProperty("user", task.getUser());
        p.setProperty("password", task.getPassword());
        p.setProperty("sslmode", task.getSslmode());
        if (task.getSslrootcert().isPresent()) {
            p.setProperty("sslrootcert", task.getSslrootcert().get());
        }
        p.setProperty("connectTimeout", Integer.toString(task.getConnectTimeout()));
        p.setProperty("loginTimeout", Integer.toString(task.getConnectTimeout()));
        p.setProperty("socketTimeout", Integer.toString(task.getSocketTimeout()));
        p.setProperty("tcpKeepAlive", "true");
        if (!p.containsKey("ApplicationName")) {
            p.setProperty("ApplicationName", "embulk-output-postgresql");
        }
        String description = task.getUser() + "@" + host + ":" + task.getPort() + "/" + task.getDatabase();
        return new PgConnector(url, p, Retrier.of(task, masker, log), description);
    }

    /** Connects, retrying transient failures per the retry options. Autocommit is on. */
    public Connection connect() {
        return retrier.run("connect to " + description, this::connectOnce, SqlErrors::isTransient);
    }

    /** One attempt, for callers that run their own retry loop around more than the connect. */
    public Connection connectOnce() throws SQLException {
        Connection c = new Driver().connect(jdbcUrl, properties);
        if (c == null) {
            throw new SQLException("pgjdbc did not accept the URL " + jdbcUrl);
        }
        return c;
    }

    public Retrier retrier() {
        return retrier;
    }

    /** {@code user@host:port/database}, never the password. */
    @Override
    public String toString() {
        return description;
    }

    private static String urlEncode(String s) {
        try {
            return java.net.URLEncoder.encode(s, "UTF-8").replace("+", "%20");
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
