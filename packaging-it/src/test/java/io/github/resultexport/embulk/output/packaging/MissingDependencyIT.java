package io.github.resultexport.embulk.output.packaging;

import static io.github.resultexport.embulk.output.packaging.EmbulkAssertions.assertNoClassLoadingError;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.Test;
import org.w3c.dom.Element;

/**
 * The checks of {@link PluginLoadingIT} catch a plugin whose installed pom misses a runtime dependency: Embulk
 * puts only the jars the pom lists into the plugin's class loader, and the runtime jar hides its own copies of
 * common libraries from plugins.
 */
public class MissingDependencyIT {
    private static final String GROUP = "org.embulk";
    private static final String ARTIFACT = "embulk-util-config";

    @Test
    public void postgresqlWithoutEmbulkUtilConfigInItsPomFailsToLoad() throws Exception {
        final Path dir = ItEnvironment.workDirectory("missing-dependency");
        final Path m2 = dir.resolve("m2");
        Tree.link(ItEnvironment.m2(), m2);
        final Path pom = InstalledPom.path(m2, "embulk-output-postgresql", ItEnvironment.projectVersion());
        removeDependency(pom);

        final String table = "packaging_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        final Path config = Configs.write(dir, Configs.SCORES_CSV, Configs.SCORES_COLUMNS,
                PluginLoadingIT.postgresqlOut(PostgresServer.fromEnvironment(), table));

        final Embulk.Result result = Embulk.withRepository(m2).run(dir, config);

        assertNotEquals("Embulk ran a plugin whose pom lacks " + ARTIFACT + ": " + result.describe(),
                0, result.exitCode);
        assertThrows(AssertionError.class, () -> assertNoClassLoadingError(result));
        assertTrue("The class-loading error does not name " + ARTIFACT + "'s classes: " + result.describe(),
                result.output.contains("org/embulk/util/config") || result.output.contains("org.embulk.util.config"));
    }

    /** Rewrites {@code pom} without the dependency (a new file: the hard link to target/m2 stays intact). */
    private static void removeDependency(final Path pom) throws Exception {
        final InstalledPom parsed = InstalledPom.read(pom);
        final Element dependency = parsed.dependencyElement(GROUP, ARTIFACT);
        assertTrue(pom + " does not list " + GROUP + ":" + ARTIFACT + ": nothing to remove", dependency != null);
        dependency.getParentNode().removeChild(dependency);
        Files.delete(pom);
        parsed.write(pom);
    }
}
