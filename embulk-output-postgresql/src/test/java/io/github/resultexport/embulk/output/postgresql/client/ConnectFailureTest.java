package io.github.resultexport.embulk.output.postgresql.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.sql.SQLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.Test;
import org.postgresql.util.GT;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;

/**
 * Which connection errors are retried. The exceptions have the shapes pgjdbc 42.7 throws from
 * {@code ConnectionFactoryImpl}, {@code MakeSSL} and {@code LibPQFactory} (state, message, wrapped cause); the
 * end-to-end tests show the same against real servers.
 */
public class ConnectFailureTest {
    private static final ConnectTarget TARGET =
            new ConnectTarget("db.example", 5433, "sales", "loader", "verify-full", "/etc/ca.crt");

    private static PSQLException io(PSQLState state, String message, Throwable cause) {
        return new PSQLException(message, state, cause);
    }

    private static PSQLException server(String state, String message) {
        return new PSQLException(new ServerErrorMessage("SFATAL\0C" + state + "\0M" + message + "\0"));
    }

    private static SSLHandshakeException handshake(String message, Throwable cause) {
        SSLHandshakeException e = new SSLHandshakeException(message);
        e.initCause(cause);
        return e;
    }

    private static void assertRetried(SQLException e) {
        assertNull(e.toString(), ConnectFailure.of(e));
        assertTrue(e.toString(), SqlErrors.isTransient(e));
    }

    private static String assertNotRetried(ConnectFailure expected, SQLException e) {
        assertEquals(e.toString(), expected, ConnectFailure.of(e));
        assertFalse(e.toString(), SqlErrors.isTransient(e));
        return expected.explain(e, TARGET);
    }

    @Test
    public void networkFaultsAndABusyOrRestartingServerAreRetried() {
        assertRetried(io(PSQLState.CONNECTION_UNABLE_TO_CONNECT, "Connection to db.example:5433 refused.",
                new ConnectException("Connection refused")));
        assertRetried(io(PSQLState.CONNECTION_UNABLE_TO_CONNECT, "The connection attempt failed.",
                new SocketTimeoutException("Connect timed out")));
        assertRetried(io(PSQLState.CONNECTION_UNABLE_TO_CONNECT, "The connection attempt failed.",
                new SocketException("Connection reset")));
        assertRetried(new PSQLException("Connection attempt timed out.", PSQLState.CONNECTION_UNABLE_TO_CONNECT));
        assertRetried(io(PSQLState.CONNECTION_FAILURE, "SSL error: Remote host terminated the handshake",
                handshake("Remote host terminated the handshake", new EOFException("SSL peer shut down"))));
        assertRetried(io(PSQLState.CONNECTION_FAILURE, "SSL error: Connection reset",
                new SocketException("Connection reset")));
        assertRetried(server("57P03", "the database system is starting up"));
        assertRetried(server("57P03", "the database system is shutting down"));
        assertRetried(server("53300", "sorry, too many clients already"));
        assertRetried(new PSQLException("Unknown Response Type X.", PSQLState.CONNECTION_FAILURE));
    }

    @Test
    public void unknownHost() {
        String message = assertNotRetried(ConnectFailure.UNKNOWN_HOST, io(PSQLState.CONNECTION_UNABLE_TO_CONNECT,
                GT.tr("The connection attempt failed."), new UnknownHostException("db.example: Name or service not known")));
        assertEquals("unknown host db.example (Name or service not known): check option 'host'", message);
        assertEquals("unknown host db.example: check option 'host'", assertNotRetried(ConnectFailure.UNKNOWN_HOST,
                io(PSQLState.CONNECTION_UNABLE_TO_CONNECT, GT.tr("The connection attempt failed."),
                        new UnknownHostException("db.example"))));
    }

    @Test
    public void serverWithoutTls() {
        String message = assertNotRetried(ConnectFailure.TLS_NOT_OFFERED,
                new PSQLException(GT.tr("The server does not support SSL."), PSQLState.CONNECTION_REJECTED));
        assertTrue(message, message.startsWith("the server does not accept TLS but sslmode is verify-full"));
    }

    @Test
    public void certificateNotTrusted() {
        CertificateException validator = new CertificateException("PKIX path building failed");
        validator.initCause(new CertPathBuilderException("unable to find valid certification path to requested target"));
        String message = assertNotRetried(ConnectFailure.CERTIFICATE_NOT_TRUSTED, io(PSQLState.CONNECTION_FAILURE,
                "SSL error: PKIX path building failed", handshake("PKIX path building failed", validator)));
        assertTrue(message, message.startsWith("the certificate of db.example is not trusted by sslrootcert"
                + " /etc/ca.crt (unable to find valid certification path to requested target)"));
    }

    @Test
    public void hostNameNotInCertificate() {
        String message = assertNotRetried(ConnectFailure.HOST_NOT_IN_CERTIFICATE, new PSQLException(
                GT.tr("The hostname {0} could not be verified by hostnameverifier {1}.", "db.example",
                        "PgjdbcHostnameVerifier"), PSQLState.CONNECTION_FAILURE));
        assertTrue(message, message.startsWith("the server's certificate is not issued for host db.example"));
    }

    @Test
    public void tlsAlertFromTheServer() {
        assertNotRetried(ConnectFailure.TLS_HANDSHAKE_FAILED, io(PSQLState.CONNECTION_FAILURE,
                "SSL error: Received fatal alert: protocol_version",
                new SSLHandshakeException("Received fatal alert: protocol_version")));
    }

    @Test
    public void rootCertificateFileMissing() {
        String message = assertNotRetried(ConnectFailure.TLS_SETUP_FAILED, io(PSQLState.CONNECTION_FAILURE,
                GT.tr("Could not open SSL root certificate file {0}.", "/etc/ca.crt"),
                new FileNotFoundException("/etc/ca.crt (No such file or directory)")));
        assertTrue(message, message.startsWith("cannot read /etc/ca.crt (No such file or directory): check option"
                + " 'sslrootcert'"));
    }

    @Test
    public void loginRejectedByTheDriver() {
        assertNotRetried(ConnectFailure.LOGIN_REJECTED, new PSQLException(
                GT.tr("The server requested SCRAM-based authentication, but the password is an empty string."),
                PSQLState.CONNECTION_REJECTED));
    }

    @Test
    public void loginRejectedByTheServer() {
        assertEquals("password authentication failed for user \"loader\": check option 'password'",
                assertNotRetried(ConnectFailure.WRONG_PASSWORD,
                        server("28P01", "password authentication failed for user \"loader\"")));
        assertNotRetried(ConnectFailure.ROLE_NOT_ACCEPTED, server("28000", "role \"loader\" does not exist"));
        assertEquals("database \"sales\" does not exist: check option 'database'",
                assertNotRetried(ConnectFailure.UNKNOWN_DATABASE, server("3D000", "database \"sales\" does not exist")));
        assertNotRetried(ConnectFailure.NO_CONNECT_PRIVILEGE, server("42501", "permission denied for database \"sales\""));
    }
}
