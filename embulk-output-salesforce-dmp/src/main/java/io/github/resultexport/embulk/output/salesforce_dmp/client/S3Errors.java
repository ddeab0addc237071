package io.github.resultexport.embulk.output.salesforce_dmp.client;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.embulk.config.ConfigException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;

/** Which S3 errors are worth a retry, and what a permanent one means for the user. */
public final class S3Errors {
    /** Error codes S3 documents as "try again" although their status may be 4xx. */
    private static final Set<String> TRANSIENT_CODES = new HashSet<>(Arrays.asList(
            "SlowDown", "RequestTimeout", "InternalError", "ServiceUnavailable", "Throttling", "ThrottlingException",
            "RequestLimitExceeded", "TooManyRequests", "RequestTimeTooSkewed"));

    private S3Errors() {
    }

    /** 5xx, 429, the retryable codes above, and any I/O error (refused, reset or dropped connection, timeout). */
    public static boolean isTransient(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AwsServiceException) {
                AwsServiceException e = (AwsServiceException) t;
                return e.statusCode() >= 500 || e.statusCode() == 429 || TRANSIENT_CODES.contains(code(e));
            }
            if (t instanceof IOException || t instanceof ApiCallAttemptTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The S3 error code of {@code error} or its causes ({@code NoSuchUpload}, …); null when it has none. */
    public static String code(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AwsServiceException) {
                AwsServiceException e = (AwsServiceException) t;
                return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            }
        }
        return null;
    }

    /** The HTTP status of the S3 error in {@code error}'s chain; 0 when there is none. */
    public static int status(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AwsServiceException) {
                return ((AwsServiceException) t).statusCode();
            }
        }
        return 0;
    }

    /**
     * A failure of {@code what} as the user should see it: rejected credentials, missing permissions, a wrong bucket
     * or region become ConfigExceptions that say which option to check; anything else keeps its cause with the
     * operation named.
     */
    public static RuntimeException translate(RuntimeException error, String what, String bucket) {
        String code = code(error);
        int status = status(error);
        if ("InvalidAccessKeyId".equals(code)) {
            return new ConfigException("S3 does not know the access key id given in 'aws_access_key_id'"
                    + " (InvalidAccessKeyId, while " + what + "); check aws_access_key_id", error);
        }
        if ("SignatureDoesNotMatch".equals(code)) {
            return new ConfigException("S3 rejected the request signature (SignatureDoesNotMatch, while " + what
                    + "): 'aws_secret_access_key' does not belong to 'aws_access_key_id'; check the secret key", error);
        }
        if ("NoSuchBucket".equals(code)) {
            return new ConfigException("bucket '" + bucket + "' does not exist (NoSuchBucket, while " + what
                    + "); check bucket, endpoint and region", error);
        }
        if ("PermanentRedirect".equals(code) || "AuthorizationHeaderMalformed".equals(code) || status == 301) {
            return new ConfigException("bucket '" + bucket + "' is not in region or at the endpoint configured ("
                    + code + ", while " + what + "); check region and endpoint", error);
        }
        if ("AccessDenied".equals(code) || status == 403) {
            return new ConfigException("access denied (" + code + ") while " + what + ": the credentials may not"
                    + " do this; ask for the permission, or check bucket, path_template and staging_path_template",
                    error);
        }
        if (status != 0) {
            return new RuntimeException(what + " failed: S3 answered " + status + " " + code + ": "
                    + serviceMessage(error), error);
        }
        return new RuntimeException(what + " failed: " + error.getMessage(), error);
    }

    private static String serviceMessage(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AwsServiceException) {
                AwsServiceException e = (AwsServiceException) t;
                return e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
            }
        }
        return error.getMessage();
    }
}
