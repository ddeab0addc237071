package io.github.resultexport.embulk.output.common;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.instanceOf;
import static org.hamcrest.CoreMatchers.not;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import org.embulk.config.ConfigException;
import org.embulk.spi.DataException;
import org.junit.Test;

public class SecretMaskerTest {
    private static final String SECRET = "p@ss/w rd+ü";
    private final SecretMasker masker = SecretMasker.of("TOKEN123", null, "", SECRET);

    @Test
    public void masksEveryOccurrenceAsWrittenAndPercentEncoded() {
        assertEquals("a *** b ***", masker.mask("a TOKEN123 b TOKEN123"));
        assertEquals("raw *** full *** lower *** userinfo *** form ***",
                masker.mask("raw p@ss/w rd+ü full p%40ss%2Fw%20rd%2B%C3%BC lower p%40ss%2fw%20rd%2b%c3%bc"
                        + " userinfo p%40ss%2Fw%20rd+%C3%BC form p%40ss%2Fw+rd%2B%C3%BC"));
    }

    @Test
    public void leavesOtherTextAlone() {
        assertEquals("nothing secret here", masker.mask("nothing secret here"));
        assertNull(masker.mask(null));
        assertFalse(masker.containsSecret("TOKEN12"));
        assertTrue(masker.containsSecret("xTOKEN123x"));
    }

    @Test
    public void masksALongerSecretWhole() {
        SecretMasker nested = SecretMasker.of("abc", "abcdef");

        assertEquals("***-***", nested.mask("abcdef-abc"));
    }

    @Test
    public void withAddsASecretAndIgnoresEmptyOnes() {
        SecretMasker none = SecretMasker.of();
        assertEquals("x y", none.mask("x y"));
        assertSame(none, none.with(null));
        assertSame(none, none.with(""));
        assertEquals("x ***", none.with("y").mask("x y"));
        assertEquals("x y", none.mask("x y"));
    }

    @Test
    public void blankSecretsAreIgnored() {
        SecretMasker blanks = SecretMasker.of(" ", "\t \n");

        assertEquals("option 'apikey' must not be empty", blanks.mask("option 'apikey' must not be empty"));
        assertFalse(blanks.containsSecret("a b"));
        SecretMasker none = SecretMasker.of();
        assertSame(none, none.with("   "));
        assertEquals("x *** y", none.with(" pw ").mask("x  pw  y"));
    }

    @Test
    public void sanitizeReturnsACleanRuntimeExceptionItself() {
        IllegalStateException clean = new IllegalStateException("no secret", new IOException("none here"));

        assertSame(clean, masker.sanitize(clean));
    }

    @Test
    public void sanitizeWrapsACleanCheckedException() {
        IOException clean = new IOException("connection reset");

        RuntimeException sanitized = masker.sanitize(clean);

        assertSame(clean, sanitized.getCause());
    }

    @Test
    public void configExceptionStaysAConfigException() {
        ConfigException original = new ConfigException("login failed for password TOKEN123");

        RuntimeException sanitized = masker.sanitize(original);

        assertThat(sanitized, instanceOf(ConfigException.class));
        assertEquals("login failed for password ***", sanitized.getMessage());
        assertArrayEquals(original.getStackTrace(), sanitized.getStackTrace());
    }

    @Test
    public void dataExceptionStaysADataException() {
        RuntimeException sanitized = masker.sanitize(new DataException("row 3 holds TOKEN123"));

        assertThat(sanitized, instanceOf(DataException.class));
        assertEquals("row 3 holds ***", sanitized.getMessage());
    }

    @Test
    public void theWholeChainIsMaskedAndKeepsClassNamesAndStackTraces() {
        SQLException root = new SQLException("FATAL: password authentication failed: " + SECRET);
        IOException middle = new IOException("connect to jdbc:postgresql://h/db?password=p%40ss%2Fw%20rd%2B%C3%BC", root);
        RuntimeException top = new IllegalStateException("cannot open TOKEN123", middle);
        top.addSuppressed(new IOException("close failed TOKEN123"));

        RuntimeException sanitized = masker.sanitize(top);

        assertThat(sanitized, instanceOf(MaskedException.class));
        assertEquals("java.lang.IllegalStateException", ((MaskedException) sanitized).originalClassName());
        assertEquals("cannot open ***", sanitized.getMessage());
        assertEquals("java.lang.IllegalStateException: cannot open ***", sanitized.toString());
        assertArrayEquals(top.getStackTrace(), sanitized.getStackTrace());

        MaskedException maskedMiddle = (MaskedException) sanitized.getCause();
        assertEquals("java.io.IOException", maskedMiddle.originalClassName());
        assertEquals("connect to jdbc:postgresql://h/db?password=***", maskedMiddle.getMessage());
        assertArrayEquals(middle.getStackTrace(), maskedMiddle.getStackTrace());
        MaskedException maskedRoot = (MaskedException) maskedMiddle.getCause();
        assertEquals("java.sql.SQLException", maskedRoot.originalClassName());
        assertEquals("FATAL: password authentication failed: ***", maskedRoot.getMessage());

        String printed = printed(sanitized);
        assertThat(printed, not(containsString("TOKEN123")));
        assertThat(printed, not(containsString("p@ss")));
        assertThat(printed, not(containsString("p%40ss")));
        assertThat(printed, containsString("Caused by: java.sql.SQLException: FATAL: password authentication failed: ***"));
        assertThat(printed, containsString("Suppressed: java.io.IOException: close failed ***"));
    }

    @Test
    public void aSecretOnlyInACauseStillMasksTheWrapperMessage() {
        IOException cause = new IOException("bad key TOKEN123");
        RuntimeException wrapper = new RuntimeException(cause);

        RuntimeException sanitized = masker.sanitize(wrapper);

        assertEquals("java.io.IOException: bad key ***", sanitized.getMessage());
        assertThat(printed(sanitized), not(containsString("TOKEN123")));
    }

    @Test
    public void aCyclicChainIsHandled() {
        IOException a = new IOException("a TOKEN123");
        IOException b = new IOException("b", a);
        a.addSuppressed(b);

        RuntimeException sanitized = masker.sanitize(b);

        assertEquals("a ***", sanitized.getCause().getMessage());
        assertSame(sanitized, sanitized.getCause().getSuppressed()[0]);
    }

    private static String printed(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
