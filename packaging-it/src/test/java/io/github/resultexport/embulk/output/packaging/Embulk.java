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
 * embulk.properties template of examples/ with {@code m2_repo} pointing at a given Maven repository, and, for
 * gem-packaged plugins, {@code jruby} and {@code gem_home}.
 */
final class Embulk {
    private static final long TIMEOUT_SECONDS = 300;

    private final Path m2;
    private final Path jruby;
    private final Path gemHome;
    private final List<String> leftOut;

    private Embulk(final Path m2, final Path jruby, final Path gemHome, final List<String> leftOut) {
        this.m2 = m2;
        this.jruby = jruby;
        this.gemHome = gemHome;
        this.leftOut = leftOut;
    }

    /** Loads plugins from {@code m2}, as listed in examples/embulk.properties. */
    static Embulk withRepository(final Path m2) {
        return new Embulk(m2.toAbsolutePath(), null, null, List.of());
    }

    /**
     * Also loads gem-packaged plugins: embulk.properties gets {@code jruby=file:///…/jruby-complete.jar} and
     * {@code gem_home}, and loses the Maven-style lines of the {@code leftOutPlugins} ({@code output.postgresql}),
     * so that Embulk looks those types up among the installed gems.
     */
    Embulk withJRuby(final Path jrubyComplete, final Path gemHome, final String... leftOutPlugins) {
        final List<String> lines = new ArrayList<>();
        for (final String plugin : leftOutPlugins) {
            lines.add("plugins." + plugin + "=");
        }
        return new Embulk(m2, jrubyComplete.toAbsolutePath(), gemHome.toAbsolutePath(), List.copyOf(lines));
    }

    /** Runs {@code embulk run config.yml} in {@code workDirectory}, where the config was written. */
    Result run(final Path workDirectory, final Path config) throws IOException, InterruptedException {
        return execute(workDirectory, workDirectory, "embulk.log", "run", config.toString());
    }

    /** Runs {@code embulk gem <arguments>} in {@code directory}, with the Embulk home of {@code workDirectory}. */
    Result gem(final Path workDirectory, final Path directory, final String... arguments)
            throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>();
        command.add("gem");
        command.addAll(List.of(arguments));
        return execute(workDirectory, directory, "embulk-gem.log", command.toArray(new String[0]));
    }

    private Result execute(final Path workDirectory, final Path directory, final String logName,
            final String... arguments) throws IOException, InterruptedException {
        final Path home = Files.createDirectories(workDirectory.resolve("embulk-home"));
        Files.write(home.resolve("embulk.properties"), embulkProperties(), StandardCharsets.UTF_8);

        final Path log = workDirectory.resolve(logName);
        final Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        final List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", ItEnvironment.runtimeJar().toString()));
        command.addAll(List.of(arguments));
        final ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("EMBULK_HOME", home.toString());
        builder.environment().remove("M2_REPO");
        if (jruby != null) {
            // Nothing of the user's Ruby set-up: gems come from gem_home alone.
            for (final String variable : List.of("GEM_HOME", "GEM_PATH", "JRUBY_OPTS", "RUBYOPT", "BUNDLE_GEMFILE")) {
                builder.environment().remove(variable);
            }
            builder.environment().put("HOME", Files.createDirectories(workDirectory.resolve("user-home")).toString());
        }

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
        int removed = 0;
        for (final String line : Files.readAllLines(ItEnvironment.propertiesTemplate(), StandardCharsets.UTF_8)) {
            if (line.startsWith("m2_repo=")) {
                lines.add("m2_repo=" + m2.toString().replace("\\", "\\\\"));
                m2RepoSet = true;
            } else if (leftOut.stream().anyMatch(line::startsWith)) {
                removed++;
            } else {
                lines.add(line);
            }
        }
        if (!m2RepoSet) {
            throw new AssertionError("examples/embulk.properties has no m2_repo= line");
        }
        if (removed != leftOut.size()) {
            throw new AssertionError("examples/embulk.properties does not have exactly one line of each of " + leftOut);
        }
        if (jruby != null) {
            lines.add("jruby=" + jruby.toUri());
            lines.add("gem_home=" + gemHome.toString().replace("\\", "\\\\"));
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
