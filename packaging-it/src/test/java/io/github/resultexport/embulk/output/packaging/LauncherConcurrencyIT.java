package io.github.resultexport.embulk.output.packaging;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;

/**
 * The ./embulk launcher of the repository, run in a scratch tree with a fake {@code mvn} and a fake {@code java}:
 * the fake build writes the plugin jars half, waits until the test lets it finish, then completes them; the fake
 * Embulk records whether every plugin jar was complete when it started. The real build and Embulk are run by
 * examples/launcher-race-check.
 */
public class LauncherConcurrencyIT {
    private static final long WAIT_SECONDS = 60;
    private static final Instant BUILT = Instant.now().minusSeconds(3600);

    private Path root;
    private Path state;
    private Path m2;
    private final List<Process> launchers = new ArrayList<>();

    @Before
    public void scratchTree() throws IOException {
        Assume.assumeTrue("flock (util-linux) is needed", onPath("flock"));
        final Path dir = ItEnvironment.workDirectory("launcher-concurrency");
        root = Files.createDirectories(dir.resolve("tree"));
        state = Files.createDirectories(dir.resolve("state"));
        m2 = Files.createDirectories(dir.resolve("m2"));
        Files.copy(ItEnvironment.examplesDirectory().getParent().resolve("embulk"), root.resolve("embulk"));
        write(root.resolve("examples/embulk.properties"), "m2_repo=\n"
                + "plugins.output.alpha=maven:io.example:alpha:1.0\n"
                + "plugins.output.beta=maven:io.example:beta:1.0\n");
        write(root.resolve("pom.xml"), "<project/>\n");
        write(root.resolve("examples/pom.xml"), "<project/>\n");
        write(root.resolve("examples/target/embulk-runtime.jar"), "runtime\n");
        write(root.resolve("embulk-output-alpha/src/main/java/Alpha.java"), "class Alpha {}\n");
        for (final String type : List.of("alpha", "beta")) {
            write(m2.resolve("io/example/embulk-output-" + type + "/1.0/embulk-output-" + type + "-1.0.jar"),
                    "complete");
        }
        write(root.resolve("target/embulk-home/m2_repo.path"), m2.toString());
        builtAfterTheLastSourceChange();
        executable(dir.resolve("bin/mvn"), String.join("\n",
                "#!/usr/bin/env bash",
                "set -euo pipefail",
                "[[ \" $* \" == *' install '* ]] || { echo \"fake mvn: unexpected: $*\" >&2; exit 1; }",
                "echo \"$*\" >>\"$FAKE_STATE/builds.log\"",
                "for jar in \"$FAKE_M2\"/io/example/*/1.0/*.jar; do printf partial >\"$jar\"; done",
                "touch \"$FAKE_STATE/build-started\"",
                "while [[ ! -e \"$FAKE_STATE/finish-build\" ]]; do sleep 0.02; done",
                "for jar in \"$FAKE_M2\"/io/example/*/1.0/*.jar; do printf complete >\"$jar\"; done",
                ""));
        executable(dir.resolve("jdk/bin/java"), String.join("\n",
                "#!/usr/bin/env bash",
                "m2=\"$(sed -n 's/^m2_repo=//p' \"$EMBULK_HOME/embulk.properties\")\"",
                "seen=complete",
                "for type in alpha beta; do",
                "  grep -q \"^plugins.output.$type=\" \"$EMBULK_HOME/embulk.properties\" || seen=\"no $type in properties\"",
                "  jar=\"$m2/io/example/embulk-output-$type/1.0/embulk-output-$type-1.0.jar\"",
                "  [[ \"$(cat \"$jar\")\" == complete ]] || seen=\"$(cat \"$jar\") $jar\"",
                "done",
                "echo \"$seen\" >>\"$FAKE_STATE/runs.log\"",
                "if [[ -n \"${FAKE_RUN_UNTIL:-}\" ]]; then",
                "  touch \"$FAKE_STATE/run-started\"",
                "  while [[ ! -e \"$FAKE_RUN_UNTIL\" ]]; do sleep 0.02; done",
                "fi",
                "[[ \"$seen\" == complete ]]",
                ""));
    }

    @After
    public void stopLaunchers() throws InterruptedException {
        for (final Process p : launchers) {
            p.destroyForcibly().waitFor();
        }
    }

