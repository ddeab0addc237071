package io.github.resultexport.embulk.output.td.fake;

/** A rejection the fake answers with {@code status} and a TD-style JSON error body. */
final class TdApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;

    TdApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    static TdApiException badRequest(String message) {
        return new TdApiException(400, message);
    }

    static TdApiException notFound(String message) {
        return new TdApiException(404, message);
    }

    static TdApiException conflict(String message) {
        return new TdApiException(409, message);
    }

    static TdApiException unprocessable(String message) {
        return new TdApiException(422, message);
    }
}
