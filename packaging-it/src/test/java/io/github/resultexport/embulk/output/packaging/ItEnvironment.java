package io.github.resultexport.embulk.output.packaging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Paths and versions the build hands to the integration tests as system properties (see pom.xml). */
final class ItEnvironment {
    private ItEnvironment() {}

    /** The Embulk runtime jar built by the examples module. */
    static Path runtimeJar() {
        return existing("it.runtimeJar");
    }

    /** The Maven repository this build installed the plugins into. */
    static Path m2() {
        return existing("it.m2");
    }

    /** examples/embulk.properties, the template users copy. */
    static Path propertiesTemplate() {
        return existing("it.propertiesTemplate");
    }

    /** The examples directory of the repository (quickstart.yml, data/, embedded-postgresql/). */
    static Path examplesDirectory() {
        return propertiesTemplate().getParent();
    }

    static String projectVersion() {
        return property("it.projectVersion");
    }

    /** The repository's root directory (where the plugin modules are). */
    static Path repositoryRoot() {
        return examplesDirectory().getParent();
    }

    /** org.jruby:jruby-complete from Maven Central, the jar users name in Embulk's {@code jruby=} property. */
    static Path jrubyComplete() {
        return existing("it.jrubyComplete");
    }

    /** The Embulk version of the runtime jar (the embulk gem must be the same). */
    static String embulkVersion() {
        return property("it.embulkVersion");
    }

    /** A fresh directory under target/it-work for one test case. */
    static Path workDirectory(final String name) throws java.io.IOException {
        final Path dir = Paths.get(property("it.workDirectory")).resolve(name);
        if (Files.exists(dir)) {
            Tree.delete(dir);
        }
        return Files.createDirectories(dir);
    }

    private static Path existing(final String key) {
        final Path path = Paths.get(property(key));
        if (!Files.exists(path)) {
            throw new IllegalStateException(key + " points to a missing path: " + path);
        }
        return path;
    }

    private static String property(final String key) {
        final String value = System.getProperty(key);
        if (value == null || value.isEmpty() || value.startsWith("${")) {
            throw new IllegalStateException("System property " + key + " is not set: run these tests with `mvn verify`.");
        }
        return value;
    }
}