    @Test
    public void twoLaunchersStartedTogetherAfterASourceChangeBuildOnceAndRunOnCompletePlugins() throws Exception {
        sourceChangedSinceTheLastBuild();

        final Process first = launch("first", null);
        final Process second = launch("second", null);
        await("a build started", () -> Files.exists(state.resolve("build-started")));
        final String builder = output("first").contains("embulk: building") ? "first" : "second";
        final String other = builder.equals("first") ? "second" : "first";
        assertTrue(launcherOutputs(), output(builder).contains("embulk: building"));
        await("the other launcher waits for the build, or runs Embulk, or builds too",
                () -> output(other).contains("embulk: waiting") || Files.exists(state.resolve("runs.log"))
                        || lines("builds.log").size() > 1);
        assertFalse("an Embulk ran during the build", Files.exists(state.resolve("runs.log")));
        assertEquals("builds: " + lines("builds.log"), 1, lines("builds.log").size());
        assertTrue(launcherOutputs(), output(other).contains("embulk: waiting"));
        Files.createFile(state.resolve("finish-build"));

        assertEquals(output("first"), 0, exitCode(first));
        assertEquals(output("second"), 0, exitCode(second));
        assertEquals("builds: " + lines("builds.log"), 1, lines("builds.log").size());
        assertTrue("the build must skip tests entirely: " + lines("builds.log"),
                lines("builds.log").get(0).contains("-Dmaven.test.skip=true"));
        assertEquals(List.of("complete", "complete"), lines("runs.log"));
        assertFalse("only one of them built", output(other).contains("embulk: building"));
    }

    @Test
    public void aBuildWaitsUntilARunningEmbulkOfTheTreeHasEnded() throws Exception {
        final Path endRun = state.resolve("end-run");
        final Process running = launch("running", endRun);
        await("the first Embulk runs", () -> Files.exists(state.resolve("run-started")));
        sourceChangedSinceTheLastBuild();

        final Process building = launch("building", null);
        await("the second launcher waits, or builds", () -> output("building").contains("embulk: waiting")
                || Files.exists(state.resolve("build-started")));
        assertFalse("a build started while Embulk ran", Files.exists(state.resolve("build-started")));
        Files.createFile(endRun);
        assertEquals(output("running"), 0, exitCode(running));
        await("the build starts once the run has ended", () -> Files.exists(state.resolve("build-started")));
        Files.createFile(state.resolve("finish-build"));

        assertEquals(output("building"), 0, exitCode(building));
        assertEquals(List.of("complete", "complete"), lines("runs.log"));
        assertEquals(1, lines("builds.log").size());
    }

    /** The state after a build by the launcher: its stamp is newer than every source. */
    private void builtAfterTheLastSourceChange() throws IOException {
        final Path stamp = root.resolve("target/embulk-home/build.stamp");
        write(stamp, "");
        Files.setLastModifiedTime(stamp, FileTime.from(BUILT));
        for (final String path : List.of("pom.xml", "examples/pom.xml", "embulk-output-alpha/src/main/java/Alpha.java")) {
            Files.setLastModifiedTime(root.resolve(path), FileTime.from(BUILT.minusSeconds(60)));
        }
    }

    private void sourceChangedSinceTheLastBuild() throws IOException {
        Files.setLastModifiedTime(root.resolve("embulk-output-alpha/src/main/java/Alpha.java"),
                FileTime.from(BUILT.plusSeconds(60)));
    }

    private Process launch(final String name, final Path runUntil) throws IOException {
        final ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("embulk").toString(), "run",
                "config.yml").directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(state.resolve(name + ".out").toFile());
        final Map<String, String> env = builder.environment();
        env.put("PATH", state.getParent().resolve("bin") + ":" + env.get("PATH"));
        env.put("JAVA_HOME", state.getParent().resolve("jdk").toString());
        env.put("FAKE_STATE", state.toString());
        env.put("FAKE_M2", m2.toString());
        if (runUntil != null) {
            env.put("FAKE_RUN_UNTIL", runUntil.toString());
        }
        final Process p = builder.start();
        launchers.add(p);
        return p;
    }

    private int exitCode(final Process p) throws InterruptedException {
        assertTrue("a launcher did not end within " + WAIT_SECONDS + " s", p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS));
        return p.exitValue();
    }

    /** Polls for an event a launcher or a fake tool makes visible in the scratch directory. */
    private void await(final String what, final BooleanSupplier condition) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + WAIT_SECONDS + " s for: " + what + "; outputs: "
                        + launcherOutputs());
            }
            Thread.sleep(20);
        }
    }

    private String launcherOutputs() {
        final StringBuilder text = new StringBuilder();
        for (final String name : List.of("first", "second", "running", "building")) {
            text.append("\n[").append(name).append("] ").append(output(name));
        }
        return text.toString();
    }

    private String output(final String name) {
        try {
            final Path file = state.resolve(name + ".out");
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> lines(final String name) {
        final Path file = state.resolve(name);
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(final Path file, final String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static void executable(final Path file, final String script) throws IOException {
        write(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static boolean onPath(final String program) {
        for (final String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
