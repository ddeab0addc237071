package io.github.resultexport.embulk.output.packaging;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.Test;

/**
 * The runtime jar has the layout of Embulk's own executable: core classes and logging at the root, embulk-deps and
 * its dependencies as nested jars that only Embulk's hidden class loader sees.
 */
public class RuntimeJarIT {
    @Test
    public void manifestStartsEmbulkAndNamesEveryNestedJar() throws Exception {
        try (JarFile jar = new JarFile(ItEnvironment.runtimeJar().toFile())) {
            final Attributes manifest = jar.getManifest().getMainAttributes();
            assertEquals("org.embulk.cli.Main", manifest.getValue("Main-Class"));
            assertNotNull("Embulk-Default-Guess-Plugins", manifest.getValue("Embulk-Default-Guess-Plugins"));

            final String resourceClassPath = manifest.getValue("Embulk-Resource-Class-Path");
            assertNotNull("Embulk-Resource-Class-Path", resourceClassPath);
            final List<String> listed = Arrays.asList(resourceClassPath.trim().split("\\s+"));
            assertTrue("embulk-deps is not listed: " + listed,
                    listed.stream().anyMatch(name -> name.startsWith("/lib/embulk-deps-")));

            final Set<String> nested = jar.stream()
                    .map(entry -> entry.getName())
                    .filter(name -> name.startsWith("lib/") && name.endsWith(".jar"))
                    .map(name -> "/" + name)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals("nested jars vs Embulk-Resource-Class-Path", nested, new TreeSet<>(listed));
        }
    }

    @Test
    public void rootHoldsCoreAndLoggingButNotTheHiddenLibraries() throws Exception {
        try (JarFile jar = new JarFile(ItEnvironment.runtimeJar().toFile())) {
            for (final String visible : List.of(
                    "org/embulk/cli/Main.class",
                    "org/embulk/spi/OutputPlugin.class",
                    "org/slf4j/Logger.class",
                    "org/msgpack/core/MessagePack.class",
                    "ch/qos/logback/classic/Logger.class",
                    "META-INF/services/org.slf4j.spi.SLF4JServiceProvider")) {
                assertNotNull(visible + " is not at the root", jar.getEntry(visible));
            }
            for (final String hidden : List.of("com/fasterxml/", "org/yaml/", "org/apache/", "io/netty/")) {
                assertFalse(hidden + " must stay inside /lib",
                        jar.stream().anyMatch(entry -> entry.getName().startsWith(hidden)));
            }
            assertFalse("a merged jar must not carry one of its parts' INDEX.LIST",
                    jar.stream().anyMatch(entry -> entry.getName().equals("META-INF/INDEX.LIST")));
        }
    }
}
