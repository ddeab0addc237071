package io.github.resultexport.maven.gem;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The part of a {@code Gem::Specification} a packaged Java plugin needs, written as the YAML that RubyGems keeps in a
 * gem's {@code metadata.gz} (the shape {@code gem build} of RubyGems 3.6 writes, fields in its order; fields that are
 * nil are left out as RubyGems does).
 */
final class GemSpecification {
    /** The RubyGems release whose metadata layout this follows. */
    static final String RUBYGEMS_VERSION = "3.6.3";

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9._-]*[a-zA-Z][a-zA-Z0-9._-]*");
    private static final Pattern VERSION =
            Pattern.compile("[0-9]+(\\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?");
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./+-]*");
    private static final Pattern YAML_WORD = Pattern.compile(
            "(?i)y|n|yes|no|on|off|true|false|null|nil");
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd 00:00:00.000000000 'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    final String name;
    final String version;
    final String platform;
    final List<String> authors;
    final String summary;
    final String description;
    final String homepage;
    final List<String> licenses;
    final Instant date;
    final List<String> files;

    GemSpecification(final String name, final String version, final String platform, final List<String> authors,
            final String summary, final String description, final String homepage, final List<String> licenses,
            final Instant date, final List<String> files) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a valid gem name: " + name);
        }
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("not a valid gem version: " + version);
        }
        if (authors.isEmpty()) {
            throw new IllegalArgumentException("a gem needs at least one author");
        }
        this.name = name;
        this.version = version;
        this.platform = Objects.requireNonNull(platform);
        this.authors = Collections.unmodifiableList(new ArrayList<>(authors));
        this.summary = oneLine(Objects.requireNonNull(summary, "summary"));
        this.description = description == null ? null : oneLine(description);
        this.homepage = homepage == null || homepage.trim().isEmpty() ? null : homepage.trim();
        this.licenses = Collections.unmodifiableList(new ArrayList<>(licenses));
        this.date = date.truncatedTo(ChronoUnit.DAYS);
        final List<String> sorted = new ArrayList<>(files);
        Collections.sort(sorted);
        this.files = Collections.unmodifiableList(sorted);
    }

    /**
     * A Maven version as a gem version: {@code 0.1.0-SNAPSHOT} becomes {@code 0.1.0.snapshot} (dashes and underscores
     * become dots, letters lower case). RubyGems treats a version with a letter as a prerelease.
     */
    static String gemVersionOf(final String mavenVersion) {
        final String gemVersion = mavenVersion.trim().replace('-', '.').replace('_', '.').toLowerCase(Locale.ROOT);
        if (!VERSION.matcher(gemVersion).matches()) {
            throw new IllegalArgumentException("Maven version " + mavenVersion + " gives no valid gem version ("
                    + gemVersion + "); set the gem version explicitly");
        }
        return gemVersion;
    }

    /** The file name RubyGems gives this gem: {@code <name>-<version>[-<platform>].gem}. */
    String fileName() {
        return name + "-" + version + ("ruby".equals(platform) ? "" : "-" + platform) + ".gem";
    }

    String toYaml() {
        final StringBuilder yaml = new StringBuilder(1024);
        yaml.append("--- !ruby/object:Gem::Specification\n");
        yaml.append("name: ").append(scalar(name)).append('\n');
        yaml.append("version: !ruby/object:Gem::Version\n");
        yaml.append("  version: ").append(scalar(version)).append('\n');
        yaml.append("platform: ").append(scalar(platform)).append('\n');
        list(yaml, "authors", authors);
        yaml.append("bindir: bin\n");
        yaml.append("cert_chain: []\n");
        yaml.append("date: ").append(DATE.format(date)).append('\n');
        yaml.append("dependencies: []\n");
        if (description != null) {
            yaml.append("description: ").append(scalar(description)).append('\n');
        }
        yaml.append("executables: []\n");
        yaml.append("extensions: []\n");
        yaml.append("extra_rdoc_files: []\n");
        list(yaml, "files", files);
        if (homepage != null) {
            yaml.append("homepage: ").append(scalar(homepage)).append('\n');
        }
        list(yaml, "licenses", licenses);
        yaml.append("metadata: {}\n");
        yaml.append("rdoc_options: []\n");
        yaml.append("require_paths:\n- lib\n");
        requirement(yaml, "required_ruby_version");
        requirement(yaml, "required_rubygems_version");
        yaml.append("requirements: []\n");
        yaml.append("rubygems_version: ").append(RUBYGEMS_VERSION).append('\n');
        yaml.append("specification_version: 4\n");
        yaml.append("summary: ").append(scalar(summary)).append('\n');
        yaml.append("test_files: []\n");
        return yaml.toString();
    }

    private static void list(final StringBuilder yaml, final String key, final List<String> values) {
        if (values.isEmpty()) {
            yaml.append(key).append(": []\n");
            return;
        }
        yaml.append(key).append(":\n");
        for (final String value : values) {
            yaml.append("- ").append(scalar(value)).append('\n');
        }
    }

    private static void requirement(final StringBuilder yaml, final String key) {
        yaml.append(key).append(": !ruby/object:Gem::Requirement\n")
                .append("  requirements:\n")
                .append("  - - \">=\"\n")
                .append("    - !ruby/object:Gem::Version\n")
                .append("      version: '0'\n");
    }

    /**
     * A YAML scalar that reads back as this very string: plain where it cannot be taken for anything else,
     * single-quoted otherwise, double-quoted with escapes when it holds control characters.
     */
    static String scalar(final String value) {
        if (PLAIN.matcher(value).matches() && !YAML_WORD.matcher(value).matches()) {
            return value;
        }
        if (isVersionLike(value)) {
            return value;
        }
        boolean control = false;
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029' || c == '\ufeff') {
                control = true;
                break;
            }
        }
        if (!control) {
            return "'" + value.replace("'", "''") + "'";
        }
        final StringBuilder quoted = new StringBuilder(value.length() + 8).append('"');
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c == '\n') {
                quoted.append("\\n");
            } else if (c == '\t') {
                quoted.append("\\t");
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029'
                    || c == '\ufeff') {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    /** {@code 0.1.0} or {@code 0.1.0.snapshot}: at least two dots or a letter, so YAML cannot read a number. */
    private static boolean isVersionLike(final String value) {
        if (!VERSION.matcher(value).matches() || value.contains("-")) {
            return false;
        }
        final long dots = value.chars().filter(c -> c == '.').count();
        final boolean letter = value.chars().anyMatch(Character::isLetter);
        return dots >= 2 || (letter && dots >= 1);
    }

    private static String oneLine(final String text) {
        return text.trim().replaceAll("\\s+", " ");
    }
}
