package io.github.resultexport.embulk.output.common;

/**
 * Stands in for an exception whose message held a secret: it carries the masked message, the original class name
 * (shown by {@link #toString()} and so in printed stack traces) and the original stack trace.
 *
 * @see SecretMasker#sanitize(Throwable)
 */
public final class MaskedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String originalClassName;

    /**
     * @param originalClassName the fully qualified class name of the exception this one stands in for
     * @param maskedMessage its message with secrets masked, or {@code null}
     */
    public MaskedException(String originalClassName, String maskedMessage) {
        super(maskedMessage);
        this.originalClassName = originalClassName;
    }

    /** The fully qualified class name of the exception this one stands in for. */
    public String originalClassName() {
        return originalClassName;
    }

    @Override
    public String toString() {
        String message = getLocalizedMessage();
        return message == null ? originalClassName : originalClassName + ": " + message;
    }
}
