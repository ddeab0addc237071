package io.github.resultexport.embulk.output.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code gem} commands with JRuby (jruby-complete from Maven Central), several in one JVM since JRuby takes
 * seconds to start, with a home, {@code GEM_HOME} and {@code GEM_PATH} of their own under the work directory.
 */
final class GemCommands {
    private static final long TIMEOUT_SECONDS = 300;
    private static final String SCRIPT = "gem-commands.rb";
    private static final Pattern FRAME = Pattern.compile("(?ms)^=== gem (.*?)\\n(.*?)^=== exit (-?\\d+)$");

    private GemCommands() {}

    /** What one {@code gem} command printed, and its exit status. */
    static final class Output {
        final String command;
        final String text;
        final int exitStatus;

        Output(final String command, final String text, final int exitStatus) {
            this.command = command;
            this.text = text;
            this.exitStatus = exitStatus;
        }

        String describe() {
            return "gem " + command + " (exit " + exitStatus + "):\n" + text;
        }
    }

    /** Runs each of {@code commands} (the arguments after {@code gem}) in turn, in one JRuby process. */
    static List<Output> run(final Path workDirectory, final List<List<String>> commands)
            throws IOException, InterruptedException {
        final Path script = workDirectory.resolve(SCRIPT);
        try (InputStream in = GemCommands.class.getResourceAsStream(SCRIPT)) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        final Path home = Files.createDirectories(workDirectory.resolve("user-home"));
        final Path gemHome = Files.createDirectories(workDirectory.resolve("user-gems"));

        final List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                // JRuby's --dev settings: these commands are short, start-up time is what counts.
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-Djruby.compile.mode=OFF",
                "-jar", ItEnvironment.jrubyComplete().toString(), script.toString()));
        for (int i = 0; i < commands.size(); i++) {
            if (i > 0) {
                command.add("--next--");
            }
            command.addAll(commands.get(i));
        }
        final Path log = workDirectory.resolve("gem-commands.log");
        final ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        for (final String variable : List.of("JRUBY_OPTS", "RUBYOPT", "BUNDLE_GEMFILE", "GEM_SPEC_CACHE")) {
            builder.environment().remove(variable);
        }
        builder.environment().put("HOME", home.toString());
        builder.environment().put("GEM_HOME", gemHome.toString());
        builder.environment().put("GEM_PATH", gemHome.toString());

        final Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("JRuby did not finish within " + TIMEOUT_SECONDS + " s; output in " + log);
        }
        final String output = Files.readString(log, StandardCharsets.UTF_8);
        final List<Output> outputs = new ArrayList<>();
        final Matcher frame = FRAME.matcher(output);
        while (frame.find()) {
            outputs.add(new Output(frame.group(1), frame.group(2), Integer.parseInt(frame.group(3))));
        }
        if (process.exitValue() != 0 || outputs.size() != commands.size()) {
            throw new AssertionError("JRuby exited with " + process.exitValue() + " after " + outputs.size() + " of "
                    + commands.size() + " gem commands; output in " + log + ":\n" + output);
        }
        return outputs;
    }
}
