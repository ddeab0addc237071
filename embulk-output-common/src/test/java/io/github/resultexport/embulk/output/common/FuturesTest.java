package io.github.resultexport.embulk.output.common;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import org.junit.Test;

public class FuturesTest {
    @Test
    public void givesTheValue() throws Exception {
        assertEquals("done", Futures.await(CompletableFuture.completedFuture("done"), "x"));
    }

    @Test
    public void rethrowsUncheckedFailuresAsTheyWere() {
        IllegalStateException failure = new IllegalStateException("batch refused");
        CompletableFuture<String> f = new CompletableFuture<>();
        f.completeExceptionally(failure);
        assertSame(failure, assertThrows(IllegalStateException.class, () -> Futures.await(f, "x")));
        AssertionError error = new AssertionError("boom");
        CompletableFuture<String> g = new CompletableFuture<>();
        g.completeExceptionally(error);
        assertSame(error, assertThrows(AssertionError.class, () -> Futures.await(g, "x")));
    }

    @Test
    public void wrapsCheckedFailures() {
        IOException io = new IOException("disk full");
        CompletableFuture<String> f = new CompletableFuture<>();
        f.completeExceptionally(io);
        assertSame(io, assertThrows(UncheckedIOException.class, () -> Futures.await(f, "x")).getCause());
        Exception other = new Exception("checked");
        CompletableFuture<String> g = new CompletableFuture<>();
        g.completeExceptionally(other);
        assertSame(other, assertThrows(UncheckedIOException.class, () -> Futures.await(g, "x")).getCause().getCause());
    }

    @Test
    public void anInterruptedWaitSaysWhatItWaitedForAndKeepsTheFlag() {
        Thread.currentThread().interrupt();
        try {
            InterruptedIOException e = assertThrows(InterruptedIOException.class,
                    () -> Futures.await(new CompletableFuture<String>(), "a part upload"));
            assertEquals("interrupted while waiting for a part upload", e.getMessage());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }
}
