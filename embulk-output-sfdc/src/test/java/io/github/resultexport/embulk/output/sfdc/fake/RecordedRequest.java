package io.github.resultexport.embulk.output.sfdc.fake;

/**
 * One request in the log. {@code soapOperation} is the SOAP body element ({@code login}, {@code describeSObject},
 * {@code logout}, …) for SOAP requests, else null (force-wsc's {@code SOAPAction} header is always {@code ""}).
 * {@code applied} tells whether the request was carried out (a 2xx outcome), {@code answered} whether a response
 * was written; {@code status} is the status written, or for a connection dropped after applying the status that was
 * lost (0 when nothing was decided). {@code error} is the Bulk exception code or SOAP fault code answered, if any;
 * {@code fault} describes the fault rules that hit the request. Session ids and passwords are never kept.
 */
public record RecordedRequest(long seq, String method, String path, String endpoint, String soapOperation,
        boolean applied, boolean answered, int status, String error, String fault) {
}
