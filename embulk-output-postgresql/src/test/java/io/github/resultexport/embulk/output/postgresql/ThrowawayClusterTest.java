package io.github.resultexport.embulk.output.postgresql;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.sun.security.auth.module.UnixSystem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** What tests rely on when they crash, stop or configure a {@link ThrowawayCluster}. */
public class ThrowawayClusterTest {
    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void anImmediateRestartLosesUnloggedAndUncommittedRowsAndKeepsCommittedLoggedOnes() throws Exception {
        try (ThrowawayCluster pg = new ThrowawayCluster().create()) {
            execute(pg, "CREATE TABLE logged (v int)", "CREATE UNLOGGED TABLE unlogged (v int)",
                    "INSERT INTO logged VALUES (1)", "INSERT INTO unlogged VALUES (1)");
            String startedAt = startTime(pg);
            Connection open = pg.connect();
            open.setAutoCommit(false);
            try (Statement st = open.createStatement()) {
                st.execute("INSERT INTO logged VALUES (2)");
            }

            pg.restartImmediately();
            open.close();

            assertEquals("1", single(pg, "SELECT string_agg(v::text, ',') FROM logged"));
            assertEquals("crash recovery empties UNLOGGED tables", "0", single(pg, "SELECT count(*) FROM unlogged"));
            assertNotEquals(startedAt, startTime(pg));
        }
    }

    @Test
    public void confLinesAndFilesApplyAndItStartsAgainAfterAStop() throws Exception {
        Path greeting = temp.newFile("greeting").toPath();
        Files.write(greeting, "hello".getBytes(StandardCharsets.UTF_8));
        try (ThrowawayCluster pg = new ThrowawayCluster().conf("work_mem = '7MB'")
                .hba("host all nobody 127.0.0.1/32 reject").copyIntoDataDirectory(greeting, "greeting.txt").create()) {
            assertEquals("7MB", single(pg, "SHOW work_mem"));
            assertEquals("hello", single(pg, "SELECT pg_read_file('greeting.txt')"));
            assertTrue(Files.isRegularFile(pg.dataDirectory().resolve("greeting.txt")));
            assertTrue(Files.isExecutable(pg.binDirectory().resolve("postgres")));
            execute(pg, "CREATE TABLE kept (v int)", "INSERT INTO kept VALUES (7)");
            String startedAt = startTime(pg);

            pg.stop();
            try (Connection c = pg.connect()) {
                fail("connected to a stopped server");
            } catch (SQLException expected) {
                assertEquals("08001", expected.getSQLState());
            }
            pg.start();

            assertEquals("7", single(pg, "SELECT v FROM kept"));
            assertNotEquals(startedAt, startTime(pg));
        }
    }

    /**
     * A bare machine: no PostgreSQL binaries, and as root no {@code postgres} user either (this machine may have
     * both, so the test makes the choices the cluster would make there).
     */
    @Test
    public void onABareMachineItRunsTheEmbeddedPostgresqlInAUserNamespaceWhenRoot() throws Exception {
        boolean root = new UnixSystem().getUid() == 0;
        if (root) {
            Assume.assumeTrue("unshare -U does not work here", ServerUser.userNamespaceWorks());
        }
        ThrowawayCluster cluster = new ThrowawayCluster().binaries(EmbeddedPostgresBinaries.binDirectory());
        if (root) {
            cluster.runAs(ServerUser.userNamespace());
        }
        try (ThrowawayCluster pg = cluster.create()) {
            assertTrue(pg.binDirectory().startsWith(System.getProperty("java.io.tmpdir")));
            assertEquals("16", single(pg, "SELECT current_setting('server_version_num')::int / 10000"));
            execute(pg, "CREATE UNLOGGED TABLE u (v int)", "INSERT INTO u VALUES (1)");
            pg.restartImmediately();
            assertEquals("0", single(pg, "SELECT count(*) FROM u"));
            if (root) {
                assertEquals("the server's files are root's outside its namespace", "root",
                        Files.getOwner(pg.dataDirectory().resolve("PG_VERSION")).getName());
            }
        }
    }

    private static void execute(ThrowawayCluster pg, String... sql) throws SQLException {
        try (Connection c = pg.connect(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    private static String single(ThrowawayCluster pg, String sql) throws SQLException {
        try (Connection c = pg.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertTrue(sql, rs.next());
            return rs.getString(1);
        }
    }

    private static String startTime(ThrowawayCluster pg) throws SQLException {
        return single(pg, "SELECT pg_postmaster_start_time()::text");
    }
}
