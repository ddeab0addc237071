package io.github.resultexport.embulk.output.postgresql;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.rules.ExternalResource;

/**
 * A PostgreSQL cluster of a test's own on 127.0.0.1, made with {@code initdb} in a temporary directory: a test may
 * crash it ({@link #restartImmediately}), stop and start it, or configure authentication and TLS as it likes. As a
 * JUnit rule it starts before the test and is removed after it; {@link #create} and {@link #close} do the same by
 * hand. The programs come from {@link PostgresBinaries} (the machine's, else the embedded PostgreSQL's) and run as
 * {@link ServerUser} says.
 *
 * <pre>
 * &#64;Rule public final ThrowawayCluster pg = new ThrowawayCluster()
 *         .scramPassword("secret")
 *         .conf("ssl = on", "ssl_cert_file = 'server.crt'", "ssl_key_file = 'server.key'")
 *         .copyIntoDataDirectory(certificate, "server.crt").copyIntoDataDirectory(key, "server.key");
 * </pre>
 */
public final class ThrowawayCluster extends ExternalResource implements AutoCloseable {
    private static final int START_ATTEMPTS = 5;
    private static final int PG_CTL_WAIT_SECONDS = 180;

    private String password;
    private final List<String> confLines = new ArrayList<>();
    private final List<String> hbaLines = new ArrayList<>();
    private final Map<String, Path> extraFiles = new LinkedHashMap<>();
    private ServerUser serverUser;

    private Path dir;
    private Path binDir;
    private int port;

    /** Logins need this password (SCRAM-SHA-256), over TCP and the Unix socket. Without it every login is trusted. */
    public ThrowawayCluster scramPassword(String password) {
        this.password = password;
        return this;
    }

    /** Lines appended to {@code postgresql.conf}, e.g. {@code ssl = on}. Relative file names are in the data directory. */
    public ThrowawayCluster conf(String... lines) {
        confLines.addAll(Arrays.asList(lines));
        return this;
    }

    /** Lines put before the generated ones in {@code pg_hba.conf} (the first matching line decides). */
    public ThrowawayCluster hba(String... lines) {
        hbaLines.addAll(Arrays.asList(lines));
        return this;
    }

    /** Copies {@code file} into the data directory as {@code name}, readable only by the server (as a key must be). */
    public ThrowawayCluster copyIntoDataDirectory(Path file, String name) {
        extraFiles.put(name, file);
        return this;
    }

    /** Uses the programs in {@code binDirectory} instead of {@link PostgresBinaries}' choice (tests of that choice). */
    ThrowawayCluster binaries(Path binDirectory) {
        this.binDir = binDirectory;
        return this;
    }

    /** Runs the server programs as {@code user} instead of the machine's choice (tests of that choice). */
    ThrowawayCluster runAs(ServerUser user) {
        this.serverUser = user;
        return this;
    }

