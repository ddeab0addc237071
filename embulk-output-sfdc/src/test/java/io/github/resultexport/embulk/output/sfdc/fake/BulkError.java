package io.github.resultexport.embulk.output.sfdc.fake;

/** A Bulk API error reply: {@code <error>} with an exception code and message, and its HTTP status. */
final class BulkError extends RuntimeException {
    final int status;
    final String code;

    BulkError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    static BulkError badRequest(String code, String message) {
        return new BulkError(400, code, message);
    }
}
