package io.github.resultexport.embulk.output.sfdc.fake;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The partner SOAP API at {@code /services/Soap/u/<version>[/<orgId>]}: login, describeSObject, query, queryMore,
 * logout.
 *
 * <p>A query's {@code QueryResult} is written as Salesforce writes it: {@code done}, {@code queryLocator}
 * ({@code xsi:nil} once done), {@code records}, {@code size} (the number of matching records over all pages). Each
 * record is an {@code xsi:type="sf:sObject"} with {@code sf:type}, {@code sf:Id} (nil unless Id is selected) and
 * then every selected field in the order of the SELECT list, named as describe names them, a null as
 * {@code xsi:nil}; so a query that selects Id has the {@code sf:Id} element twice, as Salesforce's has. Values are
 * text as the partner API writes them: numbers of double fields in Java's double form ({@code 1.5},
 * {@code 1000.0}), dateTimes as {@code 2024-01-31T12:00:00.000Z}.
 */
final class SoapApi {
    static final String ENVELOPE_NS = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String PARTNER_NS = "urn:partner.soap.sforce.com";
    static final String FAULT_NS = "urn:fault.partner.soap.sforce.com";
    static final String SOBJECT_NS = "urn:sobject.partner.soap.sforce.com";
    static final String CONTENT_TYPE = "text/xml;charset=UTF-8";
    static final String INVALID_LOGIN_MESSAGE =
            "Invalid username, password, security token; or user locked out.";
    static final String INVALID_SESSION_MESSAGE =
            "Invalid Session ID found in SessionHeader: Illegal Session. Session not found, missing session hash: "
                    + "This error usually occurs after a session expires or a user logs out.";

    /** The request headers of the partner WSDL. */
    private static final Set<String> KNOWN_HEADERS = Set.of("SessionHeader", "CallOptions", "LoginScopeHeader",
            "PackageVersionHeader", "QueryOptions", "AssignmentRuleHeader", "DisableFeedTrackingHeader",
            "ConditionalRequestHeader", "EmailHeader", "LocaleOptions", "DebuggingHeader", "OwnerChangeOptions",
            "AllowFieldTruncationHeader", "AllOrNoneHeader", "MruHeader", "StreamingEnabledHeader",
            "UserTerritoryDeleteHeader", "DuplicateRuleHeader");

    private final Org org;
    private final String baseUrl;

    SoapApi(Org org, String baseUrl) {
        this.org = org;
        this.baseUrl = baseUrl;
    }

    /** A parsed SOAP request: its headers and body element, or why it is no valid SOAP request. */
    record Envelope(List<Element> headers, Element body, String operation) {
    }

    /** The envelope of a request, or null when the body is not a SOAP envelope with one body element. */
    static Envelope read(byte[] body) {
        Document doc = Xml.parse(body);
        if (doc == null || !Xml.is(doc.getDocumentElement(), ENVELOPE_NS, "Envelope")) {
            return null;
        }
        List<Element> parts = Xml.children(doc.getDocumentElement());
        List<Element> headers = List.of();
        int i = 0;
        if (!parts.isEmpty() && Xml.is(parts.get(0), ENVELOPE_NS, "Header")) {
            headers = Xml.children(parts.get(0));
            i = 1;
        }
        if (parts.size() != i + 1 || !Xml.is(parts.get(i), ENVELOPE_NS, "Body")) {
            return null;
        }
        List<Element> calls = Xml.children(parts.get(i));
        if (calls.size() != 1) {
            return null;
        }
        Element call = calls.get(0);
        String operation = PARTNER_NS.equals(call.getNamespaceURI()) ? call.getLocalName() : null;
        return new Envelope(headers, call, operation);
    }

    static Endpoint endpointOf(Envelope envelope) {
        if (envelope == null || envelope.operation() == null) {
            return Endpoint.SOAP_OTHER;
        }
        switch (envelope.operation()) {
            case "login":
                return Endpoint.SOAP_LOGIN;
            case "describeSObject":
                return Endpoint.SOAP_DESCRIBE_SOBJECT;
            case "query":
                return Endpoint.SOAP_QUERY;
            case "queryMore":
                return Endpoint.SOAP_QUERY_MORE;
            case "logout":
                return Endpoint.SOAP_LOGOUT;
            default:
                return Endpoint.SOAP_OTHER;
        }
    }

