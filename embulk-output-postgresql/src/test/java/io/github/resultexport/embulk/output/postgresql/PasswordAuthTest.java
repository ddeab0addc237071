package io.github.resultexport.embulk.output.postgresql;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.github.resultexport.embulk.output.common.testing.LogCapture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Collections;
import org.embulk.config.ConfigSource;
import org.junit.Rule;
import org.junit.Test;

/** SCRAM-SHA-256 authentication works, and a wrong password fails clearly, before anything is written, unlogged. */
public class PasswordAuthTest {
    private static final String PASSWORD = "right-Pw-4c1e-scram";
    private static final String WRONG = "wrong-Pw-77d0-never-logged";

    @Rule
    public final ThrowawayCluster server = new ThrowawayCluster().scramPassword(PASSWORD);
    @Rule
    public final EmbulkRunner embulk = new EmbulkRunner();
    @Rule
    public final LogCapture logs = new LogCapture();

    private ConfigSource out(String password) {
        return embulk.newConfig().set("type", "postgresql").set("host", "127.0.0.1").set("port", server.port())
                .set("user", "postgres").set("password", password).set("database", "postgres")
                .set("table", "scram_t").set("retry_initial_interval_millis", 50);
    }

    /** pgjdbc refuses to answer a SCRAM request with an empty password (08004): not retried either. */
    @Test
    public void anEmptyPasswordFailsAtOnce() {
        String message = ConnectErrors.configErrorWithoutRetry(embulk, logs,
                out("").set("retry_initial_interval_millis", 1000), "");
        ConnectErrors.assertContains(message, "127.0.0.1:" + server.port(), "the login was rejected",
                "password is an empty string", "check options 'user' and 'password'");
    }

    @Test
    public void scramPasswordLoadsAndAWrongOneFailsBeforeWriting() throws Exception {
        try {
            embulk.run(embulk.generator(5, 1), out(WRONG));
            fail("a wrong password must fail the run");
        } catch (Exception e) {
            StringWriter w = new StringWriter();
            e.printStackTrace(new PrintWriter(w));
            String text = w.toString();
            assertTrue(text, text.contains("password authentication failed for user \"postgres\""));
            assertTrue(text, text.contains("org.embulk.config.ConfigException: cannot connect to PostgreSQL at"
                    + " 127.0.0.1:" + server.port() + ", database \"postgres\""));
            assertTrue(text, text.contains("check option 'password'"));
            assertFalse("the password leaked into an exception", text.contains(WRONG));
        }
        assertEquals("the password leaked into the log", Collections.emptyList(), logs.linesContaining(WRONG));
        assertEquals("authentication failures are not retried", Collections.emptyList(),
                logs.linesContaining("failed (retry"));
        try (Connection c = server.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_class WHERE relname LIKE '%scram_t%'"
                        + " OR relname LIKE 'embulk_stg_%'")) {
            rs.next();
            assertEquals("nothing was created", 0, rs.getInt(1));
        }

        embulk.run(embulk.generator(5, 1), out(PASSWORD));
        try (Connection c = server.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*), sum(id) FROM scram_t")) {
            rs.next();
            assertEquals(5, rs.getInt(1));
            assertEquals(10, rs.getInt(2));
        }
    }
}
