package io.github.resultexport.embulk.output.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A secret option value (an API key, a password, a token, an AWS secret key). {@link #toString()} never shows it,
 * so a task printed in a log line or an exception message does not leak it; the value itself travels in the
 * TaskSource, where the tasks need it.
 */
public final class Secret {
    private static final String MASK = "***";

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** Wraps a configured value; {@code null} stays {@code null} (an absent option). */
    @JsonCreator
    public static Secret of(String value) {
        return value == null ? null : new Secret(value);
    }

    /** The secret itself, for the client that sends it; never log it. */
    @JsonValue
    public String reveal() {
        return value;
    }

    /** Whether the configured value is empty or only whitespace. */
    public boolean isBlank() {
        return value.trim().isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret && ((Secret) other).value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return MASK;
    }
}
