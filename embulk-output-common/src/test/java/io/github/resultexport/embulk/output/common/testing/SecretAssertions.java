package io.github.resultexport.embulk.output.common.testing;

import static org.junit.Assert.assertFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.Collection;

/** Assertions that a secret does not show where users and logs can see it. */
public final class SecretAssertions {
    private SecretAssertions() {
    }

    /** None of {@code secrets} is in the message, the {@code toString()} or the printed stack trace of {@code e}. */
    public static void assertNoSecret(Throwable e, String... secrets) {
        assertNoSecret(e, Arrays.asList(secrets));
    }

    /** None of {@code secrets} is in the message, the {@code toString()} or the printed stack trace of {@code e}. */
    public static void assertNoSecret(Throwable e, Collection<String> secrets) {
        String message = String.valueOf(e.getMessage());
        String text = e.toString();
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        for (String secret : secrets) {
            assertFalse("the message shows a secret: " + message, message.contains(secret));
            assertFalse("toString() shows a secret: " + text, text.contains(secret));
            assertFalse("the stack trace shows a secret: " + trace, trace.toString().contains(secret));
        }
    }
}