    public int port() {
        return port;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres}; the user is {@code postgres}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** A connection as {@code postgres} to the database {@code postgres}, with the password if there is one. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "postgres", password == null ? "" : password);
    }

    public Path dataDirectory() {
        return dir.resolve("data");
    }

    public Path binDirectory() {
        return binDir;
    }

    /** Who runs the server, e.g. for a message saying which server a run used. */
    public String serverUser() {
        return serverUser.toString();
    }

    /** The PostgreSQL major version of the programs, e.g. {@code 16}. */
    public String version() throws IOException {
        return new String(Files.readAllBytes(dataDirectory().resolve("PG_VERSION")), StandardCharsets.US_ASCII).trim();
    }

    @Override
    protected void before() throws Exception {
        create();
    }

    @Override
    protected void after() {
        close();
    }

    /** Makes the cluster and starts it on a free port of 127.0.0.1. */
    public ThrowawayCluster create() throws IOException, InterruptedException {
        if (binDir == null) {
            binDir = PostgresBinaries.binDirectory();
        }
        if (serverUser == null) {
            serverUser = ServerUser.detect();
        }
        dir = Files.createTempDirectory("throwaway-pg");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        serverUser.own(dir);
        List<String> initdb = new ArrayList<>(Arrays.asList(binDir.resolve("initdb").toString(),
                "-D", dataDirectory().toString(), "-U", "postgres", "--encoding=UTF8", "--locale=C", "--no-sync"));
        Path pwfile = dir.resolve("pwfile");
        if (password == null) {
            initdb.add("--auth=trust");
        } else {
            Files.write(pwfile, password.getBytes(StandardCharsets.UTF_8));
            serverUser.own(pwfile);
            initdb.addAll(Arrays.asList("--pwfile=" + pwfile, "--auth-local=scram-sha-256",
                    "--auth-host=scram-sha-256"));
        }
        try {
            run(serverUser.command(initdb));
        } finally {
            Files.deleteIfExists(pwfile);
        }
        configure();
        for (int attempt = 1; ; attempt++) {
            port = freePort();
            writePortConf();
            long logSize = Files.exists(serverLog()) ? Files.size(serverLog()) : 0;
            try {
                start();
                return this;
            } catch (IOException e) {
                if (attempt == START_ATTEMPTS || !newLogText(logSize).contains("could not bind")) {
                    throw e;
                }
                // another process took the port between our probe and the server's bind: try another one
            }
        }
    }

    /** {@code pg_ctl start -w}: returns once the server accepts connections (again, after {@link #stop}). */
    public void start() throws IOException, InterruptedException {
        pgCtl("start", "-l", serverLog().toString());
    }

    /** {@code pg_ctl stop -m fast -w}: a clean shutdown (running transactions are rolled back). */
    public void stop() throws IOException, InterruptedException {
        pgCtl("stop", "-m", "fast");
    }

    /**
     * A crash: {@code pg_ctl restart -m immediate -w}. Running transactions are lost, crash recovery empties every
     * UNLOGGED table, and {@code pg_postmaster_start_time()} changes; returns once the server accepts connections.
     */
    public void restartImmediately() throws IOException, InterruptedException {
        pgCtl("restart", "-m", "immediate", "-l", serverLog().toString());
    }

    /** Stops the server (immediate) and removes its directory; does nothing when it was never created. */
    @Override
    public void close() {
        if (dir == null) {
            return;
        }
        try {
            if (Files.exists(dataDirectory().resolve("postmaster.pid"))) {
                pgCtl("stop", "-m", "immediate");
            }
        } catch (IOException ignored) {
            // best effort: the directory goes anyway, and a server without it cannot do harm for long
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TempDirectories.deleteTree(dir);
        dir = null;
    }

    @Override
    public String toString() {
        String version;
        try {
            version = version();
        } catch (IOException | RuntimeException e) {
            version = "(version unknown)";
        }
        return "PostgreSQL " + version + " cluster on 127.0.0.1:" + port + ", programs in " + binDir + ", data in "
                + dir + ", run by " + serverUser;
    }

    private void configure() throws IOException {
        Path data = dataDirectory();
        List<String> conf = new ArrayList<>();
        conf.add("");
        conf.add("listen_addresses = '127.0.0.1'");
        conf.add("unix_socket_directories = '" + dir + "'");
        conf.addAll(confLines);
        conf.add("include 'port.conf'");
        Files.write(data.resolve("postgresql.conf"), conf, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        if (!hbaLines.isEmpty()) {
            Path hba = data.resolve("pg_hba.conf");
            List<String> lines = new ArrayList<>(hbaLines);
            lines.addAll(Files.readAllLines(hba, StandardCharsets.UTF_8));
            Files.write(hba, lines, StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, Path> file : extraFiles.entrySet()) {
            Path target = data.resolve(file.getKey());
            Files.copy(file.getValue(), target, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
            serverUser.own(target);
        }
    }

    private void writePortConf() throws IOException {
        Path portConf = dataDirectory().resolve("port.conf");
        Files.write(portConf, ("port = " + port + "\n").getBytes(StandardCharsets.US_ASCII));
        serverUser.own(portConf);
    }

    private Path serverLog() {
        return dir.resolve("server.log");
    }

    private String newLogText(long from) throws IOException {
        byte[] log = Files.readAllBytes(serverLog());
        return new String(log, (int) Math.min(from, log.length), (int) Math.max(0, log.length - from),
                StandardCharsets.UTF_8);
    }

    private void pgCtl(String action, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(Arrays.asList(binDir.resolve("pg_ctl").toString(), action,
                "-D", dataDirectory().toString(), "-w", "-t", String.valueOf(PG_CTL_WAIT_SECONDS)));
        command.addAll(Arrays.asList(options));
        run(serverUser.command(command));
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile(dir, "command", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!p.waitFor(PG_CTL_WAIT_SECONDS + 60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in time; " + describeFailure(output));
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + ", run by "
                        + serverUser + "); " + describeFailure(output));
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private String describeFailure(Path output) throws IOException {
        String text = "its output: " + new String(Files.readAllBytes(output), StandardCharsets.UTF_8).trim();
        if (Files.exists(serverLog())) {
            List<String> log = Files.readAllLines(serverLog(), StandardCharsets.UTF_8);
            text += "\nend of the server log " + serverLog() + ":\n"
                    + String.join("\n", log.subList(Math.max(0, log.size() - 20), log.size()));
        }
        return text;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
