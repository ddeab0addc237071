package io.github.resultexport.embulk.output.sfdc.fake;

/**
 * A SOAP fault reply. {@code faultCode} is qualified ({@code sf:INVALID_LOGIN}, {@code soapenv:Client});
 * {@code detailType} is the partner fault type ({@code LoginFault}, {@code UnexpectedErrorFault},
 * {@code InvalidSObjectFault}, …) or null for a fault without detail. The query faults (ApiQueryFault and its
 * subtypes) also carry the {@code row} and {@code column} of the error in the query, -1 when there is none.
 */
final class SoapFault extends RuntimeException {
    final String faultCode;
    final String detailType;
    final String exceptionCode;
    final String exceptionMessage;
    final int row;
    final int column;

    SoapFault(String faultCode, String faultString, String detailType, String exceptionCode,
            String exceptionMessage) {
        this(faultCode, faultString, detailType, exceptionCode, exceptionMessage, -1, -1);
    }

    private SoapFault(String faultCode, String faultString, String detailType, String exceptionCode,
            String exceptionMessage, int row, int column) {
        super(faultString);
        this.faultCode = faultCode;
        this.detailType = detailType;
        this.exceptionCode = exceptionCode;
        this.exceptionMessage = exceptionMessage;
        this.row = row;
        this.column = column;
    }

    /** Whether the detail type is an ApiQueryFault, whose detail ends with row and column. */
    boolean isQueryFault() {
        return "InvalidSObjectFault".equals(detailType) || "InvalidFieldFault".equals(detailType)
                || "MalformedQueryFault".equals(detailType);
    }

    /** A partner API fault: {@code sf:CODE}, faultstring {@code CODE: message}, detail of the given type. */
    static SoapFault api(String detailType, String exceptionCode, String message) {
        return new SoapFault("sf:" + exceptionCode, exceptionCode + ": " + message, detailType, exceptionCode,
                message);
    }

    /** The fault of a query that failed to parse or check, with the row and column of the error. */
    static SoapFault query(Soql.Failure f) {
        return new SoapFault("sf:" + f.exceptionCode, f.exceptionCode + ": " + f.getMessage(), f.faultType,
                f.exceptionCode, f.getMessage(), f.row, f.column);
    }

    static SoapFault client(String faultString) {
        return new SoapFault("soapenv:Client", faultString, null, null, null);
    }
}
