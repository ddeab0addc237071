package io.github.resultexport.embulk.output.td.client;

import com.treasuredata.client.TDClientException;
import com.treasuredata.client.TDClientHttpException;
import java.util.Date;
import java.util.Optional;

/** How td-client reports what went wrong, sorted into what may be retried and what needs the user. */
public final class TdErrors {
    private TdErrors() {
    }

    /** 429, 5xx, a dropped or timed-out connection, an answer cut short: worth another try. */
    public static boolean isTransient(Throwable t) {
        if (t instanceof TDClientHttpException) {
            int status = ((TDClientHttpException) t).getStatusCode();
            return status == 429 || status >= 500 || status == 408;
        }
        if (t instanceof TDClientException) {
            switch (((TDClientException) t).getErrorType()) {
                case SOCKET_ERROR:
                case REQUEST_TIMEOUT:
                case SERVER_ERROR:
                case INVALID_JSON_RESPONSE:
                case EXECUTION_FAILURE:
                    return true;
                case INTERRUPTED:
                    // td-client reports a connection that ended without an answer as INTERRUPTED, with the I/O
                    // error as its cause; a real interrupt has an InterruptedException there.
                    return causedByIo((TDClientException) t);
                default:
                    return false;
            }
        }
        return t instanceof java.io.IOException;
    }

    private static boolean causedByIo(TDClientException e) {
        Throwable cause = e.getRootCause().map(c -> (Throwable) c).orElse(e.getCause());
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof InterruptedException) {
                return false;
            }
            if (c instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    public static boolean isStatus(Throwable t, int status) {
        return t instanceof TDClientHttpException && ((TDClientHttpException) t).getStatusCode() == status;
    }

    public static boolean isNotFound(Throwable t) {
        return isStatus(t, 404) || (t instanceof TDClientException
                && ((TDClientException) t).getErrorType() == TDClientException.ErrorType.TARGET_NOT_FOUND);
    }

    public static boolean isConflict(Throwable t) {
        return isStatus(t, 409) || (t instanceof TDClientException
                && ((TDClientException) t).getErrorType() == TDClientException.ErrorType.TARGET_ALREADY_EXISTS);
    }

    public static boolean isForbidden(Throwable t) {
        return isStatus(t, 403);
    }

    public static boolean isUnauthorized(Throwable t) {
        return isStatus(t, 401) || (t instanceof TDClientException
                && ((TDClientException) t).getErrorType() == TDClientException.ErrorType.AUTHENTICATION_FAILURE);
    }

    /** The wait a 429 or 503 asked for, in milliseconds. */
    public static Optional<Long> retryAfterMillis(Throwable t) {
        if (!(t instanceof TDClientHttpException)) {
            return Optional.empty();
        }
        Optional<Date> at = ((TDClientHttpException) t).getRetryAfter();
        return at.map(date -> Math.max(0L, date.getTime() - System.currentTimeMillis()));
    }
}
