package io.github.resultexport.maven.gem;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@code .gem} file as RubyGems reads it: an uncompressed tar of {@code metadata.gz} (the specification as YAML),
 * {@code data.tar.gz} (the gem's files) and {@code checksums.yaml.gz} (SHA256 and SHA512 of the other two).
 *
 * <p>The output depends only on the specification, the files' paths and contents and the timestamp: entries are
 * sorted by path, every entry has mode 0644 (0444 for the three outer ones, as {@code gem build} writes them), owner
 * {@code wheel}, the given timestamp, and gzip carries no time or name.
 */
final class GemPackage {
    private final Map<String, Content> files = new TreeMap<>();

    /** Adds a file of the gem with the given bytes. */
    GemPackage add(final String path, final byte[] content) {
        put(path, new Content(content, null));
        return this;
    }

    /** Adds a file of the gem read from {@code source} when the gem is written. */
    GemPackage add(final String path, final Path source) {
        put(path, new Content(null, source));
        return this;
    }

    private void put(final String path, final Content content) {
        TarWriter.splitName(path);
        if (files.put(path, content) != null) {
            throw new IllegalArgumentException("two files at " + path + " in the gem");
        }
    }

    /** The gem's file paths, sorted. */
    List<String> paths() {
        return Collections.unmodifiableList(new ArrayList<>(files.keySet()));
    }

    /** Writes the gem of {@code spec} (whose file list must be {@link #paths()}) to {@code out}. */
    void write(final GemSpecification spec, final Instant timestamp, final OutputStream out) throws IOException {
        if (!spec.files.equals(paths())) {
            throw new IllegalArgumentException("the specification lists " + spec.files + " but the gem holds " + paths());
        }
        final long mtime = timestamp.getEpochSecond();
        final byte[] metadata = Gzip.compress(spec.toYaml().getBytes(StandardCharsets.UTF_8));
        final byte[] data = Gzip.compress(dataTar(mtime));
        final byte[] checksums = Gzip.compress(checksumsYaml(metadata, data).getBytes(StandardCharsets.UTF_8));

        final TarWriter gem = new TarWriter(out, mtime);
        gem.add("metadata.gz", 0444, metadata);
        gem.add("data.tar.gz", 0444, data);
        gem.add("checksums.yaml.gz", 0444, checksums);
        gem.close();
    }

    private byte[] dataTar(final long mtime) throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarWriter tar = new TarWriter(bytes, mtime)) {
            for (final Map.Entry<String, Content> file : files.entrySet()) {
                final Content content = file.getValue();
                if (content.bytes != null) {
                    tar.add(file.getKey(), 0644, content.bytes);
                } else {
                    try (InputStream in = Files.newInputStream(content.source)) {
                        tar.add(file.getKey(), 0644, Files.size(content.source), in);
                    }
                }
            }
        }
        return bytes.toByteArray();
    }

    static String checksumsYaml(final byte[] metadata, final byte[] data) {
        return "---\n"
                + "SHA256:\n"
                + "  metadata.gz: " + hex("SHA-256", metadata) + "\n"
                + "  data.tar.gz: " + hex("SHA-256", data) + "\n"
                + "SHA512:\n"
                + "  metadata.gz: " + hex("SHA-512", metadata) + "\n"
                + "  data.tar.gz: " + hex("SHA-512", data) + "\n";
    }

    static String hex(final String algorithm, final byte[] bytes) {
        final MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(algorithm);
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JVM", e);
        }
        final StringBuilder hex = new StringBuilder();
        for (final byte b : digest.digest(bytes)) {
            hex.append(String.format("%02x", b & 0xff));
        }
        return hex.toString();
    }

    private static final class Content {
        final byte[] bytes;
        final Path source;

        Content(final byte[] bytes, final Path source) {
            this.bytes = bytes;
            this.source = source;
        }
    }
}
