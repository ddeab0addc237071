package io.github.resultexport.embulk.output.sfdc.fake;

/**
 * One row of a batch's results CSV ({@code "Id","Success","Created","Error"}), in request order. {@code id} is
 * empty for failed rows; {@code error} reads {@code STATUS_CODE:message:fields --} and is empty on success.
 */
public record ResultRow(String id, boolean success, boolean created, String error) {
    /** The status code part of {@code error} (e.g. {@code UNABLE_TO_LOCK_ROW}), or null on success. */
    public String statusCode() {
        if (error.isEmpty()) {
            return null;
        }
        int colon = error.indexOf(':');
        return colon < 0 ? error : error.substring(0, colon);
    }
}
