package io.github.resultexport.embulk.output.sfdc.fake;

/** The field types the fake knows, with their describe {@code type} and {@code soapType}. */
public enum FieldType {
    ID("id", "tns:ID"),
    REFERENCE("reference", "tns:ID"),
    STRING("string", "xsd:string"),
    DOUBLE("double", "xsd:double"),
    INT("int", "xsd:int"),
    BOOLEAN("boolean", "xsd:boolean"),
    DATE("date", "xsd:date"),
    DATETIME("datetime", "xsd:dateTime");

    final String wireName;
    final String soapType;

    FieldType(String wireName, String soapType) {
        this.wireName = wireName;
        this.soapType = soapType;
    }
}
