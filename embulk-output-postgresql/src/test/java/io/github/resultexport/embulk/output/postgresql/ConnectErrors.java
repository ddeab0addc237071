package io.github.resultexport.embulk.output.postgresql;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.github.resultexport.embulk.output.common.testing.LogCapture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Collections;
import org.embulk.config.ConfigException;
import org.embulk.config.ConfigSource;

/** Runs a job whose connection settings are wrong and checks that it failed at once, clearly and without secrets. */
final class ConnectErrors {
    private ConnectErrors() {
    }

    /**
     * Runs a small job into {@code out}; asserts that it failed with a ConfigException, that no retry was logged, and
     * that {@code password} appears neither in the exception (with its causes) nor in the log.
     *
     * @return the ConfigException's message
     */
    static String configErrorWithoutRetry(EmbulkRunner embulk, LogCapture logs, ConfigSource out, String password) {
        Throwable failure = null;
        try {
            embulk.run(embulk.generator(3, 1), out);
        } catch (RuntimeException e) {
            failure = e;
        }
        if (failure == null) {
            fail("the run should have failed");
        }
        String text = stackTrace(failure);
        ConfigException config = null;
        for (Throwable c = failure; c != null && config == null; c = c.getCause()) {
            if (c instanceof ConfigException) {
                config = (ConfigException) c;
            }
        }
        assertNotNull("not a ConfigException:\n" + text, config);
        assertEquals("retried although retrying cannot help", Collections.emptyList(),
                logs.linesContaining("failed (retry"));
        if (!password.isEmpty()) {
            assertFalse("the password leaked into an exception:\n" + text, text.contains(password));
            assertEquals("the password leaked into the log", Collections.emptyList(), logs.linesContaining(password));
        }
        return config.getMessage();
    }

    static void assertContains(String text, String... parts) {
        for (String part : parts) {
            assertTrue("'" + part + "' missing in: " + text, text.contains(part));
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
