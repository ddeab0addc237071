package io.github.resultexport.embulk.output.packaging;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.Test;

/**
 * What the build installed into target/m2: every plugin examples/embulk.properties names, and for our plugins the
 * flattened pom Embulk needs (Embulk builds a plugin's class loader from the jars its pom lists directly).
 */
public class InstalledPluginsIT {
    private static final List<String> OUR_PLUGINS = List.of(
            "embulk-output-postgresql", "embulk-output-td", "embulk-output-sfdc", "embulk-output-salesforce_dmp");

    private final Path m2 = ItEnvironment.m2();
    private final String version = ItEnvironment.projectVersion();

    @Test
    public void everyPluginInTheTemplateIsInstalled() throws Exception {
        final List<String> missing = new ArrayList<>();
        int plugins = 0;
        for (final String line : Files.readAllLines(ItEnvironment.propertiesTemplate(), StandardCharsets.UTF_8)) {
            if (!line.startsWith("plugins.") || !line.contains("=maven:")) {
                continue;
            }
            plugins++;
            final String category = line.substring("plugins.".length(), line.indexOf('.', "plugins.".length()));
            final String[] coordinates = line.substring(line.indexOf("=maven:") + "=maven:".length()).split(":");
            assertEquals("group:type:version expected in: " + line, 3, coordinates.length);
            final String artifactId = "embulk-" + category + "-" + coordinates[1];
            final Path jar = InstalledPom.path(m2, coordinates[0], artifactId, coordinates[2])
                    .resolve(artifactId + "-" + coordinates[2] + ".jar");
            if (!Files.isRegularFile(jar)) {
                missing.add(line + " -> " + jar);
            }
        }
        assertTrue("examples/embulk.properties lists no Maven-style plugin", plugins > 0);
        assertTrue("Not installed into " + m2 + ": " + missing, missing.isEmpty());
    }

    @Test
    public void templateEnablesOurPluginsAtThisVersion() throws Exception {
        final String template = Files.readString(ItEnvironment.propertiesTemplate(), StandardCharsets.UTF_8);
        for (final String artifactId : OUR_PLUGINS) {
            final String type = artifactId.substring("embulk-output-".length());
            final String line = "plugins.output." + type + "=maven:" + InstalledPom.OUR_GROUP + ":" + type + ":" + version;
            assertTrue("examples/embulk.properties lacks: " + line, template.lines().anyMatch(line::equals));
        }
    }

    @Test
    public void ourPluginPomsAreFlattened() throws Exception {
        final Set<String> commonRuntime = commonRuntimeDependencies();
        for (final String artifactId : OUR_PLUGINS) {
            final Path pomPath = InstalledPom.path(m2, artifactId, version);
            final InstalledPom pom = InstalledPom.read(pomPath);
            assertFalse(pomPath + " still has a <parent>: it is not the flattened pom", pom.hasParent());

            final List<InstalledPom.Dependency> runtime = pom.dependencies().stream()
                    .filter(d -> d.scope == null || "compile".equals(d.scope) || "runtime".equals(d.scope))
                    .collect(Collectors.toList());
            for (final InstalledPom.Dependency dependency : runtime) {
                assertTrue(pomPath + ": unresolved coordinates in " + dependency,
                        dependency.version != null && !dependency.toString().contains("${"));
                assertTrue(pomPath + " lists " + dependency + ", which is not installed",
                        Files.isRegularFile(dependency.file(m2)));
            }

            final Set<String> listed = runtime.stream().map(InstalledPom.Dependency::key).collect(Collectors.toSet());
            assertTrue(pomPath + " does not list embulk-output-common", listed.contains(
                    InstalledPom.OUR_GROUP + ":embulk-output-common"));
            final Set<String> notListed = new TreeSet<>(commonRuntime);
            notListed.removeAll(listed);
            assertTrue(pomPath + " lacks the runtime dependencies of embulk-output-common: " + notListed,
                    notListed.isEmpty());
        }
    }

    /** embulk-output-common's own compile/runtime dependencies, with the scopes its parent manages. */
    private Set<String> commonRuntimeDependencies() throws Exception {
        final InstalledPom common = InstalledPom.read(InstalledPom.path(m2, "embulk-output-common", version));
        final InstalledPom parent = InstalledPom.read(InstalledPom.path(m2, "result-export-parent", version));
        final Map<String, String> managedScopes = new HashMap<>();
        for (final InstalledPom.Dependency managed : parent.managedDependencies()) {
            managedScopes.put(managed.key(), managed.scope);
        }
        final Set<String> result = new TreeSet<>();
        for (final InstalledPom.Dependency dependency : common.dependencies()) {
            final String scope = dependency.scope != null ? dependency.scope : managedScopes.get(dependency.key());
            if (!dependency.optional && (scope == null || "compile".equals(scope) || "runtime".equals(scope))) {
                result.add(dependency.key());
            }
        }
        assertFalse("embulk-output-common has no runtime dependencies to check against", result.isEmpty());
        return result;
    }
}