    /** The response envelope of a call; SOAP faults are thrown as {@link SoapFault}. */
    String handle(Envelope envelope, String version) {
        if (envelope == null) {
            throw SoapFault.client("Unable to parse the SOAP request: a SOAP 1.1 envelope with one body element"
                    + " is required");
        }
        String sessionId = null;
        String batchSize = null;
        for (Element h : envelope.headers()) {
            boolean known = PARTNER_NS.equals(h.getNamespaceURI()) && KNOWN_HEADERS.contains(h.getLocalName());
            if (known) {
                if (h.getLocalName().equals("SessionHeader")) {
                    sessionId = childText(h, "sessionId");
                } else if (h.getLocalName().equals("QueryOptions")) {
                    batchSize = childText(h, "batchSize");
                }
                continue;
            }
            if ("1".equals(h.getAttributeNS(ENVELOPE_NS, "mustUnderstand"))) {
                throw new SoapFault("soapenv:MustUnderstand", "Did not understand \"MustUnderstand\" header(s):{"
                        + h.getNamespaceURI() + "}" + h.getLocalName(), null, null, null);
            }
            if (PARTNER_NS.equals(h.getNamespaceURI())) {
                throw SoapFault.api("UnexpectedErrorFault", "INVALID_SOAP_HEADER", "Unexpected element {"
                        + h.getNamespaceURI() + "}" + h.getLocalName() + " in the SOAP header");
            }
        }
        Element call = envelope.body();
        Endpoint endpoint = endpointOf(envelope);
        if (endpoint == Endpoint.SOAP_OTHER) {
            throw SoapFault.client("No operation available for request {" + call.getNamespaceURI() + "}"
                    + call.getLocalName() + ", please check the WSDL for the service.");
        }
        if (endpoint == Endpoint.SOAP_LOGIN) {
            Org.Session session = org.login(childText(call, "username"), childText(call, "password"));
            if (session == null) {
                throw SoapFault.api("LoginFault", "INVALID_LOGIN", INVALID_LOGIN_MESSAGE);
            }
            return envelope(null, "<loginResponse><result>" + loginResult(session, version)
                    + "</result></loginResponse>");
        }
        Org.Session session = org.authenticate(sessionId);
        if (session == null) {
            throw SoapFault.api("UnexpectedErrorFault", "INVALID_SESSION_ID", INVALID_SESSION_MESSAGE);
        }
        if (endpoint == Endpoint.SOAP_LOGOUT) {
            org.logout(session);
            return envelope(null, "<logoutResponse/>");
        }
        if (endpoint == Endpoint.SOAP_QUERY || endpoint == Endpoint.SOAP_QUERY_MORE) {
            Integer requested;
            try {
                requested = batchSize == null ? null : Integer.valueOf(batchSize.trim());
            } catch (NumberFormatException e) {
                throw SoapFault.client("Unable to bind QueryOptions batchSize '" + batchSize + "' to an int");
            }
            Org.QueryPage page;
            if (endpoint == Endpoint.SOAP_QUERY) {
                try {
                    page = org.query(session, childText(call, "queryString"), requested);
                } catch (Soql.Failure f) {
                    throw SoapFault.query(f);
                }
            } else {
                page = org.queryMore(session, childText(call, "queryLocator"), requested);
                if (page == null) {
                    throw SoapFault.api("InvalidQueryLocatorFault", "INVALID_QUERY_LOCATOR", "invalid query locator");
                }
            }
            String response = call.getLocalName() + "Response";
            return envelope(limitInfo(session), "<" + response + "><result xsi:type=\"QueryResult\">"
                    + queryResult(page) + "</result></" + response + ">");
        }
        String type = childText(call, "sObjectType");
        SObjectDef def = type == null ? null : org.objectOrNull(type);
        if (def == null) {
            throw SoapFault.api("InvalidSObjectFault", "INVALID_TYPE", "sObject type '" + type + "' is not"
                    + " supported. If you are attempting to use a custom object, be sure to append the '__c' after"
                    + " the entity name. Please reference your WSDL or the describe call for the appropriate names.");
        }
        return envelope(limitInfo(session), "<describeSObjectResponse><result>" + describe(def)
                + "</result></describeSObjectResponse>");
    }

    private static String limitInfo(Org.Session session) {
        return "<LimitInfoHeader><limitInfo><current>" + session.calls + "</current><limit>15000"
                + "</limit><type>API REQUESTS</type></limitInfo></LimitInfoHeader>";
    }

    /** The children of a QueryResult (see the class comment). */
    private static String queryResult(Org.QueryPage page) {
        List<FieldDef> fields = page.select().fields();
        boolean idSelected = fields.stream().anyMatch(f -> f.type == FieldType.ID);
        StringBuilder sb = new StringBuilder();
        Xml.element(sb, "done", page.done());
        Xml.element(sb, "queryLocator", page.queryLocator());
        for (Map<String, Object> record : page.records()) {
            sb.append("<records xsi:type=\"sf:sObject\">");
            Xml.element(sb, "sf:type", page.select().object().name);
            Xml.element(sb, "sf:Id", idSelected ? record.get("Id") : null);
            for (FieldDef f : fields) {
                Xml.element(sb, "sf:" + f.name, soapValue(record.get(f.name)));
            }
            sb.append("</records>");
        }
        Xml.element(sb, "size", page.size());
        return sb.toString();
    }

