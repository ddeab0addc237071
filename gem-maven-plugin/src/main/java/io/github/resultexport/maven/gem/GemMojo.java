package io.github.resultexport.maven.gem;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import javax.inject.Inject;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.model.Developer;
import org.apache.maven.model.License;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Packages the module's Embulk plugin jar also as a java-platform gem,
 * {@code target/embulk-<category>-<type>-<gem version>-java.gem}, and attaches it to the module's artifacts (type
 * {@code gem}, classifier {@code java}).
 *
 * <p>Category, type and main class come from the plugin jar's manifest ({@code Embulk-Plugin-Category},
 * {@code Embulk-Plugin-Type}, {@code Embulk-Plugin-Main-Class}), the same ones Embulk reads for a Maven-style
 * plugin. The gem's {@code classpath/} holds the plugin jar and the module's runtime dependencies (compile and
 * runtime scope, resolved as Maven resolves them, the set a flattened pom lists) except what Embulk itself provides
 * to every plugin ({@link #providedByEmbulk}, with whatever is reached only through them).
 */
@Mojo(name = "gem", defaultPhase = LifecyclePhase.PACKAGE, requiresDependencyResolution = ResolutionScope.RUNTIME,
        threadSafe = true)
public class GemMojo extends AbstractMojo {
    /** Used when the build sets no {@code project.build.outputTimestamp}: the earliest time a zip entry can hold. */
    static final Instant DEFAULT_TIMESTAMP = Instant.parse("1980-01-01T00:00:00Z");

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    private final MavenProjectHelper projectHelper;

    /** Where the gem is written. */
    @Parameter(defaultValue = "${project.build.directory}", required = true)
    private File outputDirectory;

    /**
     * Modification time of every entry, and the gem's date (its day): ISO-8601 or seconds since the epoch, as for
     * reproducible jars. Without it, {@code 1980-01-01T00:00:00Z}.
     */
    @Parameter(defaultValue = "${project.build.outputTimestamp}")
    private String outputTimestamp;

    /** The gem's name; Embulk's convention, and the default, is the artifactId {@code embulk-<category>-<type>}. */
    @Parameter(defaultValue = "${project.artifactId}", required = true)
    private String gemName;

    /** The gem's version; by default the project version with {@code -}/{@code _} as dots, lower case. */
    @Parameter
    private String gemVersion;

    /** The gem's authors; by default the pom's developers, else its organization. */
    @Parameter
    private List<String> authors;

    @Parameter(defaultValue = "${project.description}")
    private String summary;

    @Parameter(defaultValue = "${project.url}")
    private String homepage;

    /**
     * {@code groupId:artifactId} of the jars Embulk puts on the parent class loader of every plugin: they, and what
     * is reached only through them, stay out of the gem.
     */
    @Parameter
    private List<String> providedByEmbulk = new ArrayList<>(Arrays.asList(
            "org.embulk:embulk-spi", "org.slf4j:slf4j-api", "org.msgpack:msgpack-core"));

    @Parameter(property = "embulk.gem.skip", defaultValue = "false")
    private boolean skip;

    @Inject
    public GemMojo(final MavenProjectHelper projectHelper) {
        this.projectHelper = projectHelper;
    }

    @Override
    public void execute() throws MojoExecutionException {
        if (skip) {
            getLog().info("Skipping the gem (embulk.gem.skip)");
            return;
        }
        final File pluginJar = project.getArtifact().getFile();
        if (pluginJar == null || !pluginJar.isFile()) {
            throw new MojoExecutionException("The plugin jar of " + project.getArtifactId() + " is not built yet: run"
                    + " the gem goal in the package phase (or later), after the jar.");
        }
        final Attributes manifest = manifestOf(pluginJar);
        final String category = required(manifest, "Embulk-Plugin-Category", pluginJar);
        final String type = required(manifest, "Embulk-Plugin-Type", pluginJar);
        final String mainClass = required(manifest, "Embulk-Plugin-Main-Class", pluginJar);

        final EmbulkPluginGem plugin;
        try {
            plugin = new EmbulkPluginGem(category, type, mainClass);
        } catch (final IllegalArgumentException e) {
            throw new MojoExecutionException(pluginJar + ": " + e.getMessage(), e);
        }
        if (!plugin.conventionalName().equals(gemName)) {
            getLog().warn("The gem name " + gemName + " differs from Embulk's convention " + plugin.conventionalName());
        }

        final List<Artifact> runtime = runtimeJars();
        final Map<String, Integer> fileNameCounts = new HashMap<>();
        for (final Artifact artifact : runtime) {
            fileNameCounts.merge(jarName(artifact, false), 1, Integer::sum);
        }
        plugin.addJar(project.getArtifactId() + "-" + project.getVersion() + ".jar", pluginJar.toPath());
        for (final Artifact artifact : runtime) {
            final boolean clash = fileNameCounts.get(jarName(artifact, false)) > 1;
            plugin.addJar(jarName(artifact, clash), artifact.getFile().toPath());
        }

        final Instant timestamp = timestamp();
        final String version;
        try {
            version = gemVersion != null && !gemVersion.trim().isEmpty()
                    ? gemVersion.trim() : GemSpecification.gemVersionOf(project.getVersion());
        } catch (final IllegalArgumentException e) {
            throw new MojoExecutionException(e.getMessage() + " (<gemVersion>)", e);
        }
        final EmbulkPluginGem.SpecTemplate spec = new EmbulkPluginGem.SpecTemplate(
                gemName, version, authors(), summary(), summary(), homepage, licenses(), timestamp);

        final GemPackage gem = plugin.toPackage();
        final GemSpecification specification;
        try {
            specification = spec.withFiles(gem.paths());
        } catch (final IllegalArgumentException e) {
            throw new MojoExecutionException("Cannot describe the gem: " + e.getMessage(), e);
        }
        final Path target = outputDirectory.toPath().resolve(specification.fileName());
        try {
            Files.createDirectories(target.getParent());
            final Path partial = target.resolveSibling(target.getFileName() + ".part");
            try (OutputStream out = Files.newOutputStream(partial)) {
                gem.write(specification, timestamp, out);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (final IOException e) {
            throw new MojoExecutionException("Cannot write " + target + ": " + e, e);
        }
        getLog().info("Gem " + target.getFileName() + ": " + plugin.registrationPath() + " registers " + type
                + " (" + mainClass + "), " + (runtime.size() + 1) + " jars in " + EmbulkPluginGem.CLASSPATH + "/");
        projectHelper.attachArtifact(project, "gem", "java", target.toFile());
    }

    /** The resolved compile/runtime jars, without what Embulk provides and what is reached only through it. */
    private List<Artifact> runtimeJars() throws MojoExecutionException {
        final List<Artifact> result = new ArrayList<>();
        for (final Artifact artifact : project.getArtifacts()) {
            final String scope = artifact.getScope();
            if (!(Artifact.SCOPE_COMPILE.equals(scope) || Artifact.SCOPE_RUNTIME.equals(scope))) {
                continue;
            }
            if (!"jar".equals(artifact.getArtifactHandler().getExtension())) {
                continue;
            }
            if (providedByEmbulk(artifact)) {
                getLog().debug("Left out (provided by Embulk): " + artifact);
                continue;
            }
            if (artifact.getFile() == null || !artifact.getFile().isFile()) {
                throw new MojoExecutionException("No jar for " + artifact + " (" + artifact.getFile() + "): build"
                        + " the modules it comes from first (package phase or later)");
            }
            result.add(artifact);
        }
        result.sort((a, b) -> a.getId().compareTo(b.getId()));
        return result;
    }

    private boolean providedByEmbulk(final Artifact artifact) {
        if (providedByEmbulk.contains(artifact.getGroupId() + ":" + artifact.getArtifactId())) {
            return true;
        }
        final List<String> trail = artifact.getDependencyTrail();
        if (trail != null) {
            for (final String element : trail) {
                final String[] parts = element.split(":");
                if (parts.length >= 2 && providedByEmbulk.contains(parts[0] + ":" + parts[1])) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code artifactId-version[-classifier].jar}, as in a Maven repository; with the groupId first on a clash. */
    static String jarName(final Artifact artifact, final boolean withGroup) {
        final String classifier = artifact.getClassifier();
        return (withGroup ? artifact.getGroupId() + "-" : "") + artifact.getArtifactId() + "-" + artifact.getBaseVersion()
                + (classifier == null || classifier.isEmpty() ? "" : "-" + classifier) + ".jar";
    }

    private Instant timestamp() throws MojoExecutionException {
        return parseTimestamp(outputTimestamp);
    }

    /** As maven-archiver reads {@code project.build.outputTimestamp}; a value of one character means unset. */
    static Instant parseTimestamp(final String value) throws MojoExecutionException {
        if (value == null || value.trim().length() < 2) {
            return DEFAULT_TIMESTAMP;
        }
        final String text = value.trim();
        if (text.chars().allMatch(Character::isDigit)) {
            return Instant.ofEpochSecond(Long.parseLong(text));
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (final DateTimeParseException e) {
            throw new MojoExecutionException("project.build.outputTimestamp is neither ISO-8601 with an offset nor"
                    + " seconds since the epoch: " + value, e);
        }
    }

    private List<String> authors() throws MojoExecutionException {
        if (authors != null && !authors.isEmpty()) {
            return authors;
        }
        final List<String> names = new ArrayList<>();
        for (final Developer developer : project.getDevelopers()) {
            final String name = developer.getName() != null ? developer.getName() : developer.getId();
            if (name != null && !name.trim().isEmpty()) {
                names.add(name.trim());
            }
        }
        if (names.isEmpty() && project.getOrganization() != null && project.getOrganization().getName() != null) {
            names.add(project.getOrganization().getName().trim());
        }
        if (names.isEmpty()) {
            throw new MojoExecutionException("A gem needs an author: configure <authors> or give the pom"
                    + " <developers> or an <organization>");
        }
        return names;
    }

    private String summary() {
        return summary != null && !summary.trim().isEmpty() ? summary : project.getName();
    }

    private List<String> licenses() {
        final List<String> names = new ArrayList<>();
        for (final License license : project.getLicenses()) {
            if (license.getName() != null && !license.getName().trim().isEmpty()) {
                names.add(license.getName().trim());
            }
        }
        return names;
    }

    private static Attributes manifestOf(final File jar) throws MojoExecutionException {
        try (JarFile file = new JarFile(jar)) {
            final Manifest manifest = file.getManifest();
            if (manifest == null) {
                throw new MojoExecutionException(jar + " has no manifest");
            }
            return manifest.getMainAttributes();
        } catch (final IOException e) {
            throw new MojoExecutionException("Cannot read " + jar + ": " + e, e);
        }
    }

    private static String required(final Attributes manifest, final String name, final File jar)
            throws MojoExecutionException {
        final String value = manifest.getValue(name);
        if (value == null || value.trim().isEmpty()) {
            throw new MojoExecutionException(jar + ": the manifest has no " + name + " (Embulk needs"
                    + " Embulk-Plugin-Category, Embulk-Plugin-Type and Embulk-Plugin-Main-Class)");
        }
        return value.trim();
    }
}
