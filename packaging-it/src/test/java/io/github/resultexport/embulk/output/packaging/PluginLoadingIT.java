package io.github.resultexport.embulk.output.packaging;

import static io.github.resultexport.embulk.output.packaging.EmbulkAssertions.assertLoadedMavenStyle;
import static io.github.resultexport.embulk.output.packaging.EmbulkAssertions.assertNoClassLoadingError;
import static io.github.resultexport.embulk.output.packaging.EmbulkAssertions.assertRejectedNaming;
import static io.github.resultexport.embulk.output.packaging.EmbulkAssertions.assertSucceeded;
import static org.junit.Assert.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.After;
import org.junit.Test;

/**
 * Each plugin, installed Maven-style in the repository the build filled (target/m2), loaded by the Embulk runtime
 * jar in its own class loader, as users run it.
 */
public class PluginLoadingIT {
    private final Embulk embulk = Embulk.withRepository(ItEnvironment.m2());
    private final PostgresServer postgres = PostgresServer.fromEnvironment();
    private final String table = "packaging_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
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
    public void postgresqlLoadsRowsIntoANewTable() throws Exception {
        final Path dir = ItEnvironment.workDirectory("postgresql");
        final Path config = Configs.write(dir, Configs.SCORES_CSV, Configs.SCORES_COLUMNS,
                postgresqlOut(postgres, table));
        tableMayExist = true;

        final Embulk.Result result = embulk.run(dir, config);

        assertNoClassLoadingError(result);
        assertSucceeded(result);
        assertLoadedMavenStyle(result, "postgresql");
        assertEquals(
                List.of("1|Alice|91.5", "2|Zoë Müller|78.25", "3|O'Brien, \"Bobby\"|64.0"),
                rows("SELECT id, name, score FROM public." + table + " ORDER BY id"));
    }

    @Test
    public void tdRejectsAConfigWithoutApikey() throws Exception {
        final Path dir = ItEnvironment.workDirectory("td");
        final Path config = Configs.write(dir, Configs.SEGMENTS_CSV, Configs.SEGMENTS_COLUMNS, String.join("\n",
                "  type: td",
                "  database: packaging_it",
                "  table: segments"));

        final Embulk.Result result = embulk.run(dir, config);

        assertNoClassLoadingError(result);
        assertLoadedMavenStyle(result, "td");
        assertRejectedNaming(result, "apikey");
    }

    @Test
    public void sfdcRejectsAConfigWithoutObject() throws Exception {
        final Path dir = ItEnvironment.workDirectory("sfdc");
        final Path config = Configs.write(dir, Configs.SEGMENTS_CSV, Configs.SEGMENTS_COLUMNS, String.join("\n",
                "  type: sfdc",
                "  username: packaging-it@example.com",
                "  password: not-a-real-password"));

        final Embulk.Result result = embulk.run(dir, config);

        assertNoClassLoadingError(result);
        assertLoadedMavenStyle(result, "sfdc");
        assertRejectedNaming(result, "object");
    }

    @Test
    public void salesforceDmpRejectsAConfigWithoutClientName() throws Exception {
        final Path dir = ItEnvironment.workDirectory("salesforce_dmp");
        final Path config = Configs.write(dir, Configs.SEGMENTS_CSV, Configs.SEGMENTS_COLUMNS, String.join("\n",
                "  type: salesforce_dmp",
                "  aws_access_key_id: AKIAPACKAGINGIT",
                "  aws_secret_access_key: not-a-real-secret"));

        final Embulk.Result result = embulk.run(dir, config);

        assertNoClassLoadingError(result);
        assertLoadedMavenStyle(result, "salesforce_dmp");
        assertRejectedNaming(result, "client_name");
    }

    /** The {@code out:} section that loads into {@code table} of {@code server}. */
    static String postgresqlOut(final PostgresServer server, final String table) {
        return String.join("\n",
                "  type: postgresql",
                "  host: " + Configs.quote(server.host),
                "  port: " + server.port,
                "  user: " + Configs.quote(server.user),
                "  password: " + Configs.quote(server.password),
                "  database: " + Configs.quote(server.database),
                "  table: " + Configs.quote(table),
                "  mode: append");
    }

    private List<String> rows(final String query) throws Exception {
        final List<String> rows = new ArrayList<>();
        try (Connection connection = postgres.connect();
                Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery(query)) {
            final int columns = resultSet.getMetaData().getColumnCount();
            while (resultSet.next()) {
                final List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(String.valueOf(resultSet.getObject(i)));
                }
                rows.add(String.join("|", values));
            }
        }
        return rows;
    }
}