    /** A typed value as the partner API writes it in a record (null stays null: {@code xsi:nil}). */
    private static Object soapValue(Object value) {
        if (value instanceof Instant) {
            return Xml.dateTime((Instant) value);
        }
        return value;
    }

    private static String childText(Element parent, String localName) {
        for (Element e : Xml.children(parent)) {
            if (localName.equals(e.getLocalName())) {
                return e.getTextContent();
            }
        }
        return null;
    }

    private static String envelope(String header, String body) {
        return Xml.DECLARATION + "<soapenv:Envelope xmlns:soapenv=\"" + ENVELOPE_NS + "\" xmlns=\"" + PARTNER_NS
                + "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:sf=\"" + SOBJECT_NS + "\">"
                + (header == null ? "" : "<soapenv:Header>" + header + "</soapenv:Header>")
                + "<soapenv:Body>" + body + "</soapenv:Body></soapenv:Envelope>";
    }

    static String fault(SoapFault f) {
        StringBuilder sb = new StringBuilder(Xml.DECLARATION).append("<soapenv:Envelope xmlns:soapenv=\"")
                .append(ENVELOPE_NS).append("\" xmlns:sf=\"").append(FAULT_NS)
                .append("\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body><soapenv:Fault>")
                .append("<faultcode>").append(Xml.escape(f.faultCode)).append("</faultcode><faultstring>")
                .append(Xml.escape(f.getMessage())).append("</faultstring>");
        if (f.detailType != null) {
            sb.append("<detail><sf:").append(f.detailType).append(" xsi:type=\"sf:").append(f.detailType)
                    .append("\"><sf:exceptionCode>").append(f.exceptionCode).append("</sf:exceptionCode>")
                    .append("<sf:exceptionMessage>").append(Xml.escape(f.exceptionMessage))
                    .append("</sf:exceptionMessage>");
            if (f.isQueryFault()) {
                sb.append("<sf:row>").append(f.row).append("</sf:row><sf:column>").append(f.column)
                        .append("</sf:column>");
            }
            sb.append("</sf:").append(f.detailType).append("></detail>");
        }
        return sb.append("</soapenv:Fault></soapenv:Body></soapenv:Envelope>").toString();
    }

    private String loginResult(Org.Session session, String version) {
        Org.User user = session.user;
        StringBuilder sb = new StringBuilder();
        Xml.element(sb, "metadataServerUrl", baseUrl + "/services/Soap/m/" + version + "/" + org.orgId);
        Xml.element(sb, "passwordExpired", false);
        Xml.element(sb, "sandbox", false);
        Xml.element(sb, "serverUrl", baseUrl + "/services/Soap/u/" + version + "/" + org.orgId);
        Xml.element(sb, "sessionId", session.id);
        Xml.element(sb, "userId", user.id);
        sb.append("<userInfo>");
        Xml.element(sb, "accessibilityMode", false);
        Xml.element(sb, "chatterExternal", false);
        Xml.element(sb, "currencySymbol", "$");
        Xml.element(sb, "orgAttachmentFileSizeLimit", 5242880);
        Xml.element(sb, "orgDefaultCurrencyIsoCode", "USD");
        Xml.element(sb, "orgDefaultCurrencyLocale", "en_US");
        Xml.element(sb, "orgDisallowHtmlAttachments", false);
        Xml.element(sb, "orgHasPersonAccounts", false);
        Xml.element(sb, "organizationId", org.orgId);
        Xml.element(sb, "organizationMultiCurrency", false);
        Xml.element(sb, "organizationName", org.orgName);
        Xml.element(sb, "profileId", "00e5g000000Fake");
        Xml.element(sb, "roleId", null);
        Xml.element(sb, "sessionSecondsValid", 7200);
        Xml.element(sb, "userDefaultCurrencyIsoCode", null);
        Xml.element(sb, "userEmail", user.username);
        Xml.element(sb, "userFullName", user.username);
        Xml.element(sb, "userId", user.id);
        Xml.element(sb, "userLanguage", "en_US");
        Xml.element(sb, "userLocale", "en_US");
        Xml.element(sb, "userName", user.username);
        Xml.element(sb, "userTimeZone", "America/Los_Angeles");
        Xml.element(sb, "userType", "Standard");
        Xml.element(sb, "userUiSkin", "Theme3");
        return sb.append("</userInfo>").toString();
    }

