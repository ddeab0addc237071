package io.github.resultexport.embulk.output.common;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work a task handed to a thread of its own (uploads, batches), its failure surfacing as it was. */
public final class Futures {
    private Futures() {
    }

    /**
     * The future's value. A RuntimeException or Error it failed with is thrown as it is; a checked one as an
     * {@link UncheckedIOException}.
     *
     * @param waitingFor what is waited for, for the message when the wait is interrupted (e.g. "a part upload")
     * @throws InterruptedIOException when the thread is interrupted while waiting (its interrupt flag stays set)
     */
    public static <T> T await(Future<T> future, String waitingFor) throws InterruptedIOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("interrupted while waiting for "
                    + waitingFor);
            interrupted.initCause(e);
            throw interrupted;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new UncheckedIOException(cause instanceof IOException ? (IOException) cause : new IOException(cause));
        }
    }
}
