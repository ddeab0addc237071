package io.github.resultexport.embulk.output.common;

import static io.github.resultexport.embulk.output.common.testing.SecretAssertions.assertNoSecret;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import org.junit.Test;

/** The shared secret assertion catches a secret wherever an exception shows it. */
public class SecretAssertionsTest {
    private static final String SECRET = "s3cret";

    @Test
    public void aCleanExceptionPasses() {
        assertNoSecret(new IllegalStateException("nothing here", new IOException("nor here")), SECRET, "other");
    }

    @Test
    public void aSecretInTheMessageFails() {
        assertThrows(AssertionError.class, () -> assertNoSecret(new IllegalStateException("key " + SECRET), SECRET));
    }

    @Test
    public void aSecretOnlyInACauseFails() {
        RuntimeException e = new IllegalStateException("login failed", new IOException("bad key " + SECRET));

        assertThrows(AssertionError.class, () -> assertNoSecret(e, "other", SECRET));
    }

    @Test
    public void aSecretOnlyInToStringFails() {
        RuntimeException e = new IllegalStateException("login failed") {
            private static final long serialVersionUID = 1L;

            @Override
            public String toString() {
                return "login failed for " + SECRET;
            }
        };

        assertThrows(AssertionError.class, () -> assertNoSecret(e, SECRET));
    }
}
