package io.github.resultexport.embulk.output.sfdc.client;

import com.sforce.async.AsyncApiException;
import com.sforce.async.AsyncExceptionCode;
import com.sforce.soap.partner.fault.ApiFault;
import com.sforce.soap.partner.fault.ExceptionCode;
import com.sforce.ws.ConnectionException;
import java.io.IOException;

/** How force-wsc reports what went wrong, sorted into what may be retried, what needs a new login, and the rest. */
public final class SalesforceErrors {
    private SalesforceErrors() {
    }

    /** A dropped or refused connection, a timeout, a 5xx answer, or a server saying it is busy. */
    public static boolean isTransient(Throwable t) {
        if (isSessionExpired(t)) {
            return false;
        }
        if (t instanceof AsyncApiException) {
            AsyncExceptionCode code = ((AsyncApiException) t).getExceptionCode();
            if (code == AsyncExceptionCode.InternalServerError || code == AsyncExceptionCode.Timeout
                    || code == AsyncExceptionCode.TooManyLockFailure) {
                return true;
            }
            if (code == AsyncExceptionCode.ClientInputError) {
                // force-wsc's words for an answer it could not read: a dropped connection on a GET (no cause), a
                // 5xx page in HTML, or an I/O error on a POST (the cause).
                String message = String.valueOf(((AsyncApiException) t).getExceptionMessage());
                return causedByIo(t) || message.contains("unknown format") || message.contains("Failed to parse");
            }
            return causedByIo(t);
        }
        if (t instanceof ApiFault) {
            ExceptionCode code = ((ApiFault) t).getExceptionCode();
            return code == ExceptionCode.SERVER_UNAVAILABLE || code == ExceptionCode.REQUEST_RUNNING_TOO_LONG;
        }
        if (t instanceof ConnectionException) {
            return causedByIo(t) || String.valueOf(t.getMessage()).contains("Unexpected element");
        }
        return t instanceof IOException || causedByIo(t);
    }

    /** The session id is no longer valid (expired, or ended by a logout elsewhere). */
    public static boolean isSessionExpired(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof AsyncApiException
                    && ((AsyncApiException) c).getExceptionCode() == AsyncExceptionCode.InvalidSessionId) {
                return true;
            }
            if (c instanceof ApiFault && ((ApiFault) c).getExceptionCode() == ExceptionCode.INVALID_SESSION_ID) {
                return true;
            }
        }
        return false;
    }

    static boolean causedByIo(Throwable t) {
        for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
            if (c instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** A short description without stack: the exception code and message force-wsc gives. */
    public static String describe(Throwable t) {
        if (t instanceof AsyncApiException) {
            AsyncApiException e = (AsyncApiException) t;
            return e.getExceptionCode() + ": " + e.getExceptionMessage();
        }
        if (t instanceof ApiFault) {
            ApiFault f = (ApiFault) t;
            return f.getExceptionCode() + ": " + f.getExceptionMessage();
        }
        return t.toString();
    }
}
