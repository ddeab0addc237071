package io.github.resultexport.maven.gem;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The gem of an Embulk Java plugin, laid out as Embulk's JRuby plugin loader expects it:
 * {@code lib/embulk/<category>/<type>.rb} registers the plugin's main class, to be loaded from every jar in the
 * gem's {@code classpath/} directory (the plugin jar and its runtime jars), in a class loader of its own.
 */
final class EmbulkPluginGem {
    static final String CLASSPATH = "classpath";

    private static final List<String> CATEGORIES = Arrays.asList(
            "input", "output", "filter", "parser", "formatter", "decoder", "encoder", "guess", "executor");
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_]+");
    private static final Pattern CLASS_NAME =
            Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*"
                    + "(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)*");

    private final String category;
    private final String type;
    private final String mainClass;
    private final Map<String, Path> jars = new LinkedHashMap<>();

    EmbulkPluginGem(final String category, final String type, final String mainClass) {
        if (!CATEGORIES.contains(category)) {
            throw new IllegalArgumentException("not an Embulk plugin category: " + category + " (one of " + CATEGORIES + ")");
        }
        if (!TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("not an Embulk plugin type name: " + type);
        }
        if (!CLASS_NAME.matcher(mainClass).matches()) {
            throw new IllegalArgumentException("not a Java class name: " + mainClass);
        }
        this.category = category;
        this.type = type;
        this.mainClass = mainClass;
    }

    /** Adds a jar as {@code classpath/<fileName>}. */
    EmbulkPluginGem addJar(final String fileName, final Path jar) {
        if (fileName.contains("/") || !fileName.endsWith(".jar")) {
            throw new IllegalArgumentException("not a jar file name: " + fileName);
        }
        if (jars.put(fileName, jar) != null) {
            throw new IllegalArgumentException("two jars named " + fileName);
        }
        return this;
    }

    /** The gem name Embulk's conventions give this plugin: {@code embulk-<category>-<type>}. */
    String conventionalName() {
        return "embulk-" + category + "-" + type;
    }

    String registrationPath() {
        return "lib/embulk/" + category + "/" + type + ".rb";
    }

    /** The one statement of the registration file, with a line break. */
    String registrationScript() {
        return "Embulk::JavaPlugin.register_" + category + "(\"" + type + "\", \"" + mainClass
                + "\", File.expand_path(\"../../../../" + CLASSPATH + "\", __FILE__))\n";
    }

    GemPackage toPackage() {
        if (jars.isEmpty()) {
            throw new IllegalStateException("a plugin gem needs at least the plugin jar");
        }
        final GemPackage gem = new GemPackage();
        gem.add(registrationPath(), registrationScript().getBytes(StandardCharsets.UTF_8));
        for (final Map.Entry<String, Path> jar : jars.entrySet()) {
            gem.add(CLASSPATH + "/" + jar.getKey(), jar.getValue());
        }
        return gem;
    }

    /** Everything of a specification but its file list. */
    static final class SpecTemplate {
        final String name;
        final String version;
        final List<String> authors;
        final String summary;
        final String description;
        final String homepage;
        final List<String> licenses;
        final Instant date;

        SpecTemplate(final String name, final String version, final List<String> authors, final String summary,
                final String description, final String homepage, final List<String> licenses, final Instant date) {
            this.name = name;
            this.version = version;
            this.authors = authors;
            this.summary = summary;
            this.description = description;
            this.homepage = homepage;
            this.licenses = licenses;
            this.date = date;
        }

        GemSpecification withFiles(final List<String> files) {
            return new GemSpecification(
                    name, version, "java", authors, summary, description, homepage, licenses, date, files);
        }
    }
}
