package io.github.resultexport.embulk.output.sfdc;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One input column as sent: the field name for the CSV header (as describe spells it) and the field's SOAP type. */
public final class FieldPlan {
    private final String header;
    private final String soapType;

    @JsonCreator
    public FieldPlan(@JsonProperty("header") String header, @JsonProperty("soap_type") String soapType) {
        this.header = header;
        this.soapType = soapType;
    }

    @JsonProperty("header")
    public String getHeader() {
        return header;
    }

    /** {@code date}, {@code datetime}, {@code time}, {@code boolean}, {@code int}, {@code double}, {@code string}, … */
    @JsonProperty("soap_type")
    public String getSoapType() {
        return soapType;
    }
}
