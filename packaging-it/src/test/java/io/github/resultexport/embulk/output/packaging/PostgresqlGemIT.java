package io.github.resultexport.embulk.output.packaging;

import static io.github.resultexport.embulk.output.packaging.EmbulkAssertions.assertNoClassLoadingError;
import static io.github.resultexport.embulk.output.packaging.EmbulkAssertions.assertSucceeded;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Assume;
import org.junit.Test;

/**
 * The postgresql plugin installed as a gem ({@code embulk gem install --local}) into a JRuby-enabled Embulk home
 * ({@code jruby=file:///…/jruby-complete-<v>.jar}, {@code gem_home}) and run through the runtime jar, with no
 * {@code plugins.output.postgresql} line: Embulk finds the type among the installed gems.
 *
 * <p>Embulk needs the {@code embulk} gem of its own version and the {@code msgpack} gem in the gem home before it
 * loads any gem-packaged plugin. They are published on RubyGems.org only, so this test takes them from a folder
 * named by {@code -Dembulk.gems.dir=…} or the environment variable {@code EMBULK_GEMS_DIR}, and is skipped
 * without one. Everything else comes from this build and Maven Central, and the test runs offline.
 */
public class PostgresqlGemIT {
    static final String PROPERTY = "embulk.gems.dir";
    static final String VARIABLE = "EMBULK_GEMS_DIR";

    private final PostgresServer postgres = PostgresServer.fromEnvironment();
    private final String table = "packaging_gem_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private boolean tableMayExist;

    @After
    public void dropTable() throws Exception {
        if (tableMayExist) {
            try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS public." + table);
            }
        }
    }

    @Test
    public void postgresqlInstalledAsAGemLoadsTheRows() throws Exception {
        final Path gemsDirectory = gemsDirectory();
        final String embulkGemName = "embulk-" + ItEnvironment.embulkVersion() + "-java.gem";
        final Path embulkGem = gemsDirectory.resolve(embulkGemName);
        final List<Path> msgpackGems = matching(gemsDirectory, "msgpack-", "-java.gem");
        assertTrue(PROPERTY + "=" + gemsDirectory + " holds no " + embulkGemName + " (" + contents(gemsDirectory) + ")",
                Files.isRegularFile(embulkGem));
        assertFalse(PROPERTY + "=" + gemsDirectory + " holds no msgpack-<version>-java.gem (" + contents(gemsDirectory)
                + ")", msgpackGems.isEmpty());

        final Path dir = ItEnvironment.workDirectory("postgresql-gem");
        final PluginGem plugin = PluginGem.ofType("postgresql");
        // A folder of .gem files, as users have after downloading them: `embulk gem install --local ./*.gem`.
        final Path downloads = Files.createDirectories(dir.resolve("downloads"));
        final List<String> toInstall = new ArrayList<>();
        for (final Path gem : msgpackGems) {
            toInstall.add("./" + Files.copy(gem, downloads.resolve(gem.getFileName())).getFileName());
        }
        toInstall.add("./" + Files.copy(embulkGem, downloads.resolve(embulkGemName)).getFileName());
        toInstall.add("./" + Files.copy(plugin.installed(), downloads.resolve(plugin.fullName() + ".gem")).getFileName());

        final Embulk embulk = Embulk.withRepository(ItEnvironment.m2())
                .withJRuby(ItEnvironment.jrubyComplete(), dir.resolve("gem-home"), "output.postgresql");
        final List<String> install = new ArrayList<>(List.of("install", "--local", "--no-document"));
        install.addAll(toInstall);
        final Embulk.Result installed = embulk.gem(dir, downloads, install.toArray(new String[0]));
        assertEquals("embulk gem install failed: " + installed.describe(), 0, installed.exitCode);
        assertTrue(installed.describe(), installed.output.contains("Successfully installed " + plugin.fullName()));

        final Path config = Configs.write(dir, Configs.SCORES_CSV, Configs.SCORES_COLUMNS,
                PluginLoadingIT.postgresqlOut(postgres, table));
        tableMayExist = true;
        final Embulk.Result result = embulk.run(dir, config);

        assertNoClassLoadingError(result);
        assertSucceeded(result);
        final String fromGem = "Loaded plugin " + plugin.artifactId + " (" + PluginGem.gemVersion() + ")";
        assertTrue("No '" + fromGem + "': " + result.describe(), result.output.contains(fromGem));
        assertFalse("Loaded Maven-style: " + result.describe(),
                result.output.contains("Loaded plugin " + plugin.artifactId + " (maven:"));
        assertEquals(3, count("SELECT count(*) FROM public." + table));
        assertEquals(3, count("SELECT count(*) FROM public." + table
                + " WHERE (id, name, score) IN ((1, 'Alice', 91.5), (2, 'Zoë Müller', 78.25),"
                + " (3, 'O''Brien, \"Bobby\"', 64.0))"));
    }

    /** The folder with the embulk and msgpack gems; skips the test (with what to provide) when none is given. */
    static Path gemsDirectory() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.trim().isEmpty() || value.startsWith("${")) {
            value = System.getenv(VARIABLE);
        }
        Assume.assumeTrue("Skipped: Embulk loads gem-packaged plugins only with the embulk gem ("
                        + ItEnvironment.embulkVersion() + ", java platform) and the msgpack gem (java platform)"
                        + " installed, which come from RubyGems.org only. Put embulk-" + ItEnvironment.embulkVersion()
                        + "-java.gem and msgpack-<version>-java.gem in a folder (e.g. `gem fetch embulk -v "
                        + ItEnvironment.embulkVersion() + " --platform java` and `gem fetch msgpack --platform java`"
                        + " on a machine that reaches RubyGems.org) and name it with -D" + PROPERTY + "=<folder>"
                        + " or " + VARIABLE + "=<folder>.",
                value != null && !value.trim().isEmpty());
        final Path dir = Paths.get(value.trim()).toAbsolutePath();
        assertTrue(PROPERTY + "/" + VARIABLE + " names no folder: " + dir, Files.isDirectory(dir));
        return dir;
    }

    private static List<Path> matching(final Path dir, final String prefix, final String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(path -> {
                final String name = path.getFileName().toString();
                return name.startsWith(prefix) && name.endsWith(suffix);
            }).sorted().collect(Collectors.toList());
        }
    }

    private static String contents(final Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(path -> path.getFileName().toString()).sorted().collect(Collectors.joining(", "));
        }
    }

    private long count(final String query) throws Exception {
        try (Connection connection = postgres.connect();
                Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery(query)) {
            resultSet.next();
            return resultSet.getLong(1);
        }
    }
}
