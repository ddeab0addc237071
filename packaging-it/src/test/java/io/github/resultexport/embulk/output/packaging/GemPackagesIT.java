package io.github.resultexport.embulk.output.packaging;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The gems the build made of our plugins ({@code <module>/target/embulk-output-<type>-<gem version>-java.gem},
 * installed into target/m2 as type gem, classifier java), read and installed by RubyGems itself: JRuby's
 * {@code gem specification} and {@code gem install --local}. The gem of a plugin holds exactly the jars its flattened
 * pom lists, the set Embulk loads for the Maven-style plugin, so a gem can never miss a jar the Maven-style plugin
 * has.
 */
public class GemPackagesIT {
    private static Path installDirectory;
    private static Map<String, GemCommands.Output> specifications;
    private static GemCommands.Output install;

    /** One JRuby for all: {@code gem specification} of each gem, then one {@code gem install} of all four. */
    @BeforeClass
    public static void runRubyGems() throws Exception {
        final Path dir = ItEnvironment.workDirectory("gems");
        installDirectory = dir.resolve("installed");
        final List<List<String>> commands = new ArrayList<>();
        for (final PluginGem gem : PluginGem.ALL) {
            commands.add(List.of("specification", gem.installed().toString()));
        }
        final List<String> installCommand = new ArrayList<>(List.of(
                "install", "--local", "--no-document", "--install-dir", installDirectory.toString()));
        PluginGem.ALL.forEach(gem -> installCommand.add(gem.installed().toString()));
        commands.add(installCommand);

        final List<GemCommands.Output> outputs = GemCommands.run(dir, commands);
        specifications = new TreeMap<>();
        for (int i = 0; i < PluginGem.ALL.size(); i++) {
            specifications.put(PluginGem.ALL.get(i).type, outputs.get(i));
        }
        install = outputs.get(PluginGem.ALL.size());
    }

    @Test
    public void eachModuleBuiltItsGemAndItIsTheInstalledArtifact() throws Exception {
        for (final PluginGem gem : PluginGem.ALL) {
            assertTrue("The build wrote no " + gem.built(), Files.isRegularFile(gem.built()));
            assertTrue("Not installed (type gem, classifier java): " + gem.installed(), Files.isRegularFile(gem.installed()));
            assertArrayEquals(gem.built() + " differs from " + gem.installed(),
                    Files.readAllBytes(gem.built()), Files.readAllBytes(gem.installed()));
        }
    }

    @Test
    public void gemSpecificationShowsNameVersionPlatformAndFiles() throws Exception {
        for (final PluginGem gem : PluginGem.ALL) {
            final GemCommands.Output spec = specifications.get(gem.type);
            assertEquals(spec.describe(), 0, spec.exitStatus);
            final List<String> lines = spec.text.lines().collect(Collectors.toList());
            assertEquals(spec.describe(), "--- !ruby/object:Gem::Specification", lines.get(0));
            assertTrue(spec.describe(), lines.contains("name: " + gem.artifactId));
            assertEquals(spec.describe(), "  version: " + PluginGem.gemVersion(),
                    lines.get(lines.indexOf("version: !ruby/object:Gem::Version") + 1));
            assertTrue(spec.describe(), lines.contains("platform: java"));

            final List<String> expected = new ArrayList<>();
            expected.add("lib/embulk/output/" + gem.type + ".rb");
            expectedJars(gem).keySet().forEach(jar -> expected.add("classpath/" + jar));
            expected.sort(null);
            assertEquals(spec.describe(), expected, listAfter(lines, "files:"));
        }
    }

    @Test
    public void gemInstallInstallsAllFour() {
        assertEquals(install.describe(), 0, install.exitStatus);
        for (final PluginGem gem : PluginGem.ALL) {
            assertTrue(install.describe(), install.text.lines().anyMatch(("Successfully installed " + gem.fullName())::equals));
            assertTrue(Files.isRegularFile(
                    installDirectory.resolve("specifications").resolve(gem.fullName() + ".gemspec")));
        }
    }

    @Test
    public void theInstalledRegistrationNamesTheTypeAndTheManifestsMainClass() throws Exception {
        for (final PluginGem gem : PluginGem.ALL) {
            assertEquals(gem + ": the jar's Embulk-Plugin-Type", gem.type, gem.manifest("Embulk-Plugin-Type"));
            final Path registration = installed(gem).resolve("lib/embulk/output/" + gem.type + ".rb");
            assertEquals(registration.toString(), gem.registration(),
                    Files.readString(registration, StandardCharsets.UTF_8));
        }
    }

    @Test
    public void theInstalledClasspathHoldsExactlyTheJarsOfTheFlattenedPom() throws Exception {
        for (final PluginGem gem : PluginGem.ALL) {
            final Map<String, Path> expected = expectedJars(gem);
            final Path classpath = installed(gem).resolve("classpath");
            final List<String> actual;
            try (Stream<Path> files = Files.list(classpath)) {
                actual = files.map(path -> path.getFileName().toString()).sorted().collect(Collectors.toList());
            }
            assertEquals(gem + ": " + classpath + " against " + gem.installedPom(),
                    new ArrayList<>(expected.keySet()), actual);
            for (final Map.Entry<String, Path> jar : expected.entrySet()) {
                assertArrayEquals(classpath.resolve(jar.getKey()) + " differs from " + jar.getValue(),
                        Files.readAllBytes(jar.getValue()), Files.readAllBytes(classpath.resolve(jar.getKey())));
            }
        }
    }

    private static Path installed(final PluginGem gem) {
        return installDirectory.resolve("gems").resolve(gem.fullName());
    }

    /**
     * File name in the gem's classpath/ → the same jar in target/m2: the plugin jar, and every compile/runtime
     * dependency its installed (flattened) pom lists, which is what Embulk loads for the Maven-style plugin.
     */
    private static Map<String, Path> expectedJars(final PluginGem gem) throws Exception {
        final Map<String, Path> jars = new TreeMap<>();
        jars.put(gem.installedJar().getFileName().toString(), gem.installedJar());
        for (final InstalledPom.Dependency dependency : InstalledPom.read(gem.installedPom()).dependencies()) {
            if (dependency.scope == null || "compile".equals(dependency.scope) || "runtime".equals(dependency.scope)) {
                final Path file = dependency.file(ItEnvironment.m2());
                if (jars.put(file.getFileName().toString(), file) != null) {
                    throw new AssertionError(gem.installedPom() + " lists two jars named " + file.getFileName());
                }
            }
        }
        return jars;
    }

    /** The items of the YAML block list under {@code key} (a top-level key). */
    private static List<String> listAfter(final List<String> lines, final String key) {
        final int start = lines.indexOf(key);
        if (start < 0) {
            throw new AssertionError("no " + key + " in " + lines);
        }
        final List<String> items = new ArrayList<>();
        for (int i = start + 1; i < lines.size() && lines.get(i).startsWith("- "); i++) {
            items.add(lines.get(i).substring(2));
        }
        return items;
    }
}
