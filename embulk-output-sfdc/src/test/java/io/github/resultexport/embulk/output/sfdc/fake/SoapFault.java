package io.github.resultexport.embulk.output.sfdc.fake;

/**
 * A SOAP fault reply. {@code faultCode} is qualified ({@code sf:INVALID_LOGIN}, {@code soapenv:Client});
 * {@code detailType} is the partner fault type ({@code LoginFault}, {@code UnexpectedErrorFault},
 * {@code InvalidSObjectFault}) or null for a fault without detail.
 */
final class SoapFault extends RuntimeException {
    final String faultCode;
    final String detailType;
    final String exceptionCode;
    final String exceptionMessage;

    SoapFault(String faultCode, String faultString, String detailType, String exceptionCode,
            String exceptionMessage) {
        super(faultString);
        this.faultCode = faultCode;
        this.detailType = detailType;
        this.exceptionCode = exceptionCode;
        this.exceptionMessage = exceptionMessage;
    }

    /** A partner API fault: {@code sf:CODE}, faultstring {@code CODE: message}, detail of the given type. */
    static SoapFault api(String detailType, String exceptionCode, String message) {
        return new SoapFault("sf:" + exceptionCode, exceptionCode + ": " + message, detailType, exceptionCode,
                message);
    }

    static SoapFault client(String faultString) {
        return new SoapFault("soapenv:Client", faultString, null, null, null);
    }
}
