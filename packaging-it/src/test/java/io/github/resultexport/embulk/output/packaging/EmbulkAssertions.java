package io.github.resultexport.embulk.output.packaging;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.regex.Pattern;

/** Checks on the output of an Embulk run. */
final class EmbulkAssertions {
    private EmbulkAssertions() {}

    /** What a plugin with a dependency missing from its pom produces when Embulk loads it. */
    private static final List<String> CLASS_LOADING_ERRORS =
            List.of("ClassNotFoundException", "NoClassDefFoundError", "ServiceConfigurationError");

    static void assertSucceeded(final Embulk.Result result) {
        assertEquals("Embulk run failed: " + result.describe(), 0, result.exitCode);
    }

    /** Embulk loaded {@code embulk-output-<type>} from the Maven repository, in our group and version. */
    static void assertLoadedMavenStyle(final Embulk.Result result, final String type) {
        final String line = String.format("Loaded plugin embulk-output-%s (maven:io.github.resultexport:%s:%s)",
                type, type, ItEnvironment.projectVersion());
        assertTrue("No '" + line + "' in the output: " + result.describe(), result.output.contains(line));
    }

    static void assertNoClassLoadingError(final Embulk.Result result) {
        for (final String error : CLASS_LOADING_ERRORS) {
            if (result.output.contains(error)) {
                fail(error + " while running Embulk: " + result.describe());
            }
        }
    }

    /** The run failed with a ConfigException whose line names {@code option}. */
    static void assertRejectedNaming(final Embulk.Result result, final String option) {
        assertNotEquals("Embulk accepted an incomplete config: " + result.describe(), 0, result.exitCode);
        final Pattern word = Pattern.compile("\\b" + Pattern.quote(option) + "\\b");
        final boolean named = result.output.lines()
                .anyMatch(line -> line.contains("ConfigException") && word.matcher(line).find());
        assertTrue("No ConfigException naming '" + option + "': " + result.describe(), named);
    }
}
