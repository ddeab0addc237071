package io.github.resultexport.embulk.output.packaging;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarFile;

/** One of our plugins as a gem: where the build writes it, where it is installed, what it must hold. */
final class PluginGem {
    static final List<PluginGem> ALL = List.of(
            new PluginGem("embulk-output-postgresql", "embulk-output-postgresql", "postgresql"),
            new PluginGem("embulk-output-td", "embulk-output-td", "td"),
            new PluginGem("embulk-output-sfdc", "embulk-output-sfdc", "sfdc"),
            new PluginGem("embulk-output-salesforce-dmp", "embulk-output-salesforce_dmp", "salesforce_dmp"));

    final String module;
    final String artifactId;
    final String type;

    private PluginGem(final String module, final String artifactId, final String type) {
        this.module = module;
        this.artifactId = artifactId;
        this.type = type;
    }

    static PluginGem ofType(final String type) {
        return ALL.stream().filter(gem -> gem.type.equals(type)).findFirst().orElseThrow();
    }

    /** The gem version of the Maven version: {@code 0.1.0-SNAPSHOT} is {@code 0.1.0.snapshot}. */
    static String gemVersion() {
        return ItEnvironment.projectVersion().replace('-', '.').toLowerCase(Locale.ROOT);
    }

    /** {@code embulk-output-<type>-<gem version>-java}, the name RubyGems gives the installed gem. */
    String fullName() {
        return artifactId + "-" + gemVersion() + "-java";
    }

    /** The gem the module's build wrote: {@code <module>/target/embulk-output-<type>-<gem version>-java.gem}. */
    Path built() {
        return ItEnvironment.repositoryRoot().resolve(module).resolve("target").resolve(fullName() + ".gem");
    }

    /** The gem as installed into target/m2 (type gem, classifier java). */
    Path installed() {
        return InstalledPom.path(ItEnvironment.m2(), InstalledPom.OUR_GROUP, artifactId, ItEnvironment.projectVersion())
                .resolve(artifactId + "-" + ItEnvironment.projectVersion() + "-java.gem");
    }

    Path installedPom() {
        return InstalledPom.path(ItEnvironment.m2(), artifactId, ItEnvironment.projectVersion());
    }

    Path installedJar() {
        return InstalledPom.path(ItEnvironment.m2(), InstalledPom.OUR_GROUP, artifactId, ItEnvironment.projectVersion())
                .resolve(artifactId + "-" + ItEnvironment.projectVersion() + ".jar");
    }

    /** A main attribute of the installed plugin jar's manifest ({@code Embulk-Plugin-Main-Class}, …). */
    String manifest(final String attribute) throws IOException {
        try (JarFile jar = new JarFile(installedJar().toFile())) {
            return jar.getManifest().getMainAttributes().getValue(attribute);
        }
    }

    /** What {@code lib/embulk/output/<type>.rb} must say. */
    String registration() throws IOException {
        return "Embulk::JavaPlugin.register_output(\"" + type + "\", \"" + manifest("Embulk-Plugin-Main-Class")
                + "\", File.expand_path(\"../../../../classpath\", __FILE__))\n";
    }

    @Override
    public String toString() {
        return artifactId;
    }
}
