package io.github.resultexport.embulk.output.postgresql;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.Assume;
import org.junit.rules.ExternalResource;

/**
 * A throwaway PostgreSQL cluster on 127.0.0.1 that demands SCRAM-SHA-256 passwords (the shared test server trusts
 * every local connection), made with the machine's initdb and run as the {@code postgres} user when the tests run
 * as root. Skips the test when no PostgreSQL binaries are installed.
 */
public final class ScramServer extends ExternalResource {
    public final String password;
    private Path dir;
    private int port;
    private String binDir;

    public ScramServer(String password) {
        this.password = password;
    }

    public int port() {
        return port;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", password);
    }

    @Override
    protected void before() throws Exception {
        binDir = findBinDir();
        Assume.assumeTrue("no PostgreSQL server binaries (initdb, pg_ctl) on this machine", binDir != null);
        dir = Files.createTempDirectory("scram-pg");
        Path pwfile = dir.resolve("pw");
        Files.write(pwfile, password.getBytes(StandardCharsets.UTF_8));
        Path data = dir.resolve("data");
        if (isRoot()) {
            run("chown", "-R", "postgres", dir.toString());
        }
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        run(asServerUser(binDir + "/initdb", "-D", data.toString(), "-U", "postgres", "--pwfile=" + pwfile,
                "--auth-local=scram-sha-256", "--auth-host=scram-sha-256"));
        run(asServerUser(binDir + "/pg_ctl", "-D", data.toString(), "-w", "-l", dir.resolve("log").toString(),
                "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir, "start"));
    }

    @Override
    protected void after() {
        if (dir == null) {
            return;
        }
        try {
            run(asServerUser(binDir + "/pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "stop"));
        } catch (Exception ignored) {
            // best effort: the directory is removed below anyway
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // a temp directory
        }
    }

    private static String findBinDir() throws IOException {
        for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Paths.get(p, "initdb")) && Files.isExecutable(Paths.get(p, "pg_ctl"))) {
                return p;
            }
        }
        Path lib = Paths.get("/usr/lib/postgresql");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> versions = Files.list(lib)) {
                return versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .map(Path::toString).sorted(Comparator.reverseOrder()).findFirst().orElse(null);
            }
        }
        return null;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String[] asServerUser(String... command) {
        if (!isRoot()) {
            return command;
        }
        List<String> c = new ArrayList<>(Arrays.asList("runuser", "-u", "postgres", "--"));
        c.addAll(Arrays.asList(command));
        return c.toArray(new String[0]);
    }

    private void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("commands.log").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: "
                    + new String(Files.readAllBytes(dir.resolve("commands.log")), StandardCharsets.UTF_8));
        }
    }
}
