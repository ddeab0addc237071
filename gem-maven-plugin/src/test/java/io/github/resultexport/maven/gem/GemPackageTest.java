package io.github.resultexport.maven.gem;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class GemPackageTest {
    private static final Instant TIMESTAMP = Instant.parse("2025-12-01T08:30:00Z");

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void sameInputsGiveTheSameBytesWhateverTheFilesTimesModesAndOrder() throws Exception {
        final byte[] pluginJar = randomBytes(1, 70_000);
        final byte[] libraryJar = randomBytes(2, 1_000);

        final Path first = temp.newFolder("first").toPath();
        final Path plugin1 = write(first.resolve("plugin.jar"), pluginJar, "2001-01-01T00:00:00Z", "rw-------");
        final Path library1 = write(first.resolve("lib.jar"), libraryJar, "2002-02-02T00:00:00Z", "rw-------");
        final byte[] gem1 = gem(new EmbulkPluginGem("output", "example", "com.example.ExampleOutputPlugin")
                .addJar("example-1.0.jar", plugin1)
                .addJar("lib-2.0.jar", library1));

        Thread.sleep(1100);  // a second later: nothing of the clock may reach the gem
        final Path second = temp.newFolder("second").toPath();
        final Path library2 = write(second.resolve("lib.jar"), libraryJar, "2024-06-06T12:00:00Z", "rwxr-xr-x");
        final Path plugin2 = write(second.resolve("plugin.jar"), pluginJar, "2024-07-07T12:00:00Z", "rw-rw-rw-");
        final byte[] gem2 = gem(new EmbulkPluginGem("output", "example", "com.example.ExampleOutputPlugin")
                .addJar("lib-2.0.jar", library2)
                .addJar("example-1.0.jar", plugin2));

        assertArrayEquals(gem1, gem2);
    }

    @Test
    public void anyChangedInputChangesTheBytes() throws Exception {
        final Path jar = write(temp.newFile("a.jar").toPath(), randomBytes(3, 5000), "2001-01-01T00:00:00Z", "rw-r--r--");
        final byte[] reference = gem(new EmbulkPluginGem("output", "example", "com.example.A").addJar("a.jar", jar));
        assertFalse(Arrays.equals(reference,
                gem(new EmbulkPluginGem("output", "example", "com.example.B").addJar("a.jar", jar))));
        assertFalse(Arrays.equals(reference,
                gem(new EmbulkPluginGem("output", "example", "com.example.A").addJar("b.jar", jar))));
        final ByteArrayOutputStream later = new ByteArrayOutputStream();
        final EmbulkPluginGem plugin = new EmbulkPluginGem("output", "example", "com.example.A").addJar("a.jar", jar);
        final GemPackage pkg = plugin.toPackage();
        pkg.write(spec(pkg.paths()), TIMESTAMP.plusSeconds(1), later);
        assertFalse(Arrays.equals(reference, later.toByteArray()));
    }

    @Test
    public void layoutIsTheOneRubyGemsReads() throws Exception {
        final byte[] jarBytes = randomBytes(4, 1234);
        final Path jar = write(temp.newFile("p.jar").toPath(), jarBytes, "2001-01-01T00:00:00Z", "rw-------");
        final byte[] gem = gem(new EmbulkPluginGem("output", "salesforce_dmp", "com.example.DmpOutputPlugin")
                .addJar("embulk-output-salesforce_dmp-0.1.0-SNAPSHOT.jar", jar)
                .addJar("zz-1.jar", jar)
                .addJar("aa-1.jar", jar));

        final List<TarEntries.Entry> outer = TarEntries.read(gem);
        assertEquals(Arrays.asList("metadata.gz", "data.tar.gz", "checksums.yaml.gz"),
                outer.stream().map(e -> e.path).collect(Collectors.toList()));
        for (final TarEntries.Entry entry : outer) {
            assertHeader(entry, 0444);
            // gzip: no modification time, no file name (FLG 0), OS unknown
            assertArrayEquals(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, (byte) 0xff},
                    Arrays.copyOf(entry.content, 10));
        }

        final List<TarEntries.Entry> data = TarEntries.read(TarEntries.gunzip(outer.get(1).content));
        assertEquals(Arrays.asList(
                        "classpath/aa-1.jar",
                        "classpath/embulk-output-salesforce_dmp-0.1.0-SNAPSHOT.jar",
                        "classpath/zz-1.jar",
                        "lib/embulk/output/salesforce_dmp.rb"),
                data.stream().map(e -> e.path).collect(Collectors.toList()));
        for (final TarEntries.Entry entry : data) {
            assertHeader(entry, 0644);
        }
        assertArrayEquals(jarBytes, data.get(1).content);
        assertEquals("Embulk::JavaPlugin.register_output(\"salesforce_dmp\", \"com.example.DmpOutputPlugin\","
                        + " File.expand_path(\"../../../../classpath\", __FILE__))\n",
                new String(data.get(3).content, StandardCharsets.UTF_8));

        final String metadata = new String(TarEntries.gunzip(outer.get(0).content), StandardCharsets.UTF_8);
        assertTrue(metadata, metadata.startsWith("--- !ruby/object:Gem::Specification\nname: embulk-output-example\n"));
        assertTrue(metadata, metadata.contains("\nfiles:\n- classpath/aa-1.jar\n"
                + "- classpath/embulk-output-salesforce_dmp-0.1.0-SNAPSHOT.jar\n- classpath/zz-1.jar\n"
                + "- lib/embulk/output/salesforce_dmp.rb\n"));

        final String checksums = new String(TarEntries.gunzip(outer.get(2).content), StandardCharsets.UTF_8);
        assertEquals("---\nSHA256:\n"
                + "  metadata.gz: " + GemPackage.hex("SHA-256", outer.get(0).content) + "\n"
                + "  data.tar.gz: " + GemPackage.hex("SHA-256", outer.get(1).content) + "\n"
                + "SHA512:\n"
                + "  metadata.gz: " + GemPackage.hex("SHA-512", outer.get(0).content) + "\n"
                + "  data.tar.gz: " + GemPackage.hex("SHA-512", outer.get(1).content) + "\n", checksums);
    }

    @Test
    public void longPathsUseTheUstarPrefix() throws Exception {
        final String longName = String.join("", Collections.nCopies(90, "x")) + ".jar";
        final Path jar = write(temp.newFile("l.jar").toPath(), new byte[] {1, 2, 3}, "2001-01-01T00:00:00Z", "rw-r--r--");
        final byte[] gem = gem(new EmbulkPluginGem("output", "example", "com.example.A").addJar(longName, jar));
        final List<TarEntries.Entry> data =
                TarEntries.read(TarEntries.gunzip(TarEntries.read(gem).get(1).content));
        assertEquals("classpath/" + longName, data.get(0).path);
    }

    private static void assertHeader(final TarEntries.Entry entry, final int mode) {
        assertEquals(entry.path, mode, entry.mode);
        assertEquals(entry.path, 0, entry.uid);
        assertEquals(entry.path, 0, entry.gid);
        assertEquals(entry.path, "wheel", entry.uname);
        assertEquals(entry.path, "wheel", entry.gname);
        assertEquals(entry.path, TIMESTAMP.getEpochSecond(), entry.mtime);
        assertEquals(entry.path, '0', entry.typeflag);
        assertEquals(entry.path, "ustar\u000000", entry.magic);
    }

    private static byte[] gem(final EmbulkPluginGem plugin) throws Exception {
        final GemPackage pkg = plugin.toPackage();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        pkg.write(spec(pkg.paths()), TIMESTAMP, out);
        return out.toByteArray();
    }

    private static GemSpecification spec(final List<String> files) {
        return new EmbulkPluginGem.SpecTemplate("embulk-output-example", "0.1.0.snapshot",
                Collections.singletonList("Example Authors"), "Embulk output plugin: example",
                "Embulk output plugin: example", null, Collections.emptyList(), TIMESTAMP).withFiles(files);
    }

    private static Path write(final Path path, final byte[] bytes, final String mtime, final String permissions)
            throws Exception {
        Files.write(path, bytes);
        Files.setLastModifiedTime(path, FileTime.from(Instant.parse(mtime)));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        return path;
    }

    private static byte[] randomBytes(final long seed, final int size) {
        final byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
