package io.github.resultexport.embulk.output.postgresql;

import static io.github.resultexport.embulk.output.postgresql.ConnectErrors.assertContains;
import static io.github.resultexport.embulk.output.postgresql.ConnectErrors.configErrorWithoutRetry;

import io.github.resultexport.embulk.output.common.testing.LogCapture;
import org.embulk.config.ConfigSource;
import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;

/**
 * Connection settings that cannot work fail the run at once — with the retry options left at their defaults (12
 * retries, the first after a second), no retry is logged — as a ConfigException naming host, port, database and what
 * to change.
 */
public class ConnectionSettingsErrorTest {
    private static final String SECRET = "Pw-61b0e-never-logged";

    @Rule
    public final PgTestDatabase db = new PgTestDatabase();
    @Rule
    public final EmbulkRunner embulk = new EmbulkRunner();
    @Rule
    public final LogCapture logs = new LogCapture();

    /** The shared server's settings with the default retry options. */
    private ConfigSource out() {
        return embulk.newConfig().set("type", "postgresql").set("host", db.host).set("port", db.port)
                .set("user", db.user).set("password", db.password.isEmpty() ? SECRET : db.password)
                .set("database", db.database).set("schema", db.schema()).set("table", "t");
    }

    private String secret() {
        return db.password.isEmpty() ? SECRET : db.password;
    }

    @Test
    public void unknownHost() {
        String message = configErrorWithoutRetry(embulk, logs, out().set("host", "no-such-host.invalid"), secret());
        assertContains(message, "no-such-host.invalid:" + db.port, "database \"" + db.database + "\"",
                "unknown host no-such-host.invalid", "check option 'host'");
    }

    @Test
    public void unknownDatabase() {
        String name = PgTestDatabase.randomName("no_such_db_");
        String message = configErrorWithoutRetry(embulk, logs, out().set("database", name), secret());
        assertContains(message, db.host + ":" + db.port, "database \"" + name + "\" does not exist",
                "check option 'database'");
    }

    @Test
    public void unknownRole() {
        Assume.assumeTrue("the server must trust local connections to tell an unknown role",
                db.password.isEmpty());
        String name = PgTestDatabase.randomName("no_such_role_");
        String message = configErrorWithoutRetry(embulk, logs, out().set("user", name), secret());
        assertContains(message, db.host + ":" + db.port, "database \"" + db.database + "\"",
                "role \"" + name + "\" does not exist", "check option 'user'");
    }

    @Test
    public void tlsRequiredByVerifyFullButNotOffered() throws Exception {
        assumeServerWithoutTls();
        String message = configErrorWithoutRetry(embulk, logs, out().set("sslmode", "verify-full"), secret());
        assertContains(message, db.host + ":" + db.port, "database \"" + db.database + "\"",
                "the server does not accept TLS but sslmode is verify-full", "option 'sslmode'");
    }

    @Test
    public void tlsRequiredByRequireButNotOffered() throws Exception {
        assumeServerWithoutTls();
        String message = configErrorWithoutRetry(embulk, logs, out().set("sslmode", "require"), secret());
        assertContains(message, db.host + ":" + db.port, "the server does not accept TLS but sslmode is require");
    }

    private void assumeServerWithoutTls() throws Exception {
        Assume.assumeTrue("the test server has ssl = on", "off".equals(db.query("SHOW ssl").get(0).get(0)));
    }
}