    /** A DescribeSObjectResult, every element in schema order; nillable strings without a value as xsi:nil. */
    private String describe(SObjectDef def) {
        boolean custom = def.name.endsWith("__c");
        StringBuilder sb = new StringBuilder();
        Xml.element(sb, "activateable", false);
        Xml.element(sb, "associateEntityType", null);
        Xml.element(sb, "associateParentEntity", null);
        Xml.element(sb, "compactLayoutable", true);
        Xml.element(sb, "createable", true);
        Xml.element(sb, "custom", custom);
        Xml.element(sb, "customSetting", false);
        Xml.element(sb, "deepCloneable", false);
        Xml.element(sb, "defaultImplementation", null);
        Xml.element(sb, "deletable", true);
        Xml.element(sb, "deprecatedAndHidden", false);
        Xml.element(sb, "feedEnabled", false);
        for (FieldDef f : def.fields()) {
            sb.append("<fields>");
            field(sb, f);
            sb.append("</fields>");
        }
        Xml.element(sb, "hasSubtypes", false);
        Xml.element(sb, "idEnabled", true);
        Xml.element(sb, "implementedBy", null);
        Xml.element(sb, "implementsInterfaces", null);
        Xml.element(sb, "isInterface", false);
        Xml.element(sb, "isSubtype", false);
        Xml.element(sb, "keyPrefix", def.keyPrefix);
        Xml.element(sb, "label", def.label);
        Xml.element(sb, "labelPlural", def.label + "s");
        Xml.element(sb, "layoutable", true);
        Xml.element(sb, "mergeable", false);
        Xml.element(sb, "mruEnabled", true);
        Xml.element(sb, "name", def.name);
        Xml.element(sb, "networkScopeFieldName", null);
        Xml.element(sb, "queryable", true);
        Xml.element(sb, "replicateable", true);
        Xml.element(sb, "retrieveable", true);
        Xml.element(sb, "searchable", true);
        Xml.element(sb, "undeletable", true);
        Xml.element(sb, "updateable", true);
        Xml.element(sb, "urlDetail", baseUrl + "/{ID}");
        Xml.element(sb, "urlEdit", baseUrl + "/{ID}/e");
        Xml.element(sb, "urlNew", baseUrl + "/" + def.keyPrefix + "/e");
        return sb.toString();
    }

    private static void field(StringBuilder sb, FieldDef f) {
        boolean string = f.type == FieldType.STRING;
        boolean custom = f.name.endsWith("__c");
        Xml.element(sb, "aggregatable", true);
        Xml.element(sb, "aiPredictionField", false);
        Xml.element(sb, "autoNumber", false);
        Xml.element(sb, "byteLength", string ? f.length * 3 : f.length);
        Xml.element(sb, "calculated", false);
        Xml.element(sb, "caseSensitive", false);
        Xml.element(sb, "createable", f.createable);
        Xml.element(sb, "custom", custom);
        Xml.element(sb, "defaultedOnCreate", f.defaultedOnCreate);
        Xml.element(sb, "deprecatedAndHidden", false);
        Xml.element(sb, "digits", f.type == FieldType.INT ? 9 : 0);
        Xml.element(sb, "externalId", f.externalId);
        Xml.element(sb, "filterable", true);
        Xml.element(sb, "groupable", f.type != FieldType.DOUBLE && f.type != FieldType.DATETIME);
        Xml.element(sb, "idLookup", f.idLookup);
        Xml.element(sb, "label", f.label);
        Xml.element(sb, "length", f.length);
        Xml.element(sb, "name", f.name);
        Xml.element(sb, "nameField", f.name.equals("Name"));
        Xml.element(sb, "nillable", f.nillable);
        Xml.element(sb, "permissionable", custom && f.nillable);
        Xml.element(sb, "polymorphicForeignKey", false);
        Xml.element(sb, "precision", f.type == FieldType.DOUBLE ? 18 : 0);
        Xml.element(sb, "queryByDistance", false);
        if (f.referenceTo != null) {
            Xml.element(sb, "referenceTo", f.referenceTo);
            Xml.element(sb, "relationshipName", f.relationshipName);
        }
        Xml.element(sb, "restrictedPicklist", false);
        Xml.element(sb, "scale", f.type == FieldType.DOUBLE ? 2 : 0);
        Xml.element(sb, "searchPrefilterable", false);
        Xml.element(sb, "soapType", f.type.soapType);
        Xml.element(sb, "sortable", true);
        Xml.element(sb, "type", f.type.wireName);
        Xml.element(sb, "unique", f.unique);
        Xml.element(sb, "updateable", f.updateable);
    }
}
