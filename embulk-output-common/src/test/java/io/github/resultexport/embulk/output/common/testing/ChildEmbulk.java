package io.github.resultexport.embulk.output.common.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.embulk.EmbulkEmbed;
import org.embulk.config.ConfigSource;

/**
 * An Embulk run in a child JVM, so that a test can SIGKILL it. {@link #main} runs the config (JSON) in the file
 * named by its second argument with the Embulk that its first argument, a {@code Supplier<EmbulkEmbed>} class with a
 * public no-argument constructor, builds (the plugin under test and the test inputs); {@link #start} launches it
 * with the test classpath, its output going to {@code target/fault-logs/<name>.log}.
 */
public final class ChildEmbulk implements AutoCloseable {
    /** The child logs at INFO (SQL statements at DEBUG) to its output. */
    private static final String LOGBACK = "<configuration>\n"
            + "  <appender name=\"OUT\" class=\"ch.qos.logback.core.ConsoleAppender\">\n"
            + "    <encoder><pattern>%d{HH:mm:ss.SSS} [%thread] %-5level %logger - %msg%n</pattern></encoder>\n"
            + "  </appender>\n"
            + "  <logger name=\"io.github.resultexport\" level=\"DEBUG\"/>\n"
            + "  <root level=\"INFO\"><appender-ref ref=\"OUT\"/></root>\n"
            + "</configuration>\n";

    private final Process process;
    private final Path log;

    private ChildEmbulk(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static void main(String[] args) throws Exception {
        String json = new String(Files.readAllBytes(Paths.get(args[1])), StandardCharsets.UTF_8);
        @SuppressWarnings("unchecked")
        Supplier<EmbulkEmbed> embeds = (Supplier<EmbulkEmbed>) Class.forName(args[0]).getConstructor().newInstance();
        EmbulkEmbed embed = embeds.get();
        int status = 0;
        try {
            embed.run(embed.newConfigLoader().fromJsonString(json));
            System.out.println("CHILD RUN SUCCEEDED");
        } catch (Throwable t) {
            t.printStackTrace(System.out);
            System.out.println("CHILD RUN FAILED");
            status = 1;
        }
        System.out.flush();
        System.exit(status);
    }

    /** Starts a child JVM running {@code in:/out:} (and an empty {@code exec:}) with the Embulk {@code embeds} builds. */
    public static ChildEmbulk start(Class<? extends Supplier<EmbulkEmbed>> embeds, String name, ConfigSource in,
            ConfigSource out) throws IOException {
        return start(embeds, name, in, out, null);
    }

    /** Starts a child JVM running {@code in:/out:/exec:} with the Embulk {@code embeds} builds. */
    public static ChildEmbulk start(Class<? extends Supplier<EmbulkEmbed>> embeds, String name, ConfigSource in,
            ConfigSource out, ConfigSource exec) throws IOException {
        Path dir = Paths.get("target", "fault-logs").toAbsolutePath();
        Files.createDirectories(dir);
        Path configFile = dir.resolve(name + ".json");
        String json = "{\"in\":" + in + ",\"out\":" + out + ",\"exec\":" + (exec == null ? "{}" : exec) + "}";
        Files.write(configFile, json.getBytes(StandardCharsets.UTF_8));
        Path log = dir.resolve(name + ".log");
        Path logback = dir.resolve("logback-child.xml");
        if (!Files.exists(logback)) {
            Files.write(logback, LOGBACK.getBytes(StandardCharsets.UTF_8));
        }
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-Dlogback.configurationFile=" + logback);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ChildEmbulk.class.getName());
        command.add(embeds.getName());
        command.add(configFile.toString());
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new ChildEmbulk(p, log);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, then waits (bounded) until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("child JVM did not die within 60 s of SIGKILL");
        }
    }

    /** Exit status, waiting at most {@code seconds}; -1 if still running. */
    public int waitFor(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    /** The last {@code maxChars} characters of the child's output, for assertion messages. */
    public String logTail(int maxChars) {
        try {
            String s = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            return s.length() <= maxChars ? s : s.substring(s.length() - maxChars);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    public File logFile() {
        return log.toFile();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(60, TimeUnit.SECONDS);
        }
    }
}
