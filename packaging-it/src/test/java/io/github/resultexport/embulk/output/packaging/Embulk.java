package io.github.resultexport.embulk.output.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Embulk runtime jar in a child JVM ({@code java -jar}), the way users run it: its Embulk home holds the
 * embulk.properties template of examples/ with {@code m2_repo} pointing at a given Maven repository.
 */
final class Embulk {
    private static final long TIMEOUT_SECONDS = 300;

    private final Path m2;

    private Embulk(final Path m2) {
        this.m2 = m2;
    }

    /** Loads plugins from {@code m2}, as listed in examples/embulk.properties. */
    static Embulk withRepository(final Path m2) {
        return new Embulk(m2.toAbsolutePath());
    }

    /** Runs {@code embulk run config.yml} in {@code workDirectory}, where the config was written. */
    Result run(final Path workDirectory, final Path config) throws IOException, InterruptedException {
        final Path home = Files.createDirectories(workDirectory.resolve("embulk-home"));
        Files.write(home.resolve("embulk.properties"), embulkProperties(), StandardCharsets.UTF_8);

        final Path log = workDirectory.resolve("embulk.log");
        final Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        final ProcessBuilder builder = new ProcessBuilder(
                java.toString(), "-jar", ItEnvironment.runtimeJar().toString(), "run", config.toString())
                .directory(workDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("EMBULK_HOME", home.toString());
        builder.environment().remove("M2_REPO");

        final Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("Embulk did not finish within " + TIMEOUT_SECONDS + " s; output in " + log);
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8), log);
    }

    private List<String> embulkProperties() throws IOException {
        final List<String> lines = new ArrayList<>();
        boolean m2RepoSet = false;
        for (final String line : Files.readAllLines(ItEnvironment.propertiesTemplate(), StandardCharsets.UTF_8)) {
            if (line.startsWith("m2_repo=")) {
                lines.add("m2_repo=" + m2.toString().replace("\\", "\\\\"));
                m2RepoSet = true;
            } else {
                lines.add(line);
            }
        }
        if (!m2RepoSet) {
            throw new AssertionError("examples/embulk.properties has no m2_repo= line");
        }
        return lines;
    }

    /** Exit code and combined stdout/stderr of one Embulk run. */
    static final class Result {
        final int exitCode;
        final String output;
        final Path log;

        Result(final int exitCode, final String output, final Path log) {
            this.exitCode = exitCode;
            this.output = output;
            this.log = log;
        }

        /** A description for assertion messages: exit code, log file and the end of the output. */
        String describe() {
            final int tail = 6000;
            final String end = output.length() > tail ? "…" + output.substring(output.length() - tail) : output;
            return "exit code " + exitCode + ", log " + log + ":\n" + end;
        }
    }
}
