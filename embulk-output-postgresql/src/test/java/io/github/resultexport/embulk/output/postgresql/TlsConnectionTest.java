package io.github.resultexport.embulk.output.postgresql;

import static io.github.resultexport.embulk.output.postgresql.ConnectErrors.assertContains;
import static io.github.resultexport.embulk.output.postgresql.ConnectErrors.configErrorWithoutRetry;
import static org.junit.Assert.assertEquals;

import io.github.resultexport.embulk.output.common.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Properties;
import org.embulk.config.ConfigSource;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;

/**
 * TLS against a cluster of the test's own with {@code ssl = on}, a certificate for {@code 127.0.0.1} only (SAN IP
 * address and CN) signed by a CA the test makes, and a second, unrelated CA. The cluster rejects every TCP login
 * without TLS, so a run that loads its rows has used TLS. Retry options are left at their defaults: a failure that
 * retrying cannot help must come at once, without a retry.
 */
public class TlsConnectionTest {
    private static final String SECRET = "Pw-2d94c-never-logged";

    private static Path dir;
    private static Path rightCa;
    private static Path unrelatedCa;
    private static ThrowawayCluster cluster;

    @Rule
    public final EmbulkRunner embulk = new EmbulkRunner();
    @Rule
    public final LogCapture logs = new LogCapture();

    @BeforeClass
    public static void startTlsCluster() throws Exception {
        dir = Files.createTempDirectory("tls-test");
        TestCertificates certificates = new TestCertificates(dir);
        rightCa = certificates.authority("test-ca");
        unrelatedCa = certificates.authority("unrelated-ca");
        TestCertificates.ServerCertificate server =
                certificates.server("server", "test-ca", "127.0.0.1", "ip:127.0.0.1");
        cluster = new ThrowawayCluster()
                .hba("hostnossl all all all reject")
                .conf("ssl = on", "ssl_cert_file = 'server.crt'", "ssl_key_file = 'server.key'")
                .copyIntoDataDirectory(server.certificate, "server.crt")
                .copyIntoDataDirectory(server.privateKey, "server.key")
                .create();
    }

    @AfterClass
    public static void removeTlsCluster() {
        if (cluster != null) {
            cluster.close();
        }
        if (dir != null) {
            TempDirectories.deleteTree(dir);
        }
    }

    /** Trust authentication; the password is there to show that it never leaks. */
    private ConfigSource out(String table, String host, String sslmode, Path sslrootcert) {
        return embulk.newConfig().set("type", "postgresql").set("host", host).set("port", cluster.port())
                .set("user", "postgres").set("password", SECRET).set("database", "postgres").set("table", table)
                .set("sslmode", sslmode).set("sslrootcert", sslrootcert.toString());
    }

    @Test
    public void verifyFullWithTheSigningCaLoadsOverTls() throws Exception {
        embulk.run(embulk.generator(5, 1), out("full_t", "127.0.0.1", "verify-full", rightCa));
        assertEquals(5, count("full_t"));
        assertEquals(Collections.emptyList(), logs.linesContaining("failed (retry"));
    }

    @Test
    public void verifyFullWithAnUnrelatedCaFailsAtOnce() {
        String message = configErrorWithoutRetry(embulk, logs,
                out("t", "127.0.0.1", "verify-full", unrelatedCa), SECRET);
        assertContains(message, "127.0.0.1:" + cluster.port(), "database \"postgres\"",
                "the certificate of 127.0.0.1 is not trusted by sslrootcert " + unrelatedCa,
                "set option 'sslrootcert'");
    }

    @Test
    public void verifyCaWithAnUnrelatedCaFailsAtOnce() {
        String message = configErrorWithoutRetry(embulk, logs,
                out("t", "127.0.0.1", "verify-ca", unrelatedCa), SECRET);
        assertContains(message, "the certificate of 127.0.0.1 is not trusted by sslrootcert " + unrelatedCa);
    }

    /** {@code localhost} reaches the same server, but the certificate is for 127.0.0.1 only. */
    @Test
    public void verifyFullWithAHostNameNotInTheCertificateFailsAtOnce() {
        String message = configErrorWithoutRetry(embulk, logs,
                out("t", "localhost", "verify-full", rightCa), SECRET);
        assertContains(message, "localhost:" + cluster.port(), "database \"postgres\"",
                "the server's certificate is not issued for host localhost", "set option 'host'");
    }

    @Test
    public void verifyCaDoesNotCheckTheHostName() throws Exception {
        embulk.run(embulk.generator(3, 1), out("ca_t", "localhost", "verify-ca", rightCa));
        assertEquals(3, count("ca_t"));
    }

    @Test
    public void requireEncryptsWithoutCheckingTheCertificate() throws Exception {
        embulk.run(embulk.generator(4, 1), out("require_t", "localhost", "require", unrelatedCa));
        assertEquals(4, count("require_t"));
    }

    @Test
    public void aMissingRootCertificateFileFailsAtOnce() {
        Path missing = dir.resolve("no-such-ca.crt");
        String message = configErrorWithoutRetry(embulk, logs,
                out("t", "127.0.0.1", "verify-full", missing), SECRET);
        assertContains(message, "127.0.0.1:" + cluster.port(), "cannot read " + missing,
                "check option 'sslrootcert'");
    }

    private static long count(String table) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("sslmode", "verify-full");
        p.setProperty("sslrootcert", rightCa.toString());
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(), p); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
