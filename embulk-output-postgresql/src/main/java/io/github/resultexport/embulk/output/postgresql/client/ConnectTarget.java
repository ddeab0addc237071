package io.github.resultexport.embulk.output.postgresql.client;

import java.io.File;

/** Where and how a connection goes, for error messages: everything but the password. */
final class ConnectTarget {
    final String host;
    final int port;
    final String database;
    final String user;
    final String sslmode;
    /** The sslrootcert given in the options, or null when pgjdbc falls back to its default file. */
    final String rootCertificate;

    ConnectTarget(String host, int port, String database, String user, String sslmode, String rootCertificate) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.sslmode = sslmode;
        this.rootCertificate = rootCertificate;
    }

    /** The root certificate file pgjdbc reads for verify-ca and verify-full, as the user should look for it. */
    String rootCertificateDescription() {
        if (rootCertificate != null) {
            return "sslrootcert " + rootCertificate;
        }
        return "the default root certificate " + System.getProperty("user.home") + File.separator + ".postgresql"
                + File.separator + "root.crt (option 'sslrootcert' is not set)";
    }

    /** The host as it stands before {@code :port}: an IPv6 address in brackets. */
    static String hostForPort(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** {@code host:port, database "db", user "u"}. */
    String where() {
        return hostForPort(host) + ":" + port + ", database \"" + database + "\", user \"" + user + "\"";
    }
}
