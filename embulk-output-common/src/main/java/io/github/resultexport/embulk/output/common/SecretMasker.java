package io.github.resultexport.embulk.output.common;

import java.io.UnsupportedEncodingException;
import java.net.URLEncoder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.embulk.config.ConfigException;
import org.embulk.spi.DataException;

/**
 * Replaces secrets (passwords, tokens, API keys, AWS secret keys) with {@code ***} in text and in exceptions.
 *
 * <p>Each secret is masked as written and in its percent-encoded forms (all reserved characters encoded with upper-
 * or lower-case hex, only the characters user info cannot hold encoded, and form encoding), so it is also caught
 * inside URLs. Immutable and thread-safe.
 */
public final class SecretMasker {
    /** What every secret is replaced with. */
    public static final String MASK = "***";

    private static final SecretMasker NONE = new SecretMasker(Collections.<String>emptyList());

    private final List<String> secrets;
    private final List<String> needles;

    private SecretMasker(List<String> secrets) {
        this.secrets = Collections.unmodifiableList(secrets);
        Set<String> forms = new LinkedHashSet<>();
        for (String secret : secrets) {
            forms.addAll(formsOf(secret));
        }
        List<String> sorted = new ArrayList<>(forms);
        // Longest first, so that a secret containing another one is masked whole.
        sorted.sort((a, b) -> Integer.compare(b.length(), a.length()));
        this.needles = Collections.unmodifiableList(sorted);
    }

    /** A masker for the given secrets; {@code null}, empty and blank (whitespace-only) strings are ignored. */
    public static SecretMasker of(String... secrets) {
        SecretMasker masker = NONE;
        for (String secret : secrets) {
            masker = masker.with(secret);
        }
        return masker;
    }

    /**
     * A masker that also masks {@code secret}; this one if {@code secret} is {@code null}, blank or known. A blank
     * secret is not worth hiding and masking it would garble every message (each space would become {@code ***}).
     */
    public SecretMasker with(String secret) {
        if (secret == null || secret.trim().isEmpty() || secrets.contains(secret)) {
            return this;
        }
        List<String> more = new ArrayList<>(secrets);
        more.add(secret);
        return new SecretMasker(more);
    }

    /** {@code text} with every occurrence of every secret replaced by {@code ***}; {@code null} stays {@code null}. */
    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String needle : needles) {
            if (masked.contains(needle)) {
                masked = masked.replace(needle, MASK);
            }
        }
        return masked;
    }

    /** Whether {@code text} contains any secret in any of its masked forms. */
    public boolean containsSecret(String text) {
        if (text == null) {
            return false;
        }
        for (String needle : needles) {
            if (text.contains(needle)) {
                return true;
            }
        }
        return false;
    }

    /**
     * An exception safe to throw or log.
     *
     * <p>If no message in the cause chain of {@code t} (suppressed exceptions included) holds a secret, returns
     * {@code t} itself when it is a {@link RuntimeException}, else {@code t} wrapped in one. Otherwise returns a
     * masked copy: a {@link ConfigException} stays a ConfigException, a {@link DataException} a DataException,
     * anything else becomes a {@link MaskedException}; its causes and suppressed exceptions become
     * {@link MaskedException}s that keep the original class names and stack traces.
     */
    public RuntimeException sanitize(Throwable t) {
        Objects.requireNonNull(t, "t");
        if (!anySecretIn(t, Collections.newSetFromMap(new IdentityHashMap<Throwable, Boolean>()))) {
            return t instanceof RuntimeException ? (RuntimeException) t : new RuntimeException(t);
        }
        return (RuntimeException) maskedCopy(t, true, new IdentityHashMap<Throwable, Throwable>());
    }

    private boolean anySecretIn(Throwable t, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return false;
        }
        if (containsSecret(t.getMessage()) || containsSecret(t.getLocalizedMessage()) || containsSecret(t.toString())) {
            return true;
        }
        for (Throwable suppressed : t.getSuppressed()) {
            if (anySecretIn(suppressed, seen)) {
                return true;
            }
        }
        return anySecretIn(t.getCause(), seen);
    }

    private Throwable maskedCopy(Throwable t, boolean top, Map<Throwable, Throwable> copies) {
        Throwable done = copies.get(t);
        if (done != null) {
            return done;
        }
        String message = mask(t.getMessage());
        Throwable copy;
        if (top && t instanceof ConfigException) {
            copy = new ConfigException(message);
        } else if (top && t instanceof DataException) {
            copy = new DataException(message);
        } else {
            copy = new MaskedException(t.getClass().getName(), message);
        }
        copy.setStackTrace(t.getStackTrace());
        copies.put(t, copy);
        if (t.getCause() != null) {
            copy.initCause(maskedCopy(t.getCause(), false, copies));
        }
        for (Throwable suppressed : t.getSuppressed()) {
            copy.addSuppressed(maskedCopy(suppressed, false, copies));
        }
        return copy;
    }

    private static Set<String> formsOf(String secret) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(secret);
        forms.add(PercentEncoding.encodeAll(secret));
        forms.add(PercentEncoding.encodeAllLowerCase(secret));
        forms.add(PercentEncoding.encodeForUserInfo(secret));
        try {
            forms.add(URLEncoder.encode(secret, "UTF-8"));
        } catch (UnsupportedEncodingException e) {
            throw new AssertionError("UTF-8 is always supported", e);
        }
        return forms;
    }

    @Override
    public String toString() {
        return "SecretMasker(" + secrets.size() + " secrets)";
    }
}
