package io.github.resultexport.embulk.output.postgresql.client;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.sql.SQLException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.postgresql.util.GT;

/**
 * A connection attempt that failed because of the user's settings — host, TLS, role, password, database — so that
 * trying again cannot help. Told apart by SQLSTATE and by the exception pgjdbc wraps; pgjdbc's message text is
 * compared only where pgjdbc gives nothing else (its "does not support SSL" rejection and the host name check of
 * verify-full), and then in the translation pgjdbc itself uses.
 */
enum ConnectFailure {
    UNKNOWN_HOST {
        @Override
        String explain(SQLException e, ConnectTarget target) {
            // The JDK says "name" or "name: Name or service not known", depending on version and resolver.
            String detail = find(e, UnknownHostException.class).getMessage();
            if (detail != null && detail.startsWith(target.host)) {
                detail = detail.substring(target.host.length()).replaceFirst("^: ", "");
            }
            return "unknown host " + target.host + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")")
                    + ": check option 'host'";
        }
    },
    TLS_NOT_OFFERED {
        @Override
        String explain(SQLException e, ConnectTarget target) {
            return "the server does not accept TLS but sslmode is " + target.sslmode
                    + ": turn ssl on in the server's postgresql.conf, or set option 'sslmode' to one that allows"
                    + " plain connections (prefer, allow, disable)";
        }
    },
    CERTIFICATE_NOT_TRUSTED {
        @Override
        String explain(SQLException e, ConnectTarget target) {
            return "the certificate of " + target.host + " is not trusted by " + target.rootCertificateDescription()
                    + " (" + innermostMessage(e) + "): set option 'sslrootcert' to the certificate of the CA that"
                    + " signed the server's certificate";
        }
    },
    HOST_NOT_IN_CERTIFICATE {
        @Override
        String explain(SQLException e, ConnectTarget target) {
            return "the server's certificate is not issued for host " + target.host + " (sslmode " + target.sslmode
                    + " checks the name): set option 'host' to a name the certificate lists, or use sslmode"
                    + " verify-ca";
        }
    },
    TLS_HANDSHAKE_FAILED {
        @Override
        String explain(SQLException e, ConnectTarget target) {
            return "the TLS handshake with " + target.host + " failed (" + innermostMessage(e)
                    + "): check options 'sslmode' and 'sslrootcert' against the server's ssl settings";
        }
    },
    TLS_SETUP_FAILED {
        @Override
        String explain(SQLException e, ConnectTarget target) {
            FileNotFoundException missing = find(e, FileNotFoundException.class);
            String problem = missing != null ? "cannot read " + missing.getMessage()
                    : e.getMessage() + " (" + innermostMessage(e) + ")";
            return problem + ": check option 'sslrootcert' (and sslcert, sslkey if given in 'options')";
        }
    },
    LOGIN_REJECTED {
        @Override
        String explain(SQLException e, ConnectTarget target) {
            return "the login was rejected (" + e.getMessage() + "): check options 'user' and 'password', and the"
                    + " server's pg_hba.conf";
        }
    },
    WRONG_PASSWORD {
        @Override
        String explain(SQLException e, ConnectTarget target) {
            return SqlErrors.serverMessage(e) + ": check option 'password'";
        }
    },
    ROLE_NOT_ACCEPTED {
        @Override
        String explain(SQLException e, ConnectTarget target) {
            return SqlErrors.serverMessage(e) + ": check option 'user', and the server's pg_hba.conf";
        }
    },
    UNKNOWN_DATABASE {
        @Override
        String explain(SQLException e, ConnectTarget target) {
            return SqlErrors.serverMessage(e) + ": check option 'database'";
        }
    },
    NO_CONNECT_PRIVILEGE {
        @Override
        String explain(SQLException e, ConnectTarget target) {
            return SqlErrors.serverMessage(e) + ": GRANT CONNECT ON DATABASE to the user, or check option 'user'";
        }
    };

    private static final String NO_SSL = "The server does not support SSL.";
    private static final String HOST_NAME_UNVERIFIED = "The hostname {0} could not be verified by hostnameverifier {1}.";
    private static final String ARGUMENT = "\u0000";

    /** What went wrong and what to change, in the user's words; never the password. */
    abstract String explain(SQLException e, ConnectTarget target);

    /** The user-fixable failure behind {@code t} (an error of a connection attempt), or null. */
    static ConnectFailure of(Throwable t) {
        SQLException e = firstWithState(t);
        if (e == null) {
            return null;
        }
        String state = e.getSQLState();
        switch (state) {
            case "28P01":
                return WRONG_PASSWORD;
            case "28000":
                return ROLE_NOT_ACCEPTED;
            case "3D000":
                return UNKNOWN_DATABASE;
            case "42501":
                return NO_CONNECT_PRIVILEGE;
            case "08004":
                // pgjdbc's "rejected": the server offers no TLS, or an authentication step the settings cannot meet
                return matchesPgjdbcMessage(e, NO_SSL) ? TLS_NOT_OFFERED : LOGIN_REJECTED;
            default:
                break;
        }
        if (!state.startsWith("08")) {
            return null;
        }
        if (find(e, UnknownHostException.class) != null) {
            return UNKNOWN_HOST;
        }
        if (find(e, SSLException.class) != null) {
            if (find(e, CertificateException.class) != null || find(e, CertPathValidatorException.class) != null
                    || find(e, CertPathBuilderException.class) != null
                    || find(e, SSLPeerUnverifiedException.class) != null) {
                return CERTIFICATE_NOT_TRUSTED;
            }
            // A handshake cut by a reset or an EOF is the network's doing; an alert from the server is not.
            if (find(e, SSLHandshakeException.class) != null && !hasNetworkCause(e)) {
                return TLS_HANDSHAKE_FAILED;
            }
            return null;
        }
        // Reading sslrootcert (or sslcert, sslkey) happens before any byte of TLS is exchanged.
        if (find(e, FileNotFoundException.class) != null || find(e, GeneralSecurityException.class) != null) {
            return TLS_SETUP_FAILED;
        }
        if (e.getCause() == null && matchesPgjdbcMessage(e, HOST_NAME_UNVERIFIED)) {
            return HOST_NOT_IN_CERTIFICATE;
        }
        return null;
    }

    private static SQLException firstWithState(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException && ((SQLException) c).getSQLState() != null) {
                return (SQLException) c;
            }
        }
        return null;
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static boolean hasNetworkCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException && !(c instanceof SSLException)) {
                return true;
            }
        }
        return false;
    }

    private static String innermostMessage(Throwable t) {
        String message = t.getMessage();
        for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isEmpty()) {
                message = c.getMessage();
            }
        }
        return message;
    }

    /**
     * Whether {@code e}'s message is pgjdbc's {@code template} with any arguments, as pgjdbc translates it for this
     * JVM's locale: the fixed parts of the template must appear in order and cover the start and end.
     */
    private static boolean matchesPgjdbcMessage(SQLException e, String template) {
        String message = e.getMessage();
        if (message == null) {
            return false;
        }
        String[] fixed = GT.tr(template, ARGUMENT, ARGUMENT).split(Pattern.quote(ARGUMENT), -1);
        if (fixed.length == 1) {
            return message.equals(fixed[0]);
        }
        String last = fixed[fixed.length - 1];
        if (!message.startsWith(fixed[0]) || !message.endsWith(last)) {
            return false;
        }
        int from = fixed[0].length();
        for (int i = 1; i < fixed.length - 1; i++) {
            int at = message.indexOf(fixed[i], from);
            if (at < 0) {
                return false;
            }
            from = at + fixed[i].length();
        }
        return from <= message.length() - last.length();
    }
}
