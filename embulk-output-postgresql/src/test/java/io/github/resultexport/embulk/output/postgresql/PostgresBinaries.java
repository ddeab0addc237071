package io.github.resultexport.embulk.output.postgresql;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The directory with {@code initdb}, {@code pg_ctl} and {@code postgres} for a {@link ThrowawayCluster}: the
 * machine's (on {@code PATH}, else the newest {@code /usr/lib/postgresql/<version>/bin}), else the embedded
 * PostgreSQL's ({@link EmbeddedPostgresBinaries}). {@code EMBULK_PG_EMBEDDED=1} skips the machine's.
 */
final class PostgresBinaries {
    static final String FORCE_EMBEDDED_VARIABLE = "EMBULK_PG_EMBEDDED";
    private static final String[] PROGRAMS = {"initdb", "pg_ctl", "postgres"};

    private PostgresBinaries() {
    }

    /** Whether {@code EMBULK_PG_EMBEDDED} asks to ignore the machine's PostgreSQL (its server and binaries). */
    static boolean embeddedForced() {
        String value = System.getenv(FORCE_EMBEDDED_VARIABLE);
        return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
    }

    static Path binDirectory() throws IOException {
        if (!embeddedForced()) {
            Optional<Path> machine = machineBinDirectory();
            if (machine.isPresent()) {
                return machine.get();
            }
        }
        return EmbeddedPostgresBinaries.binDirectory();
    }

    static Optional<Path> machineBinDirectory() throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && hasPrograms(Paths.get(dir))) {
                return Optional.of(Paths.get(dir));
            }
        }
        Path debian = Paths.get("/usr/lib/postgresql");
        if (!Files.isDirectory(debian)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(debian)) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                    .filter(v -> hasPrograms(v.resolve("bin")))
                    .max(Comparator.comparingDouble(v -> Double.parseDouble(v.getFileName().toString())))
                    .map(v -> v.resolve("bin"));
        }
    }

    private static boolean hasPrograms(Path dir) {
        for (String program : PROGRAMS) {
            if (!Files.isExecutable(dir.resolve(program))) {
                return false;
            }
        }
        return true;
    }
}
