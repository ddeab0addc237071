package io.github.resultexport.embulk.output.postgresql.client;

import java.io.IOException;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Classifies PostgreSQL errors by SQLSTATE. */
public final class SqlErrors {
    private static final Pattern COPY_WHERE = Pattern.compile("COPY [^,]+, line (\\d+)(?:, column ([^:]+))?");

    private SqlErrors() {
    }

    /**
     * Errors after which the same work may succeed on a new connection or a new transaction: connection failures
     * (class 08: refused, reset, timed out), the server starting up, shutting down or terminating the backend
     * (57P01–57P03), too many connections (53300), serialization failures and deadlocks (40001, 40P01), and I/O
     * errors without a SQLSTATE. Not a connection failure the settings cause (unknown host, TLS refused or not
     * verified, login rejected): see {@link ConnectFailure}.
     */
    public static boolean isTransient(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException) {
                String state = ((SQLException) c).getSQLState();
                if (state == null) {
                    continue;
                }
                if (ConnectFailure.of(c) != null) {
                    return false;
                }
                if (state.startsWith("08") || state.equals("53300") || state.equals("40001")
                        || state.equals("40P01") || state.equals("57P01") || state.equals("57P02")
                        || state.equals("57P03")) {
                    return true;
                }
                return false;
            }
            if (c instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** Class 22 (data exception) and 23 (integrity constraint violation): the data, not the run, is wrong. */
    public static boolean isDataError(Throwable t) {
        String state = sqlState(t);
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    public static String sqlState(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException && ((SQLException) c).getSQLState() != null) {
                return ((SQLException) c).getSQLState();
            }
        }
        return null;
    }

    /** The server's primary message, without pgjdbc's {@code Where:}/{@code Position:} decorations. */
    public static String serverMessage(Throwable t) {
        ServerErrorMessage m = serverError(t);
        if (m != null && m.getMessage() != null) {
            return m.getMessage();
        }
        return t.getMessage();
    }

    /** The 1-based line of a COPY input an error refers to, or -1. */
    public static long copyLine(Throwable t) {
        Matcher m = copyWhere(t);
        return m == null ? -1 : Long.parseLong(m.group(1));
    }

    /** The column a COPY error refers to, or null. */
    public static String copyColumn(Throwable t) {
        Matcher m = copyWhere(t);
        if (m != null && m.group(2) != null) {
            return m.group(2);
        }
        ServerErrorMessage s = serverError(t);
        return s == null ? null : s.getColumn();
    }

    private static Matcher copyWhere(Throwable t) {
        ServerErrorMessage s = serverError(t);
        if (s == null || s.getWhere() == null) {
            return null;
        }
        Matcher m = COPY_WHERE.matcher(s.getWhere());
        return m.find() ? m : null;
    }

    private static ServerErrorMessage serverError(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof PSQLException && ((PSQLException) c).getServerErrorMessage() != null) {
                return ((PSQLException) c).getServerErrorMessage();
            }
        }
        return null;
    }
}
