package io.github.resultexport.embulk.output.sfdc.fake;

/**
 * A request as it arrives, before anything is applied: what fault hooks receive. {@code endpoint} is the endpoint
 * kind (e.g. {@code "batch/create"}) or {@code "unknown"}; {@code soapOperation} is the SOAP body element (e.g.
 * {@code "login"}) for SOAP requests, else null. Neither session ids nor passwords are in it.
 */
public record RequestInfo(long seq, String method, String path, String endpoint, String soapOperation) {
}
