package io.github.resultexport.embulk.output.postgresql.client;

import io.github.resultexport.embulk.output.common.Retrier;
import io.github.resultexport.embulk.output.common.SecretMasker;
import io.github.resultexport.embulk.output.postgresql.PluginTask;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.embulk.config.ConfigException;
import org.postgresql.Driver;
import org.slf4j.Logger;

/**
 * Opens pgjdbc connections for a task's settings, retrying transient failures (refused, too many clients). A failure
 * the settings cause (unknown host, TLS, role, password, database) is not retried: it becomes a ConfigException that
 * names host, port and database and says what to change.
 */
public final class PgConnector {
    private final String jdbcUrl;
    private final Properties properties;
    private final Retrier retrier;
    private final String description;
    private final ConnectTarget target;

    private PgConnector(String jdbcUrl, Properties properties, Retrier retrier, String description,
            ConnectTarget target) {
        this.jdbcUrl = jdbcUrl;
        this.properties = properties;
        this.retrier = retrier;
        this.description = description;
        this.target = target;
    }

    public static PgConnector of(PluginTask task, SecretMasker masker, Logger log) {
        String host = ConnectTarget.hostForPort(task.getHost());
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
        ConnectTarget target = new ConnectTarget(task.getHost(), task.getPort(), task.getDatabase(), task.getUser(),
                task.getSslmode(), p.getProperty("sslrootcert"));
        return new PgConnector(url, p, Retrier.of(task, masker, log), description, target);
    }

    /** Connects, retrying transient failures per the retry options. Autocommit is on. */
    public Connection connect() {
        return retrier.run("connect to " + description, this::connectOnce, SqlErrors::isTransient);
    }

    /**
     * One attempt, for callers that run their own retry loop around more than the connect.
     *
     * @throws ConfigException when the settings are the cause, with the driver's error as its cause
     */
    public Connection connectOnce() throws SQLException {
        Connection c;
        try {
            c = new Driver().connect(jdbcUrl, properties);
        } catch (SQLException e) {
            ConnectFailure failure = ConnectFailure.of(e);
            if (failure == null) {
                throw e;
            }
            throw new ConfigException("cannot connect to PostgreSQL at " + target.where() + ": "
                    + failure.explain(e, target), e);
        }
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
