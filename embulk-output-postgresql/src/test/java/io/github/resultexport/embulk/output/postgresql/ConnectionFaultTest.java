package io.github.resultexport.embulk.output.postgresql;

import io.github.resultexport.embulk.output.common.testing.LogCapture;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.assertLoaded;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.prepareTarget;
import static io.github.resultexport.embulk.output.postgresql.FaultKit.runTables;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.embulk.config.ConfigSource;
import org.junit.Rule;
import org.junit.Test;

/**
 * Network faults between the plugin and the server, through a TCP proxy on 127.0.0.1: the server is not reachable
 * when the run starts, and a COPY connection is reset in the middle of a chunk. Both runs succeed with the default
 * retry options and land every row exactly once.
 */
public class ConnectionFaultTest {
    private static final long ROWS = 60_000;

    @Rule
    public final PgTestDatabase db = new PgTestDatabase();
    @Rule
    public final EmbulkRunner embulk = new EmbulkRunner();
    @Rule
    public final LogCapture logs = new LogCapture();

    /**
     * Nothing listens on the configured port until the run has logged a refused connect: the connect is retried
     * until the proxy is up.
     */
    @Test
    public void connectionRefusedAtStart() throws Exception {
        prepareTarget(db, "append");
        int port = TcpProxy.freePort();
        AtomicReference<Throwable> listenFailure = new AtomicReference<>();
        try (TcpProxy proxy = new TcpProxy(db.host, db.port)) {
            Thread late = new Thread(() -> {
                try {
                    FaultKit.waitUntil("a refused connect to be logged", 120_000,
                            () -> !logs.linesContaining("failed (retry ").isEmpty());
                    proxy.listen(port);
                } catch (Throwable e) {
                    listenFailure.set(e);
                }
            }, "late-proxy");
            late.setDaemon(true);
            late.start();
            embulk.run(embulk.generator(ROWS, 1), output("append", port, 1024 * 1024));
            late.join(150_000);
            assertEquals("proxy started", null, listenFailure.get());
            assertTrue("connections through the proxy", proxy.accepted() > 0);
        }
        List<String> retries = logs.linesContaining("failed (retry ");
        assertFalse("a WARN line for each refused connect", retries.isEmpty());
        assertTrue(retries.toString(), retries.get(0).contains("connect to " + db.user + "@"));
        assertTrue(retries.toString(), retries.get(0).contains("refused"));
        assertLoaded(db, "append", ROWS);
        assertEquals(Collections.emptyList(), runTables(db));
    }

    /** A task's connection is reset (RST both ways) after 1.5 MB: in its second 1 MB chunk. */
    @Test
    public void copyConnectionResetOnce() throws Exception {
        copyConnectionReset("append");
    }

    @Test
    public void copyConnectionResetOnceReplace() throws Exception {
        copyConnectionReset("replace");
    }

    private void copyConnectionReset(String mode) throws Exception {
        prepareTarget(db, mode);
        try (TcpProxy proxy = new TcpProxy(db.host, db.port)) {
            int port = proxy.listen(0);
            proxy.cutOnceAfter(1536 * 1024);
            embulk.run(embulk.generator(ROWS, 1), output(mode, port, 1024 * 1024));
            assertEquals("connections reset by the proxy", 1, proxy.cuts());
        }
        List<String> lost = logs.linesContaining("COPY connection lost");
        assertEquals("re-send warnings: " + lost, 1, lost.size());
        assertLoaded(db, mode, ROWS);
        assertEquals(Collections.emptyList(), runTables(db));
    }

    private ConfigSource output(String mode, int port, int batchSize) {
        return db.outputConfig(embulk, "t")
                .set("host", "127.0.0.1")
                .set("port", port)
                .set("sslmode", "disable")
                .set("mode", mode)
                .set("batch_size", batchSize);
    }
}
