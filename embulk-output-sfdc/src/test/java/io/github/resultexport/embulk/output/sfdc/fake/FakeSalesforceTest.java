package io.github.resultexport.embulk.output.sfdc.fake;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.sforce.async.AsyncApiException;
import com.sforce.async.AsyncExceptionCode;
import com.sforce.async.BatchInfo;
import com.sforce.async.BatchInfoList;
import com.sforce.async.BatchStateEnum;
import com.sforce.async.BulkConnection;
import com.sforce.async.CSVReader;
import com.sforce.async.ConcurrencyMode;
import com.sforce.async.ContentType;
import com.sforce.async.JobInfo;
import com.sforce.async.JobStateEnum;
import com.sforce.async.OperationEnum;
import com.sforce.async.QueryResultList;
import com.sforce.soap.partner.Connector;
import com.sforce.soap.partner.DescribeSObjectResult;
import com.sforce.soap.partner.Field;
import com.sforce.soap.partner.FieldType;
import com.sforce.soap.partner.LoginResult;
import com.sforce.soap.partner.PartnerConnection;
import com.sforce.soap.partner.QueryResult;
import com.sforce.soap.partner.fault.ExceptionCode;
import com.sforce.soap.partner.fault.InvalidFieldFault;
import com.sforce.soap.partner.fault.InvalidQueryLocatorFault;
import com.sforce.soap.partner.fault.InvalidSObjectFault;
import com.sforce.soap.partner.fault.LoginFault;
import com.sforce.soap.partner.fault.MalformedQueryFault;
import com.sforce.soap.partner.fault.UnexpectedErrorFault;
import com.sforce.soap.partner.sobject.SObject;
import com.sforce.ws.ConnectionException;
import com.sforce.ws.ConnectorConfig;
import com.sforce.ws.SoapFaultException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Drives {@link FakeSalesforce} with the real force-wsc 65.0.0 / force-partner-api 65.0.0, and records how those
 * clients surface each rejection and fault:
 *
 * <ul>
 * <li>Wrong username, password or token → {@link LoginFault} (a {@link ConnectionException}) with
 * {@code getExceptionCode() == ExceptionCode.INVALID_LOGIN}, thrown by {@code Connector.newConnection}.</li>
 * <li>describeSObject of an unknown object → {@link InvalidSObjectFault}, {@code INVALID_TYPE}.</li>
 * <li>SOAP call with an expired or unknown session → {@link UnexpectedErrorFault}, {@code INVALID_SESSION_ID}.
 * force-wsc first turns this fault (faultstring with "Illegal Session") into an internal
 * SessionTimedOutException and calls the config's {@code SessionRenewer} once if one is set; without one it
 * throws the UnexpectedErrorFault.</li>
 * <li>A query the fake cannot parse (malformed, or SOQL it does not support) → {@link MalformedQueryFault}
 * {@code MALFORMED_QUERY}; an unknown field, or a literal of the wrong type for its field → {@link InvalidFieldFault}
 * {@code INVALID_FIELD}; an unknown object → {@link InvalidSObjectFault} {@code INVALID_TYPE}; all three with
 * {@code getRow()}/{@code getColumn()} of the error and a message that shows the query with a caret under it. A
 * {@code queryMore} with a locator that is unknown, of another user or already read to its end →
 * {@link InvalidQueryLocatorFault} {@code INVALID_QUERY_LOCATOR}. A QueryResult's {@code getSize()} counts the
 * records of all its pages; record values are strings ({@code getField}), a null is null.</li>
 * <li>An unknown SOAP operation (the fake knows login, describeSObject, query, queryMore, logout only) →
 * {@link SoapFaultException} whose {@code getFaultCode()} is {@code {http://schemas.xmlsoap.org/soap/envelope/}Client}
 * and message "No operation available for request …".</li>
 * <li>Every Bulk API error reply ({@code <error>} XML, HTTP 400) → {@link AsyncApiException} whose
 * {@code getExceptionCode()} is the code sent: {@code InvalidSessionId} (bad or expired X-SFDC-Session),
 * {@code InvalidJob} (unknown object, upsert key not an external id, unknown job id), {@code FeatureNotEnabled}
 * (hardDelete without "Bulk API Hard Delete"), {@code InvalidJobState} (batch added to a closed or aborted job,
 * closing a job twice), {@code InvalidBatch} (unknown batch id, results of a batch not completed).</li>
 * <li>Whole-batch failures (more than 10,000 records, more than 10 MiB, more than 10,000,000 characters, a field
 * over 32,000 characters, an unknown column, malformed CSV, an injected batch failure) are no exception: the batch
 * ends {@link BatchStateEnum#Failed} with {@code getStateMessage()} "InvalidBatch : …" (or the injected message),
 * nothing processed; asking for its results is AsyncApiException {@code InvalidBatch} "Batch not completed".</li>
 * <li>Row failures are no exception either: the result CSV row has Success "false" and Error
 * {@code CODE:message:fields --} (REQUIRED_FIELD_MISSING, INVALID_TYPE_ON_FIELD_IN_RECORD, STRING_TOO_LONG,
 * INVALID_CROSS_REFERENCE_KEY, ENTITY_IS_DELETED, MISSING_ARGUMENT, UNABLE_TO_LOCK_ROW, …), counted in
 * numberRecordsFailed of the batch and the job.</li>
 * <li>An injected 5xx with a Bulk {@code <error>} body → AsyncApiException with the code sent (e.g.
 * {@code InternalServerError}). A 5xx with an HTML body: on GETs (job/batch info, results) AsyncApiException
 * {@code ClientInputError} "Server error returned in unknown format" (force-wsc only parses error bodies whose
 * Content-Type is application/xml or application/json); on POSTs (create job/batch, close) AsyncApiException
 * {@code ClientInputError} "Failed to parse exception" (it parses the body as XML whatever the Content-Type).
 * On SOAP calls a 5xx fault → the typed fault ({@code UnexpectedErrorFault UNKNOWN_EXCEPTION}).</li>
 * <li>A dropped connection: the JDK's HttpURLConnection silently re-sends a request once when the connection
 * closes before any response, for POSTs too ({@code sun.net.http.retryPost} defaults to true). So one drop
 * before applying is invisible, and <b>one drop after applying applies a POST twice</b> (a second batch is
 * created, a second close answers InvalidJobState). The JDK reads that property once per JVM, when its HTTP client
 * first loads; the plugin sets it to false when its class loads, and where that came first a dropped POST is not
 * re-sent: the call fails ({@code ClientInputError} with the IOException as cause), applied or not. A request
 * dropped or reset every time: a Bulk GET (job or batch info, batch list, results) → AsyncApiException
 * {@code ClientInputError} "Server error returned in unknown format" <b>without a cause</b> (force-wsc reads the
 * missing error stream as an unknown error body, so a transport failure looks like an HTML error page); a Bulk POST
 * (create job or batch, close, abort) → AsyncApiException {@code ClientInputError} whose cause is the IOException;
 * a SOAP call → {@link ConnectionException} whose cause is the IOException.</li>
 * <li>An injected session expiry on a Bulk call → AsyncApiException {@code InvalidSessionId}; BulkConnection has
 * no renewal: the caller must log in again and build a new BulkConnection (jobs and batches stay usable with the
 * new session).</li>
 * </ul>
 */
public class FakeSalesforceTest {
    private static final String VERSION = "62.0";
    private static final String USER = "loader@example.com";
    private static final String PASSWORD = "s3cret";
    private static final String TOKEN = "TOKENabc123";
    private static final String ADMIN = "admin@example.com";
    private static final String OBJ = "ResultOutput__c";

    private FakeSalesforce fake;
    private int expectedLogouts;

    @Before
    public void startFake() {
        long start = System.nanoTime();
        fake = FakeSalesforce.start();
        assertTrue("started in " + (System.nanoTime() - start) / 1_000_000 + " ms",
                System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1));
        fake.addUser(USER, PASSWORD, TOKEN, false);
        fake.addUser(ADMIN, PASSWORD, TOKEN, true);
        fake.defineObject(SObjectDef.named("Account", "001")
                .field(FieldDef.string("Name").required())
                .field(FieldDef.string("AccExt__c").externalId().unique()));
        fake.defineObject(SObjectDef.named(OBJ, "a01")
                .field(FieldDef.string("Name").length(80).required())
                .field(FieldDef.string("ExtId__c").length(40).externalId())
                .field(FieldDef.of("Count__c", io.github.resultexport.embulk.output.sfdc.fake.FieldType.INT))
                .field(FieldDef.of("Amount__c", io.github.resultexport.embulk.output.sfdc.fake.FieldType.DOUBLE))
                .field(FieldDef.of("Active__c", io.github.resultexport.embulk.output.sfdc.fake.FieldType.BOOLEAN))
                .field(FieldDef.of("Day__c", io.github.resultexport.embulk.output.sfdc.fake.FieldType.DATE))
                .field(FieldDef.of("At__c", io.github.resultexport.embulk.output.sfdc.fake.FieldType.DATETIME))
                .field(FieldDef.string("Note__c").length(131072))
                .field(FieldDef.reference("Account__c", "Account", "Account__r"))
                .field(FieldDef.string("Formula__c").readOnly()));
    }

    @After
    public void stopFake() {
        List<Throwable> errors = fake.internalErrors();
        int logouts = fake.logoutCalls();
        fake.close();
        assertEquals(List.of(), errors);
        assertEquals(List.of(), fake.faults().hookFailures());
        assertEquals(expectedLogouts, logouts);
    }

    // ------------------------------------------------------------------ helpers

    private PartnerConnection login(String user) throws ConnectionException {
        ConnectorConfig config = new ConnectorConfig();
        config.setUsername(user);
        config.setPassword(PASSWORD + TOKEN);
        config.setAuthEndpoint(fake.authEndpoint(VERSION));
        return Connector.newConnection(config);
    }

    private static BulkConnection bulk(PartnerConnection partner) throws AsyncApiException {
        ConnectorConfig config = new ConnectorConfig();
        config.setSessionId(partner.getConfig().getSessionId());
        String serverUrl = partner.getConfig().getServiceEndpoint();
        config.setRestEndpoint(serverUrl.substring(0, serverUrl.indexOf("/services/") + "/services/".length())
                + "async/" + VERSION);
        return new BulkConnection(config);
    }

    private BulkConnection bulk() throws Exception {
        return bulk(login(USER));
    }

    private static JobInfo createJob(BulkConnection bulk, OperationEnum operation, String externalId,
            ConcurrencyMode mode) throws AsyncApiException {
        JobInfo job = new JobInfo();
        job.setObject(OBJ);
        job.setOperation(operation);
        job.setContentType(ContentType.CSV);
        if (externalId != null) {
            job.setExternalIdFieldName(externalId);
        }
        if (mode != null) {
            job.setConcurrencyMode(mode);
        }
        return bulk.createJob(job);
    }

    private static JobInfo createJob(BulkConnection bulk, OperationEnum operation) throws AsyncApiException {
        return createJob(bulk, operation, null, null);
    }

    private static BatchInfo add(BulkConnection bulk, JobInfo job, String csv) throws AsyncApiException {
        return bulk.createBatchFromStream(job, new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
    }

    /** Polls until the batch is Completed or Failed; the states seen along the way are added to {@code seen}. */
    private static BatchInfo await(BulkConnection bulk, BatchInfo batch, List<BatchStateEnum> seen)
            throws AsyncApiException {
        for (int i = 0; i < 50; i++) {
            BatchInfo info = bulk.getBatchInfo(batch.getJobId(), batch.getId());
            if (seen != null) {
                seen.add(info.getState());
            }
            if (info.getState() == BatchStateEnum.Completed || info.getState() == BatchStateEnum.Failed) {
                return info;
            }
        }
        throw new AssertionError("batch did not finish: " + batch.getId());
    }

    private static BatchInfo run(BulkConnection bulk, JobInfo job, String csv) throws AsyncApiException {
        return await(bulk, add(bulk, job, csv), null);
    }

    private static List<List<String>> readCsv(InputStream in) throws IOException {
        CSVReader reader = new CSVReader(in);
        List<List<String>> rows = new ArrayList<>();
        for (List<String> row = reader.nextRecord(); row != null; row = reader.nextRecord()) {
            rows.add(row);
        }
        return rows;
    }

    /** The result rows (header checked and dropped). */
    private static List<List<String>> results(BulkConnection bulk, BatchInfo batch) throws Exception {
        List<List<String>> rows = readCsv(bulk.getBatchResultStream(batch.getJobId(), batch.getId()));
        assertEquals(List.of("Id", "Success", "Created", "Error"), rows.get(0));
        return rows.subList(1, rows.size());
    }

    private Map<String, Object> recordByName(String name) {
        return fake.records(OBJ).stream().filter(r -> name.equals(r.get("Name"))).findFirst().orElse(null);
    }

    /** A success row as CSVReader returns it: the empty quoted Error field reads as null. */
    private static List<String> ok(Object id, boolean created) {
        return Arrays.asList((String) id, "true", Boolean.toString(created), null);
    }

    private static void assertRowError(List<String> row, String statusCode) {
        assertEquals("false", row.get(1));
        assertNull(row.get(0));
        assertTrue(row.get(3), row.get(3).startsWith(statusCode + ":"));
        assertTrue(row.get(3), row.get(3).endsWith("--"));
    }

    // ------------------------------------------------------------------ SOAP

    @Test
    public void loginAndDescribeWithTheRealClient() throws Exception {
        PartnerConnection partner = login(USER);
        String serverUrl = partner.getConfig().getServiceEndpoint();
        assertEquals(fake.authEndpoint(VERSION) + "/" + fake.orgId(), serverUrl);
        String firstSession = partner.getConfig().getSessionId();
        assertTrue(firstSession.startsWith(fake.orgId() + "!"));
        LoginResult again = partner.login(USER, PASSWORD + TOKEN);
        assertNotEquals(firstSession, again.getSessionId());
        assertEquals(serverUrl, again.getServerUrl());
        assertFalse(again.getPasswordExpired());
        assertEquals(fake.orgId(), again.getUserInfo().getOrganizationId());
        assertEquals(USER, again.getUserInfo().getUserName());
        assertEquals(again.getUserId(), again.getUserInfo().getUserId());

        DescribeSObjectResult d = partner.describeSObject("resultoutput__c");
        assertEquals(OBJ, d.getName());
        assertEquals("a01", d.getKeyPrefix());
        assertTrue(d.getCustom());
        Map<String, Field> fields = new HashMap<>();
        for (Field f : d.getFields()) {
            fields.put(f.getName(), f);
        }
        assertEquals(FieldType.id, fields.get("Id").getType());
        assertFalse(fields.get("Id").getCreateable());
        assertTrue(fields.get("Id").getIdLookup());
        assertEquals(FieldType.string, fields.get("Name").getType());
        assertEquals(80, fields.get("Name").getLength());
        assertFalse(fields.get("Name").getNillable());
        assertFalse(fields.get("Name").getDefaultedOnCreate());
        assertTrue(fields.get("ExtId__c").getExternalId());
        assertTrue(fields.get("ExtId__c").getIdLookup());
        assertEquals(FieldType._int, fields.get("Count__c").getType());
        assertEquals(FieldType._double, fields.get("Amount__c").getType());
        assertEquals(FieldType._boolean, fields.get("Active__c").getType());
        assertFalse(fields.get("Active__c").getNillable());
        assertEquals(FieldType.date, fields.get("Day__c").getType());
        assertEquals(FieldType.datetime, fields.get("At__c").getType());
        assertEquals(FieldType.reference, fields.get("Account__c").getType());
        assertArrayEquals(new String[] {"Account"}, fields.get("Account__c").getReferenceTo());
        assertEquals("Account__r", fields.get("Account__c").getRelationshipName());
        assertFalse(fields.get("Formula__c").getCreateable());
        assertFalse(fields.get("Formula__c").getUpdateable());

        assertEquals(2, fake.requests().count("login"));
        assertEquals(1, fake.requests().count("describeSObject"));
        RecordedRequest describe = fake.requests().entries("describeSObject").get(0);
        assertEquals("describeSObject", describe.soapOperation());
        assertEquals(200, describe.status());
        String log = fake.requests().toString() + fake.requests().entries();
        assertFalse(log.contains(firstSession));
        assertFalse(log.contains(PASSWORD));
        assertFalse(log.contains(TOKEN));
    }

    private static void assertArrayEquals(String[] expected, String[] actual) {
        assertEquals(Arrays.asList(expected), Arrays.asList(actual));
    }

    @Test
    public void wrongCredentialsAreTheLoginFault() {
        for (String password : List.of(PASSWORD, PASSWORD + "wrong", TOKEN)) {
            ConnectorConfig config = new ConnectorConfig();
            config.setUsername(USER);
            config.setPassword(password);
            config.setAuthEndpoint(fake.authEndpoint(VERSION));
            LoginFault fault = assertThrows(LoginFault.class, () -> Connector.newConnection(config));
            assertEquals(ExceptionCode.INVALID_LOGIN, fault.getExceptionCode());
            assertEquals(SoapApi.INVALID_LOGIN_MESSAGE, fault.getExceptionMessage());
        }
        ConnectorConfig config = new ConnectorConfig();
        config.setUsername("nobody@example.com");
        config.setPassword(PASSWORD + TOKEN);
        config.setAuthEndpoint(fake.authEndpoint(VERSION));
        assertThrows(LoginFault.class, () -> Connector.newConnection(config));
        assertEquals(4, fake.requests().count("login"));
        assertTrue(fake.requests().entries("login").stream().allMatch(r -> r.status() == 500
                && "sf:INVALID_LOGIN".equals(r.error())));
    }

    @Test
    public void describeRejectsUnknownObjectsAndDeadSessions() throws Exception {
        PartnerConnection partner = login(USER);
        InvalidSObjectFault invalid = assertThrows(InvalidSObjectFault.class, () -> partner.describeSObject("Nope__c"));
        assertEquals(ExceptionCode.INVALID_TYPE, invalid.getExceptionCode());
        assertTrue(invalid.getExceptionMessage().startsWith("sObject type 'Nope__c' is not supported."));

        fake.expireAllSessions();
        UnexpectedErrorFault expired = assertThrows(UnexpectedErrorFault.class, () -> partner.describeSObject(OBJ));
        assertEquals(ExceptionCode.INVALID_SESSION_ID, expired.getExceptionCode());
        assertNotNull(login(USER).describeSObject(OBJ));
    }

    @Test
    public void unknownSoapOperationsAndHeadersAreFaults() throws Exception {
        PartnerConnection partner = login(USER);
        SoapFaultException fault = assertThrows(SoapFaultException.class, () -> partner.describeGlobal());
        assertEquals("Client", fault.getFaultCode().getLocalPart());
        assertTrue(fault.getMessage(), fault.getMessage().contains(
                "No operation available for request {urn:partner.soap.sforce.com}describeGlobal"));
        assertEquals(1, fake.requests().count("soap/other"));

        String session = partner.getConfig().getSessionId();
        String mustUnderstand = soapPost("<env:Header><x:Trace xmlns:x=\"urn:example\" env:mustUnderstand=\"1\">1"
                + "</x:Trace></env:Header><env:Body><m:describeSObject xmlns:m=\"urn:partner.soap.sforce.com\">"
                + "<m:sObjectType>Account</m:sObjectType></m:describeSObject></env:Body>");
        assertTrue(mustUnderstand, mustUnderstand.contains("<faultcode>soapenv:MustUnderstand</faultcode>"));
        String unknownPartnerHeader = soapPost("<env:Header><SessionHeader xmlns=\"urn:partner.soap.sforce.com\">"
                + "<sessionId>" + session + "</sessionId></SessionHeader><Bogus xmlns=\"urn:partner.soap.sforce.com\"/>"
                + "</env:Header><env:Body><m:describeSObject xmlns:m=\"urn:partner.soap.sforce.com\">"
                + "<m:sObjectType>Account</m:sObjectType></m:describeSObject></env:Body>");
        assertTrue(unknownPartnerHeader, unknownPartnerHeader.contains("<faultcode>sf:INVALID_SOAP_HEADER"));
        String ignored = soapPost("<env:Header><SessionHeader xmlns=\"urn:partner.soap.sforce.com\"><sessionId>"
                + session + "</sessionId></SessionHeader><x:Trace xmlns:x=\"urn:example\">1</x:Trace></env:Header>"
                + "<env:Body><m:describeSObject xmlns:m=\"urn:partner.soap.sforce.com\"><m:sObjectType>Account"
                + "</m:sObjectType></m:describeSObject></env:Body>");
        assertTrue(ignored, ignored.contains("<name>Account</name>"));
    }

    private String soapPost(String inner) throws Exception {
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><env:Envelope xmlns:env=\""
                + SoapApi.ENVELOPE_NS + "\">" + inner + "</env:Envelope>";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(fake.authEndpoint(VERSION))).header("Content-Type", "text/xml; charset=UTF-8")
                .header("SOAPAction", "\"\"").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    // ------------------------------------------------------------------ SOAP query and queryMore

    /** A SOQL string literal as SOQL wants it: single quotes and backslashes escaped with a backslash. */
    private static String soqlString(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** Every record of a query, reading on with queryMore; {@code pages} gets each page's record count. */
    private static List<SObject> queryAll(PartnerConnection partner, String soql, List<Integer> pages)
            throws ConnectionException {
        List<SObject> out = new ArrayList<>();
        QueryResult result = partner.query(soql);
        int size = result.getSize();
        while (true) {
            assertEquals(size, result.getSize());
            pages.add(result.getRecords().length);
            out.addAll(Arrays.asList(result.getRecords()));
            if (result.isDone()) {
                assertNull(result.getQueryLocator());
                break;
            }
            assertNotNull(result.getQueryLocator());
            result = partner.queryMore(result.getQueryLocator());
        }
        assertEquals(size, out.size());
        return out;
    }

    @Test
    public void queryAnswersTheSelectedFieldsAsSalesforceWritesThem() throws Exception {
        String accountId = fake.seed("Account", Map.of("Name", "Acme"));
        String full = fake.seed(OBJ, Map.of("Name", "full", "ExtId__c", "K-1", "Count__c", 7, "Amount__c", 1.5,
                "Active__c", true, "Day__c", LocalDate.of(2024, 2, 29), "At__c",
                Instant.parse("2024-03-01T12:34:56.789Z"), "Account__c", accountId));
        fake.seed(OBJ, Map.of("Name", "empty"));
        PartnerConnection partner = login(USER);

        QueryResult result = partner.query("SELECT Id, name, ExtId__c, Count__c, Amount__c, Active__c, Day__c,"
                + " At__c, Account__c, Note__c FROM resultoutput__c WHERE Id = '" + full.substring(0, 15) + "'");
        assertTrue(result.isDone());
        assertNull(result.getQueryLocator());
        assertEquals(1, result.getSize());
        SObject r = result.getRecords()[0];
        assertEquals(OBJ, r.getType());
        assertEquals(full, r.getId());
        assertEquals("full", r.getField("Name"));
        assertEquals("K-1", r.getField("ExtId__c"));
        assertEquals("7", r.getField("Count__c"));
        assertEquals("1.5", r.getField("Amount__c"));
        assertEquals("true", r.getField("Active__c"));
        assertEquals("2024-02-29", r.getField("Day__c"));
        assertEquals("2024-03-01T12:34:56.789Z", r.getField("At__c"));
        assertEquals(accountId, r.getField("Account__c"));
        assertNull(r.getField("Note__c"));
        assertNull(r.getChild("Formula__c"));
        List<String> names = new ArrayList<>();
        r.getChildren().forEachRemaining(c -> names.add(c.getName().getLocalPart()));
        assertEquals(List.of("type", "Id", "Id", "Name", "ExtId__c", "Count__c", "Amount__c", "Active__c", "Day__c",
                "At__c", "Account__c", "Note__c"), names);

        QueryResult withoutId = partner.query("SELECT Name FROM " + OBJ + " WHERE Name IN ('EMPTY')");
        assertEquals(1, withoutId.getSize());
        assertNull(withoutId.getRecords()[0].getId());
        assertEquals("empty", withoutId.getRecords()[0].getField("Name"));

        QueryResult none = partner.query("SELECT Id FROM " + OBJ + " WHERE ExtId__c = 'nothing'");
        assertTrue(none.isDone());
        assertEquals(0, none.getSize());
        assertEquals(0, none.getRecords().length);

        assertEquals(1, partner.query("SELECT Id FROM " + OBJ + " WHERE Count__c = 7.0").getSize());
        assertEquals(1, partner.query("SELECT Id FROM " + OBJ + " WHERE Active__c = TRUE").getSize());
        assertEquals(1, partner.query("SELECT Id FROM " + OBJ + " WHERE Active__c = false").getSize());
        assertEquals(1, partner.query("SELECT Id FROM " + OBJ + " WHERE Day__c = 2024-02-29").getSize());
        assertEquals(1, partner.query("SELECT Id FROM " + OBJ + " WHERE At__c = 2024-03-01T21:34:56.789+09:00")
                .getSize());
        assertEquals(2, partner.query("SELECT Id FROM " + OBJ + " WHERE Note__c = null").getSize());
        assertEquals(1, partner.query("select id from " + OBJ + " where ExtId__c in (null)").getSize());
        assertEquals(10, fake.requests().count("soap/query"));
        assertEquals(0, fake.openQueryCursors());
    }

    @Test
    public void queryMoreReadsThePagesInOrderAndTheCursorEndsWithTheLastOne() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(fake.seed(OBJ, Map.of("Name", "r" + i, "ExtId__c", "k" + i)));
        }
        fake.setQueryBatchSize(3);
        PartnerConnection partner = login(USER);
        List<Integer> pages = new ArrayList<>();
        List<SObject> records = queryAll(partner, "SELECT Id, ExtId__c FROM " + OBJ, pages);
        assertEquals(List.of(3, 3, 2), pages);
        List<String> seen = new ArrayList<>();
        records.forEach(r -> seen.add(r.getId()));
        assertEquals(ids, seen);
        assertEquals("k7", records.get(7).getField("ExtId__c"));
        assertEquals(1, fake.requests().count("query"));
        assertEquals(2, fake.requests().count("queryMore"));
        assertEquals(0, fake.openQueryCursors());

        QueryResult first = partner.query("SELECT Id FROM " + OBJ + " WHERE ExtId__c IN ('k1','k2','k3','k4')");
        assertFalse(first.isDone());
        assertEquals(4, first.getSize());
        String locator = first.getQueryLocator();
        assertTrue(locator, locator.matches("01g[0-9A-Za-z]{15}-3"));
        assertEquals(1, fake.openQueryCursors());
        fake.seed(OBJ, Map.of("Name", "late", "ExtId__c", "k4"));
        QueryResult last = partner.queryMore(locator);
        assertTrue(last.isDone());
        assertEquals("the cursor is a snapshot", 1, last.getRecords().length);
        assertEquals(ids.get(4), last.getRecords()[0].getId());
        assertEquals(0, fake.openQueryCursors());
        InvalidQueryLocatorFault used = assertThrows(InvalidQueryLocatorFault.class, () -> partner.queryMore(locator));
        assertEquals(ExceptionCode.INVALID_QUERY_LOCATOR, used.getExceptionCode());
        assertThrows(InvalidQueryLocatorFault.class, () -> partner.queryMore("01g5g0000000000AAA-3"));
        assertThrows(InvalidQueryLocatorFault.class, () -> partner.queryMore("garbage"));

        String open = partner.query("SELECT Id FROM " + OBJ).getQueryLocator();
        PartnerConnection admin = login(ADMIN);
        assertThrows(InvalidQueryLocatorFault.class, () -> admin.queryMore(open));
        assertEquals(3, login(USER).queryMore(open).getRecords().length);
    }

    @Test
    public void queryOptionsBatchSizeIsTakenWithinSalesforcesBounds() throws Exception {
        for (int i = 0; i < 2_450; i++) {
            fake.seed(OBJ, Map.of("Name", "n" + i));
        }
        PartnerConnection partner = login(USER);
        List<Integer> pages = new ArrayList<>();
        queryAll(partner, "SELECT Id FROM " + OBJ, pages);
        assertEquals(List.of(2_000, 450), pages);

        partner.setQueryOptions(500);
        pages.clear();
        queryAll(partner, "SELECT Id FROM " + OBJ, pages);
        assertEquals(List.of(500, 500, 500, 500, 450), pages);

        partner.setQueryOptions(10);
        pages.clear();
        queryAll(partner, "SELECT Name FROM " + OBJ + " WHERE Name IN ('n1', 'n2')", pages);
        assertEquals(List.of(2), pages);
        QueryResult first = partner.query("SELECT Id FROM " + OBJ);
        assertEquals("a batch size under 200 is taken as 200", 200, first.getRecords().length);
        partner.setQueryOptions(5_000);
        assertEquals("over 2,000 is taken as 2,000", 2_000, partner.queryMore(first.getQueryLocator())
                .getRecords().length);
    }

    @Test
    public void queryStringLiteralsAreUnescapedAndComparedIgnoringCase() throws Exception {
        List<String> keys = List.of("plain", "it's", "back\\slash", "both\\'", "quote\"d", "tab\there", "ünï");
        Map<String, String> idByKey = new HashMap<>();
        for (String key : keys) {
            idByKey.put(key, fake.seed(OBJ, Map.of("Name", "x", "ExtId__c", key)));
        }
        fake.seed(OBJ, Map.of("Name", "other", "ExtId__c", "it"));
        StringBuilder in = new StringBuilder();
        for (String key : keys) {
            in.append(in.length() == 0 ? "" : ",").append(soqlString(key.toUpperCase(java.util.Locale.ROOT)));
        }
        PartnerConnection partner = login(USER);
        List<SObject> found = queryAll(partner, "SELECT Id, ExtId__c FROM " + OBJ + " WHERE ExtId__c IN (" + in
                + ")", new ArrayList<>());
        Map<String, String> idByFound = new HashMap<>();
        found.forEach(r -> idByFound.put((String) r.getField("ExtId__c"), r.getId()));
        assertEquals(idByKey, idByFound);

        assertEquals(idByKey.get("tab\there"), partner.query("SELECT Id FROM " + OBJ + " WHERE ExtId__c = 'tab\\there'")
                .getRecords()[0].getId());
        assertEquals(idByKey.get("it's"), partner.query("SELECT Id FROM " + OBJ + " WHERE ExtId__c = 'it\\u0027s'")
                .getRecords()[0].getId());
        MalformedQueryFault badEscape = assertThrows(MalformedQueryFault.class,
                () -> partner.query("SELECT Id FROM " + OBJ + " WHERE ExtId__c = 'a\\qb'"));
        assertEquals(ExceptionCode.MALFORMED_QUERY, badEscape.getExceptionCode());
        String where = "SELECT Id FROM " + OBJ + " WHERE ExtId__c = ";
        assertThrows(MalformedQueryFault.class, () -> partner.query(where + "'it's'"));
        assertThrows(MalformedQueryFault.class, () -> partner.query(where + "'open"));
    }

    @Test
    public void malformedAndUnsupportedQueriesAreTheQueryFaults() throws Exception {
        PartnerConnection partner = login(USER);
        MalformedQueryFault eof = assertThrows(MalformedQueryFault.class, () -> partner.query("SELECT Id FROM"));
        assertEquals(ExceptionCode.MALFORMED_QUERY, eof.getExceptionCode());
        assertEquals("\nSELECT Id FROM\n              ^\nERROR at Row:1:Column:15\nunexpected token: '<EOF>'",
                eof.getExceptionMessage());
        assertEquals(1, eof.getRow());
        assertEquals(15, eof.getColumn());

        InvalidFieldFault field = assertThrows(InvalidFieldFault.class,
                () -> partner.query("SELECT Id, Nope__c FROM " + OBJ));
        assertEquals(ExceptionCode.INVALID_FIELD, field.getExceptionCode());
        assertEquals(12, field.getColumn());
        assertTrue(field.getExceptionMessage(), field.getExceptionMessage().endsWith("ERROR at Row:1:Column:12\n"
                + "No such column 'Nope__c' on entity '" + OBJ + "'. If you are attempting to use a custom field, be"
                + " sure to append the '__c' after the custom field name. Please reference your WSDL or the describe"
                + " call for the appropriate names."));

        InvalidSObjectFault type = assertThrows(InvalidSObjectFault.class,
                () -> partner.query("SELECT Id, Nope__c FROM Nope__c"));
        assertEquals(ExceptionCode.INVALID_TYPE, type.getExceptionCode());
        assertEquals(25, type.getColumn());
        assertTrue(type.getExceptionMessage().contains("sObject type 'Nope__c' is not supported."));

        InvalidFieldFault quoted = assertThrows(InvalidFieldFault.class,
                () -> partner.query("SELECT Id FROM " + OBJ + " WHERE Count__c = '7'"));
        assertTrue(quoted.getExceptionMessage(), quoted.getExceptionMessage().endsWith(
                "value of filter criterion for field 'Count__c' must be of type int and should not be enclosed in"
                        + " quotes"));
        assertThrows(InvalidFieldFault.class, () -> partner.query("SELECT Id FROM " + OBJ + " WHERE Name IN (1)"));
        assertThrows(InvalidFieldFault.class, () -> partner.query("SELECT Id FROM " + OBJ + " WHERE Nope__c = 'a'"));
        MalformedQueryFault badId = assertThrows(MalformedQueryFault.class,
                () -> partner.query("SELECT Id FROM " + OBJ + " WHERE Id IN ('001')"));
        assertEquals(ExceptionCode.INVALID_QUERY_FILTER_OPERATOR, badId.getExceptionCode());

        for (String soql : List.of("", "SELECT FROM " + OBJ, "SELECT Id, FROM " + OBJ, "SELECT Id " + OBJ,
                "SELECT Id FROM " + OBJ + " WHERE", "SELECT Id FROM " + OBJ + " WHERE Name IN ()",
                "SELECT Id FROM " + OBJ + " WHERE Name IN ('a',)", "SELECT Id FROM " + OBJ + " WHERE Name = 'a' x",
                "SELECT Id, Id FROM " + OBJ)) {
            MalformedQueryFault f = assertThrows(soql, MalformedQueryFault.class, () -> partner.query(soql));
            assertEquals(soql, ExceptionCode.MALFORMED_QUERY, f.getExceptionCode());
        }
        for (String soql : List.of("SELECT Id FROM " + OBJ + " ORDER BY Name", "SELECT Id FROM " + OBJ + " LIMIT 1",
                "SELECT Id FROM " + OBJ + " WHERE Name = 'a' AND ExtId__c = 'b'",
                "SELECT Id FROM " + OBJ + " WHERE Name != 'a'", "SELECT Id FROM " + OBJ + " WHERE Name NOT IN ('a')",
                "SELECT COUNT() FROM " + OBJ, "SELECT Account__r.Name FROM " + OBJ)) {
            MalformedQueryFault f = assertThrows(soql, MalformedQueryFault.class, () -> partner.query(soql));
            assertTrue(f.getExceptionMessage(), f.getExceptionMessage().contains("this fake supports only"));
        }
        assertEquals(0, fake.openQueryCursors());
        assertTrue(fake.requests().entries("query").stream().allMatch(r -> r.status() == 500 && !r.applied()));
    }

    @Test
    public void queryAndQueryMoreNeedALiveSession() throws Exception {
        fake.setQueryBatchSize(1);
        fake.seed(OBJ, Map.of("Name", "a"));
        fake.seed(OBJ, Map.of("Name", "b"));
        PartnerConnection partner = login(USER);
        QueryResult first = partner.query("SELECT Name FROM " + OBJ);
        fake.expireAllSessions();
        UnexpectedErrorFault expired = assertThrows(UnexpectedErrorFault.class,
                () -> partner.queryMore(first.getQueryLocator()));
        assertEquals(ExceptionCode.INVALID_SESSION_ID, expired.getExceptionCode());
        UnexpectedErrorFault again = assertThrows(UnexpectedErrorFault.class,
                () -> partner.query("SELECT Name FROM " + OBJ));
        assertEquals(ExceptionCode.INVALID_SESSION_ID, again.getExceptionCode());
        assertEquals("b", login(USER).queryMore(first.getQueryLocator()).getRecords()[0].getField("Name"));

        fake.expireSessionsAfterCalls(1);
        PartnerConnection once = login(USER);
        once.query("SELECT Name FROM " + OBJ + " WHERE Name = 'zzz'");
        assertThrows(UnexpectedErrorFault.class, () -> once.query("SELECT Name FROM " + OBJ));
        assertTrue(fake.requests().entries("query").stream().anyMatch(r -> "sf:INVALID_SESSION_ID".equals(r.error())));
    }

    // ------------------------------------------------------------------ Bulk: insert and the state machine

    @Test
    public void insertJobWithTheRealClient() throws Exception {
        BulkConnection bulk = bulk();
        JobInfo job = createJob(bulk, OperationEnum.insert);
        assertEquals(JobStateEnum.Open, job.getState());
        assertEquals(ContentType.CSV, job.getContentType());
        assertEquals(ConcurrencyMode.Parallel, job.getConcurrencyMode());
        String accountId = fake.seed("Account", Map.of("Name", "Acme", "AccExt__c", "ACC-1"));

        BatchInfo batch = add(bulk, job, "Name,ExtId__c,Count__c,Amount__c,Active__c,Day__c,At__c,Account__c,"
                + "Note__c\n"
                + "alpha,k1,7,1.5,true,2024-02-29,2024-03-01T12:34:56.789Z," + accountId + ",\"multi\nline, \"\"q\"\"\"\n"
                + "beta,,,,,,,,\n"
                + "gamma,k3,-1,1E3,0,2024-01-01,2024-01-01T00:00:00+09:00,,#N/A\n");
        assertEquals(BatchStateEnum.Queued, batch.getState());
        List<BatchStateEnum> seen = new ArrayList<>();
        BatchInfo done = await(bulk, batch, seen);
        assertEquals(List.of(BatchStateEnum.InProgress, BatchStateEnum.Completed), seen);
        assertEquals(3, done.getNumberRecordsProcessed());
        assertEquals(0, done.getNumberRecordsFailed());

        List<List<String>> results = results(bulk, done);
        assertEquals(3, results.size());
        List<Map<String, Object>> records = fake.records(OBJ);
        for (int i = 0; i < 3; i++) {
            assertEquals(ok(records.get(i).get("Id"), true), results.get(i));
            assertEquals(18, ((String) records.get(i).get("Id")).length());
            assertTrue(((String) records.get(i).get("Id")).startsWith("a01"));
        }
        Map<String, Object> alpha = recordByName("alpha");
        assertEquals("k1", alpha.get("ExtId__c"));
        assertEquals(7, alpha.get("Count__c"));
        assertEquals(1.5, alpha.get("Amount__c"));
        assertEquals(Boolean.TRUE, alpha.get("Active__c"));
        assertEquals(LocalDate.of(2024, 2, 29), alpha.get("Day__c"));
        assertEquals(Instant.parse("2024-03-01T12:34:56.789Z"), alpha.get("At__c"));
        assertEquals(accountId, alpha.get("Account__c"));
        assertEquals("multi\nline, \"q\"", alpha.get("Note__c"));
        Map<String, Object> beta = recordByName("beta");
        assertNull(beta.get("ExtId__c"));
        assertNull(beta.get("Count__c"));
        assertEquals(Boolean.FALSE, beta.get("Active__c"));
        Map<String, Object> gamma = recordByName("gamma");
        assertEquals(1000.0, gamma.get("Amount__c"));
        assertEquals(Instant.parse("2023-12-31T15:00:00Z"), gamma.get("At__c"));
        assertNull(gamma.get("Note__c"));

        assertEquals("Name,ExtId__c", readCsvText(bulk.getBatchRequestInputStream(job.getId(), batch.getId()))
                .substring(0, "Name,ExtId__c".length()));
        JobInfo closed = bulk.closeJob(job.getId());
        assertEquals(JobStateEnum.Closed, closed.getState());
        JobInfo info = bulk.getJobStatus(job.getId());
        assertEquals(1, info.getNumberBatchesCompleted());
        assertEquals(1, info.getNumberBatchesTotal());
        assertEquals(3, info.getNumberRecordsProcessed());
        assertEquals(0, info.getNumberRecordsFailed());
        assertEquals(USER, fake.job(job.getId()).createdByUsername());
        assertEquals(BatchInfoList.class, bulk.getBatchInfoList(job.getId()).getClass());
        assertEquals(1, bulk.getBatchInfoList(job.getId()).getBatchInfo().length);

        AsyncApiException reopen = assertThrows(AsyncApiException.class, () -> add(bulk, job, "Name\nx\n"));
        assertEquals(AsyncExceptionCode.InvalidJobState, reopen.getExceptionCode());
        AsyncApiException closeTwice = assertThrows(AsyncApiException.class, () -> bulk.closeJob(job.getId()));
        assertEquals(AsyncExceptionCode.InvalidJobState, closeTwice.getExceptionCode());
        assertEquals(JobStateEnum.Aborted, bulk.abortJob(job.getId()).getState());
        AsyncApiException aborted = assertThrows(AsyncApiException.class, () -> add(bulk, job, "Name\nx\n"));
        assertEquals(AsyncExceptionCode.InvalidJobState, aborted.getExceptionCode());
        assertEquals(3, fake.records(OBJ).size());

        Map<String, Integer> counts = fake.requests().countsByEndpoint();
        assertEquals(Integer.valueOf(1), counts.get("job/create"));
        assertEquals(Integer.valueOf(3), counts.get("batch/create"));
        String log = fake.requests().toString();
        assertFalse(log.contains(bulk.getConfig().getSessionId()));
    }

    private static String readCsvText(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    public void rowsAreValidatedByFieldType() throws Exception {
        BulkConnection bulk = bulk();
        JobInfo job = createJob(bulk, OperationEnum.insert);
        BatchInfo done = run(bulk, job, "Name,Count__c,Day__c,At__c,Active__c,Amount__c,Formula__c,Account__c\n"
                + "ok,1,2024-01-31,2024-01-31T10:00:00.000Z,false,2.5,,\n"
                + "badDate,1,2024-02-30,,,,,\n"
                + "badSlashDate,1,2024/01/31,,,,,\n"
                + "badInt,1.5,,,,,,\n"
                + "badDateTime,,,2024-01-31 10:00:00,,,,\n"
                + "badBool,,,,yes,,,\n"
                + "badDouble,,,,,1e,,\n"
                + ",1,,,,,,\n"
                + "readOnly,,,,,,x,\n"
                + "missingAccount,,,,,,,001000000000001\n"
                + "wrongType,,,,,,," + Ids.make("a01", 99) + "\n"
                + "#N/A,,,,,,,\n"
                + "nine,9,,,,,,\n");
        assertEquals(BatchStateEnum.Completed, done.getState());
        List<List<String>> r = results(bulk, done);
        assertEquals("true", r.get(0).get(1));
        assertRowError(r.get(1), "INVALID_TYPE_ON_FIELD_IN_RECORD");
        assertTrue(r.get(1).get(3).contains("2024-02-30"));
        assertRowError(r.get(2), "INVALID_TYPE_ON_FIELD_IN_RECORD");
        assertRowError(r.get(3), "INVALID_TYPE_ON_FIELD_IN_RECORD");
        assertRowError(r.get(4), "INVALID_TYPE_ON_FIELD_IN_RECORD");
        assertRowError(r.get(5), "INVALID_TYPE_ON_FIELD_IN_RECORD");
        assertRowError(r.get(6), "INVALID_TYPE_ON_FIELD_IN_RECORD");
        assertEquals("REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --", r.get(7).get(3));
        assertRowError(r.get(8), "INVALID_FIELD_FOR_INSERT_UPDATE");
        assertRowError(r.get(9), "INVALID_CROSS_REFERENCE_KEY");
        assertRowError(r.get(10), "FIELD_INTEGRITY_EXCEPTION");
        assertRowError(r.get(11), "REQUIRED_FIELD_MISSING");
        assertEquals("true", r.get(12).get(1));
        BatchInfo info = bulk.getBatchInfo(job.getId(), done.getId());
        assertEquals(13, info.getNumberRecordsProcessed());
        assertEquals(11, info.getNumberRecordsFailed());
        assertEquals(11, bulk.getJobStatus(job.getId()).getNumberRecordsFailed());
        assertEquals(2, fake.records(OBJ).size());

        BatchInfo tooLong = run(bulk, job, "Name\n" + "x".repeat(81) + "\n");
        List<String> row = results(bulk, tooLong).get(0);
        assertRowError(row, "STRING_TOO_LONG");
        assertTrue(row.get(3), row.get(3).contains("(max length=80)"));
    }

    @Test
    public void instantInsertsAreAnsweredAtOnceAndCheckedLater() throws Exception {
        fake.setInstantInserts(true);
        BulkConnection bulk = bulk();
        JobInfo job = createJob(bulk, OperationEnum.insert);
        BatchInfo good = run(bulk, job, "Name,Count__c,Note__c\n"
                + "a,1,\"two\nlines, \"\"q\"\"\"\n"
                + "b,2,\n"
                + "c,3,last line without a break");
        assertEquals(BatchStateEnum.Completed, good.getState());
        assertEquals(3, good.getNumberRecordsProcessed());
        List<List<String>> answered = results(bulk, good);
        assertEquals(3, answered.size());
        assertTrue(fake.records(OBJ).isEmpty());   // nothing applied yet
        assertEquals(0, fake.verifyInstantInserts());
        List<Map<String, Object>> records = fake.records(OBJ);
        assertEquals(3, records.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(ok(records.get(i).get("Id"), true), answered.get(i));
        }
        assertEquals("two\nlines, \"q\"", recordByName("a").get("Note__c"));

        BatchInfo bad = run(bulk, job, "Name,Count__c\nd,4\ne,4.5\nf,6\n");
        assertEquals(3, bad.getNumberRecordsProcessed());
        assertEquals(0, bad.getNumberRecordsFailed());
        assertEquals("e's 4.5 is no int, and f's id shifts", 2, fake.verifyInstantInserts());
        assertEquals(0, fake.verifyInstantInserts());   // each batch is checked once

        BatchInfo unknownField = run(bulk, job, "Name,Nope__c\ng,1\n");
        assertEquals(BatchStateEnum.Failed, unknownField.getState());
        assertEquals("InvalidBatch : Field name not found : Nope__c", unknownField.getStateMessage());
    }

    // ------------------------------------------------------------------ Bulk: upsert, update, delete, query

    @Test
    public void upsertMatchesOnTheExternalIdField() throws Exception {
        String existing = fake.seed(OBJ, Map.of("Name", "old", "ExtId__c", "K1", "Count__c", 1));
        fake.seed(OBJ, Map.of("Name", "dup-a", "ExtId__c", "D"));
        fake.seed(OBJ, Map.of("Name", "dup-b", "ExtId__c", "d"));
        String account = fake.seed("Account", Map.of("Name", "Acme", "AccExt__c", "ACC-9"));
        BulkConnection bulk = bulk();
        JobInfo job = createJob(bulk, OperationEnum.upsert, "ExtId__c", null);
        assertEquals("ExtId__c", job.getExternalIdFieldName());
        BatchInfo done = run(bulk, job, "ExtId__c,Name,Count__c,Account__r.AccExt__c\n"
                + "k1,renamed,,ACC-9\n"
                + "k2,new,2,\n"
                + "d,x,,\n"
                + ",noKey,,\n"
                + "k4,badAccount,,ACC-404\n");
        List<List<String>> r = results(bulk, done);
        assertEquals(ok(existing, false), r.get(0));
        assertEquals("true", r.get(1).get(1));
        assertEquals("true", r.get(1).get(2));
        assertRowError(r.get(2), "DUPLICATE_EXTERNAL_ID");
        assertRowError(r.get(3), "MISSING_ARGUMENT");
        assertRowError(r.get(4), "INVALID_FIELD");
        assertTrue(r.get(4).get(3), r.get(4).get(3).contains("Foreign key external ID: ACC-404 not found"));

        Map<String, Object> renamed = recordByName("renamed");
        assertEquals(existing, renamed.get("Id"));
        assertEquals(1, renamed.get("Count__c"));
        assertEquals(account, renamed.get("Account__c"));
        assertEquals("k2", recordByName("new").get("ExtId__c"));

        AsyncApiException notExternal = assertThrows(AsyncApiException.class,
                () -> createJob(bulk, OperationEnum.upsert, "Name", null));
        assertEquals(AsyncExceptionCode.InvalidJob, notExternal.getExceptionCode());
        AsyncApiException noKey = assertThrows(AsyncApiException.class,
                () -> createJob(bulk, OperationEnum.upsert, null, null));
        assertEquals(AsyncExceptionCode.InvalidJob, noKey.getExceptionCode());
    }

    @Test
    public void updateMatchesOnlyOnId() throws Exception {
        String a = fake.seed(OBJ, Map.of("Name", "a", "ExtId__c", "EA", "Count__c", 1));
        String gone = fake.seed(OBJ, Map.of("Name", "gone"));
        BulkConnection bulk = bulk();
        run(bulk, createJob(bulk, OperationEnum.delete), "Id\n" + gone + "\n");
        assertEquals(1, fake.recycleBin(OBJ).size());

        JobInfo job = createJob(bulk, OperationEnum.update);
        BatchInfo done = run(bulk, job, "Id,ExtId__c,Name,Count__c\n"
                + a.substring(0, 15) + ",,a2,#N/A\n"
                + gone + ",,x,\n"
                + Ids.make("a01", 777) + ",,y,\n"
                + ",EA,z,\n"
                + "not-an-id,,w,\n"
                + a + ",,#N/A,\n");
        List<List<String>> r = results(bulk, done);
        assertEquals(ok(a, false), r.get(0));
        assertEquals("ENTITY_IS_DELETED:entity is deleted:--", r.get(1).get(3));
        assertEquals("INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:--", r.get(2).get(3));
        assertRowError(r.get(3), "MISSING_ARGUMENT");
        assertRowError(r.get(4), "MALFORMED_ID");
        assertRowError(r.get(5), "REQUIRED_FIELD_MISSING");
        Map<String, Object> updated = recordByName("a2");
        assertEquals("EA", updated.get("ExtId__c"));
        assertNull(updated.get("Count__c"));
        assertEquals(1, fake.records(OBJ).size());
    }

    @Test
    public void queryThenDeleteAndHardDelete() throws Exception {
        for (int i = 0; i < 5; i++) {
            fake.seed(OBJ, Map.of("Name", "r" + i));
        }
        BulkConnection bulk = bulk();
        List<String> ids = queryIds(bulk);
        assertEquals(5, ids.size());

        JobInfo delete = createJob(bulk, OperationEnum.delete);
        BatchInfo done = run(bulk, delete, "Id\n" + ids.get(0) + "\n" + ids.get(1) + "\n" + ids.get(0) + "\n");
        List<List<String>> r = results(bulk, done);
        assertEquals(ok(ids.get(0), false), r.get(0));
        assertEquals("ENTITY_IS_DELETED:entity is deleted:--", r.get(2).get(3));
        bulk.closeJob(delete.getId());
        assertEquals(2, fake.recycleBin(OBJ).size());
        assertEquals(3, queryIds(bulk).size());

        AsyncApiException denied = assertThrows(AsyncApiException.class,
                () -> createJob(bulk, OperationEnum.hardDelete));
        assertEquals(AsyncExceptionCode.FeatureNotEnabled, denied.getExceptionCode());
        assertTrue(denied.getExceptionMessage().contains("hardDelete"));

        BulkConnection admin = bulk(login(ADMIN));
        JobInfo hard = createJob(admin, OperationEnum.hardDelete);
        BatchInfo hardDone = run(admin, hard, "Id\n" + ids.get(2) + "\n" + ids.get(0) + "\n");
        assertEquals(2, hardDone.getNumberRecordsProcessed());
        assertEquals(0, hardDone.getNumberRecordsFailed());
        assertEquals(2, fake.records(OBJ).size());
        assertEquals(1, fake.recycleBin(OBJ).size());
        assertEquals(ids.get(1), fake.recycleBin(OBJ).get(0).get("Id"));

        fake.setHardDeletePermission(USER, true);
        assertEquals(OperationEnum.hardDelete, createJob(bulk, OperationEnum.hardDelete).getOperation());
    }

    private List<String> queryIds(BulkConnection bulk) throws Exception {
        JobInfo query = createJob(bulk, OperationEnum.query);
        BatchInfo done = run(bulk, query, "SELECT Id FROM " + OBJ);
        assertEquals(BatchStateEnum.Completed, done.getState());
        bulk.closeJob(query.getId());
        QueryResultList list = bulk.getQueryResultList(query.getId(), done.getId());
        assertEquals(1, list.getResult().length);
        String csv = readCsvText(bulk.getQueryResultStream(query.getId(), done.getId(), list.getResult()[0]));
        if (csv.equals(Org.NOT_FOUND_QUERY_RESULT)) {
            return List.of();
        }
        List<List<String>> rows = readCsv(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("Id"), rows.get(0));
        List<String> ids = new ArrayList<>();
        rows.subList(1, rows.size()).forEach(row -> ids.add(row.get(0)));
        return ids;
    }

    @Test
    public void queryOfNoRecordsSaysSo() throws Exception {
        assertEquals(List.of(), queryIds(bulk()));
        BulkConnection bulk = bulk();
        JobInfo query = createJob(bulk, OperationEnum.query);
        BatchInfo failed = run(bulk, query, "SELECT Id FROM Nope__c");
        assertEquals(BatchStateEnum.Failed, failed.getState());
        assertTrue(failed.getStateMessage(), failed.getStateMessage().startsWith("InvalidBatch : Failed to process query"));
    }

    // ------------------------------------------------------------------ Bulk: concurrency and limits

    @Test
    public void serialJobsRunOneBatchAtATime() throws Exception {
        BulkConnection bulk = bulk();
        JobInfo serial = createJob(bulk, OperationEnum.insert, null, ConcurrencyMode.Serial);
        assertEquals(ConcurrencyMode.Serial, serial.getConcurrencyMode());
        for (int i = 0; i < 3; i++) {
            add(bulk, serial, "Name\ns" + i + "\n");
        }
        awaitAll(bulk, serial);
        assertEquals(1, fake.job(serial.getId()).maxBatchesInProgress());
        assertEquals(1, fake.maxBatchesInProgressAcrossJobs());

        JobInfo parallel = createJob(bulk, OperationEnum.insert);
        for (int i = 0; i < 3; i++) {
            add(bulk, parallel, "Name\np" + i + "\n");
        }
        awaitAll(bulk, parallel);
        assertEquals(3, fake.job(parallel.getId()).maxBatchesInProgress());
        assertEquals(3, fake.maxBatchesInProgressAcrossJobs());
        assertEquals(6, fake.records(OBJ).size());
        assertEquals("s0", fake.records(OBJ).get(0).get("Name"));
    }

    private static void awaitAll(BulkConnection bulk, JobInfo job) throws Exception {
        for (int i = 0; i < 50; i++) {
            BatchInfo[] batches = bulk.getBatchInfoList(job.getId()).getBatchInfo();
            if (Arrays.stream(batches).allMatch(b -> b.getState() == BatchStateEnum.Completed)) {
                return;
            }
        }
        throw new AssertionError("batches did not finish");
    }

    @Test
    public void batchLimitsFailTheWholeBatch() throws Exception {
        BulkConnection bulk = bulk();
        JobInfo job = createJob(bulk, OperationEnum.insert);
        StringBuilder rows = new StringBuilder("Name\n");
        for (int i = 0; i < 10_001; i++) {
            rows.append('r').append(i).append('\n');
        }
        assertFailed(bulk, job, rows.toString(), "InvalidBatch : Exceeded number of records : 10001");
        assertFailed(bulk, job, "Name,Note__c\nbig,\"" + "é".repeat(5_300_000) + "\"\n",
                "InvalidBatch : Exceeded max size limit of 10485760");
        assertFailed(bulk, job, "Name,Note__c\n" + ("x," + "y".repeat(31_990) + "\n").repeat(320),
                "InvalidBatch : Exceeded max number of characters: 10000000");
        assertFailed(bulk, job, "Name,Note__c\nx," + "y".repeat(32_001) + "\n",
                "InvalidBatch : Field value in row 1 exceeds max length of 32000");
        assertFailed(bulk, job, "Name,Bogus__c\nx,y\n", "InvalidBatch : Field name not found : Bogus__c");
        assertFailed(bulk, job, "Name\n\"open\n", "InvalidBatch : Failed to parse CSV");
        assertEquals(0, fake.records(OBJ).size());

        StringBuilder max = new StringBuilder("Name\n");
        for (int i = 0; i < 10_000; i++) {
            max.append('r').append(i).append('\n');
        }
        BatchInfo ok = run(bulk, job, max.toString());
        assertEquals(BatchStateEnum.Completed, ok.getState());
        assertEquals(10_000, results(bulk, ok).size());
        JobInfo info = bulk.getJobStatus(job.getId());
        assertEquals(6, info.getNumberBatchesFailed());
        assertEquals(1, info.getNumberBatchesCompleted());
        assertEquals(10_000, info.getNumberRecordsProcessed());
    }

    private void assertFailed(BulkConnection bulk, JobInfo job, String csv, String messagePrefix) throws Exception {
        BatchInfo failed = run(bulk, job, csv);
        assertEquals(BatchStateEnum.Failed, failed.getState());
        assertTrue(failed.getStateMessage(), failed.getStateMessage().startsWith(messagePrefix));
        assertEquals(0, failed.getNumberRecordsProcessed());
        AsyncApiException e = assertThrows(AsyncApiException.class,
                () -> bulk.getBatchResultStream(job.getId(), failed.getId()));
        assertEquals(AsyncExceptionCode.InvalidBatch, e.getExceptionCode());
    }

    @Test
    public void badJobRequestsAndUnknownIds() throws Exception {
        BulkConnection bulk = bulk();
        JobInfo unknownObject = new JobInfo();
        unknownObject.setObject("Nope__c");
        unknownObject.setOperation(OperationEnum.insert);
        unknownObject.setContentType(ContentType.CSV);
        assertEquals(AsyncExceptionCode.InvalidJob,
                assertThrows(AsyncApiException.class, () -> bulk.createJob(unknownObject)).getExceptionCode());
        assertEquals(AsyncExceptionCode.InvalidJob, assertThrows(AsyncApiException.class,
                () -> bulk.getJobStatus(Ids.make("750", 12345))).getExceptionCode());
        JobInfo job = createJob(bulk, OperationEnum.insert);
        assertEquals(AsyncExceptionCode.InvalidBatch, assertThrows(AsyncApiException.class,
                () -> bulk.getBatchInfo(job.getId(), Ids.make("751", 12345))).getExceptionCode());
        BatchInfo batch = add(bulk, job, "Name\nx\n");
        AsyncApiException early = assertThrows(AsyncApiException.class,
                () -> bulk.getBatchResultStream(job.getId(), batch.getId()));
        assertEquals(AsyncExceptionCode.InvalidBatch, early.getExceptionCode());
        assertEquals("Batch not completed", early.getExceptionMessage());

        ConnectorConfig config = new ConnectorConfig();
        config.setSessionId("00Dbogus!session");
        config.setRestEndpoint(fake.baseUrl() + "/services/async/" + VERSION);
        BulkConnection stranger = new BulkConnection(config);
        AsyncApiException get = assertThrows(AsyncApiException.class, () -> stranger.getJobStatus(job.getId()));
        assertEquals(AsyncExceptionCode.InvalidSessionId, get.getExceptionCode());
        AsyncApiException post = assertThrows(AsyncApiException.class, () -> createJob(stranger, OperationEnum.insert));
        assertEquals(AsyncExceptionCode.InvalidSessionId, post.getExceptionCode());
        assertEquals("Invalid session id", post.getExceptionMessage());
    }

    // ------------------------------------------------------------------ faults

    @Test
    public void rowFaultsFailTheFirstKTimes() throws Exception {
        RowFault lock = fake.faults().addRowFault(RowFault.whereColumn("ExtId__c", "hot").times(2).unableToLockRow());
        fake.faults().addRowFault(RowFault.whereColumn("Name", "needs-count").requiredFieldMissing("Count__c"));
        BulkConnection bulk = bulk();
        JobInfo job = createJob(bulk, OperationEnum.upsert, "ExtId__c", null);
        String csv = "ExtId__c,Name\ncold,a\nhot,b\nx,needs-count\n";
        List<List<String>> first = results(bulk, run(bulk, job, csv));
        assertEquals("true", first.get(0).get(1));
        assertEquals("UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record:--", first.get(1).get(3));
        assertEquals("REQUIRED_FIELD_MISSING:Required fields are missing: [Count__c]:Count__c --",
                first.get(2).get(3));
        assertRowError(results(bulk, run(bulk, job, csv)).get(1), "UNABLE_TO_LOCK_ROW");
        List<List<String>> third = results(bulk, run(bulk, job, csv));
        assertEquals("true", third.get(1).get(1));
        assertEquals(2, lock.hits());
        assertEquals(2, fake.records(OBJ).size());
    }

    @Test
    public void injectedBatchFailureAndSlowBatches() throws Exception {
        fake.faults().add(FaultRule.on("batch/create").nth(1).batchFails());
        fake.faults().add(FaultRule.on("batch/create").nth(2).slow(3));
        BulkConnection bulk = bulk();
        JobInfo job = createJob(bulk, OperationEnum.insert);
        BatchInfo failed = run(bulk, job, "Name\na\n");
        assertEquals(BatchStateEnum.Failed, failed.getState());
        assertEquals(FaultRule.DEFAULT_BATCH_FAILURE, failed.getStateMessage());
        assertEquals(0, failed.getNumberRecordsProcessed());
        List<BatchStateEnum> seen = new ArrayList<>();
        await(bulk, add(bulk, job, "Name\nb\n"), seen);
        assertEquals(List.of(BatchStateEnum.InProgress, BatchStateEnum.InProgress, BatchStateEnum.InProgress,
                BatchStateEnum.InProgress, BatchStateEnum.Completed), seen);
        fake.setPollsInProgress(0);
        seen.clear();
        await(bulk, add(bulk, job, "Name\nc\n"), seen);
        assertEquals(List.of(BatchStateEnum.Completed), seen);
        assertEquals(2, fake.records(OBJ).size());
    }

    @Test
    public void sessionExpiresAfterNCallsUntilANewLogin() throws Exception {
        fake.expireSessionsAfterCalls(3);
        PartnerConnection partner = login(USER);
        partner.describeSObject(OBJ);
        BulkConnection bulk = bulk(partner);
        JobInfo job = createJob(bulk, OperationEnum.insert);
        BatchInfo batch = add(bulk, job, "Name\na\n");
        AsyncApiException expired = assertThrows(AsyncApiException.class,
                () -> bulk.getBatchInfo(job.getId(), batch.getId()));
        assertEquals(AsyncExceptionCode.InvalidSessionId, expired.getExceptionCode());
        assertThrows(AsyncApiException.class, () -> bulk.getJobStatus(job.getId()));
        assertThrows(UnexpectedErrorFault.class, () -> partner.describeSObject(OBJ));

        fake.expireSessionsAfterCalls(0);
        BulkConnection again = bulk(login(USER));
        assertEquals(BatchStateEnum.Completed, await(again, batch, null).getState());
        assertEquals(JobStateEnum.Closed, again.closeJob(job.getId()).getState());

        fake.faults().add(FaultRule.on("batch/get").nth(1).expireSession());
        BatchInfo other = add(again, createJob(again, OperationEnum.insert), "Name\nb\n");
        assertEquals(AsyncExceptionCode.InvalidSessionId, assertThrows(AsyncApiException.class,
                () -> again.getBatchInfo(other.getJobId(), other.getId())).getExceptionCode());
        assertEquals(AsyncExceptionCode.InvalidSessionId, assertThrows(AsyncApiException.class,
                () -> again.getJobStatus(other.getJobId())).getExceptionCode());
        assertEquals(BatchStateEnum.Completed, await(bulk(login(USER)), other, null).getState());
    }

    @Test
    public void serverErrorsAsForceWscSurfacesThem() throws Exception {
        BulkConnection bulk = bulk();
        JobInfo job = createJob(bulk, OperationEnum.insert);
        fake.faults().add(FaultRule.on("batch/create").nth(1).respond(503));
        AsyncApiException xml = assertThrows(AsyncApiException.class, () -> add(bulk, job, "Name\na\n"));
        assertEquals(AsyncExceptionCode.InternalServerError, xml.getExceptionCode());

        fake.faults().add(FaultRule.on("batch/create").nth(1).respondHtml(502));
        AsyncApiException htmlPost = assertThrows(AsyncApiException.class, () -> add(bulk, job, "Name\na\n"));
        assertEquals(AsyncExceptionCode.ClientInputError, htmlPost.getExceptionCode());

        BatchInfo batch = add(bulk, job, "Name\na\n");
        fake.faults().add(FaultRule.on("batch/get").nth(1).respondHtml(503));
        AsyncApiException htmlGet = assertThrows(AsyncApiException.class,
                () -> bulk.getBatchInfo(job.getId(), batch.getId()));
        assertEquals(AsyncExceptionCode.ClientInputError, htmlGet.getExceptionCode());
        assertTrue(htmlGet.getMessage(), htmlGet.getMessage().contains("unknown format"));
        assertEquals(BatchStateEnum.Completed, await(bulk, batch, null).getState());
        assertEquals(1, fake.records(OBJ).size());

        fake.faults().add(FaultRule.on("describeSObject").nth(1).respond(500));
        UnexpectedErrorFault soap = assertThrows(UnexpectedErrorFault.class, () -> login(USER).describeSObject(OBJ));
        assertEquals(ExceptionCode.UNKNOWN_EXCEPTION, soap.getExceptionCode());
    }

    /**
     * The JDK re-sends a POST once when its connection closes before any answer, unless
     * {@code sun.net.http.retryPost} was false when its HTTP client first loaded in this JVM. The plugin sets it to
     * false when its class loads, so which of the two this test sees depends on the tests that ran before it in the
     * same JVM: the first drop tells, and the rest is checked for that behaviour.
     */
    @Test
    public void droppedConnectionsAreResentOnceByTheJdkUnlessRetryPostIsOff() throws Exception {
        BulkConnection bulk = bulk();
        JobInfo job = createJob(bulk, OperationEnum.insert);

        fake.faults().add(FaultRule.on("batch/create").nth(1).dropBeforeApplying());
        boolean resends;
        try {
            add(bulk, job, "Name\nonce\n");
            resends = true;
        } catch (AsyncApiException e) {
            resends = false;
            assertEquals(AsyncExceptionCode.ClientInputError, e.getExceptionCode());
            assertTrue(e.getMessage() + " / " + e.getCause(), e.getCause() instanceof IOException);
        }
        assertEquals(resends ? 2 : 1, fake.requests().count("batch/create"));
        assertEquals(resends ? 1 : 0, fake.job(job.getId()).batches().size());

        fake.faults().add(FaultRule.on("batch/create").nth(1).dropAfterApplying());
        if (resends) {
            add(bulk, job, "Name\ntwice\n");
            assertEquals("applied twice", 3, fake.job(job.getId()).batches().size());
        } else {
            AsyncApiException lost = assertThrows(AsyncApiException.class, () -> add(bulk, job, "Name\ntwice\n"));
            assertEquals(AsyncExceptionCode.ClientInputError, lost.getExceptionCode());
            assertEquals("applied once, the answer lost", 1, fake.job(job.getId()).batches().size());
        }

        fake.faults().add(FaultRule.on("job/get").fromNth(1).dropBeforeApplying());
        AsyncApiException dropped = assertThrows(AsyncApiException.class, () -> bulk.getJobStatus(job.getId()));
        assertEquals(AsyncExceptionCode.ClientInputError, dropped.getExceptionCode());
        assertEquals("Server error returned in unknown format", dropped.getExceptionMessage());
        assertNull(dropped.getCause());

        fake.faults().add(FaultRule.on("batch/list").fromNth(1).resetBeforeApplying());
        AsyncApiException reset = assertThrows(AsyncApiException.class, () -> bulk.getBatchInfoList(job.getId()));
        assertEquals(AsyncExceptionCode.ClientInputError, reset.getExceptionCode());
        assertEquals("Server error returned in unknown format", reset.getExceptionMessage());
        assertNull(reset.getCause());

        fake.faults().add(FaultRule.on("job/update").fromNth(1).dropBeforeApplying());
        AsyncApiException post = assertThrows(AsyncApiException.class, () -> bulk.closeJob(job.getId()));
        assertEquals(AsyncExceptionCode.ClientInputError, post.getExceptionCode());
        assertTrue(post.getMessage() + " / " + post.getCause(), post.getCause() instanceof IOException);
        assertEquals(resends ? 2 : 1, fake.requests().count("job/update"));

        fake.faults().add(FaultRule.on("login").fromNth(1).dropBeforeApplying());
        ConnectionException soap = assertThrows(ConnectionException.class, () -> login(USER));
        assertTrue(soap.getCause() instanceof IOException);
        assertTrue(fake.requests().entries("login").stream().anyMatch(r -> !r.answered()));
    }

    @Test
    public void hooksRunWhenTheNthMatchingRequestArrives() throws Exception {
        BulkConnection bulk = bulk();
        JobInfo job = createJob(bulk, OperationEnum.insert);
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<RequestInfo> seen = new AtomicReference<>();
        fake.faults().add(FaultRule.on("job/update").nth(1).whenArrives(r -> {
            seen.set(r);
            arrived.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).pass());
        Thread closer = new Thread(() -> {
            try {
                bulk.closeJob(job.getId());
            } catch (AsyncApiException e) {
                throw new RuntimeException(e);
            }
        });
        closer.start();
        assertTrue(arrived.await(10, TimeUnit.SECONDS));
        assertEquals(JobStateEnum.Open, bulk.getJobStatus(job.getId()).getState());
        release.countDown();
        closer.join(10_000);
        assertEquals("job/update", seen.get().endpoint());
        assertEquals(JobStateEnum.Closed, bulk.getJobStatus(job.getId()).getState());
    }

    @Test
    public void logoutIsRecordedAndEndsTheSession() throws Exception {
        PartnerConnection partner = login(USER);
        BulkConnection bulk = bulk(partner);
        partner.logout();
        expectedLogouts = 1;
        assertEquals(1, fake.logoutCalls());
        assertEquals(1, fake.requests().count("logout"));
        assertEquals(AsyncExceptionCode.InvalidSessionId, assertThrows(AsyncApiException.class,
                () -> createJob(bulk, OperationEnum.insert)).getExceptionCode());
    }

    @Test
    public void manyClientsAtOnce() throws Exception {
        BulkConnection setup = bulk();
        JobInfo job = createJob(setup, OperationEnum.insert);
        int threads = 4;
        int batchesEach = 5;
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < threads; t++) {
            int worker = t;
            workers.add(new Thread(() -> {
                try {
                    BulkConnection bulk = bulk();
                    List<BatchInfo> mine = new ArrayList<>();
                    for (int b = 0; b < batchesEach; b++) {
                        StringBuilder csv = new StringBuilder("Name,ExtId__c\n");
                        for (int r = 0; r < 20; r++) {
                            csv.append("w").append(worker).append("-b").append(b).append("-r").append(r)
                                    .append(',').append(worker).append('.').append(b).append('.').append(r)
                                    .append('\n');
                        }
                        mine.add(add(bulk, job, csv.toString()));
                    }
                    for (BatchInfo b : mine) {
                        assertEquals(BatchStateEnum.Completed, await(bulk, b, null).getState());
                        assertEquals(20, results(bulk, b).size());
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        workers.forEach(Thread::start);
        for (Thread w : workers) {
            w.join(20_000);
        }
        assertEquals(List.of(), failures);
        setup.closeJob(job.getId());
        JobInfo info = setup.getJobStatus(job.getId());
        assertEquals(threads * batchesEach, info.getNumberBatchesCompleted());
        assertEquals(threads * batchesEach * 20, info.getNumberRecordsProcessed());
        assertEquals(threads * batchesEach * 20, fake.records(OBJ).size());
        assertEquals(threads * batchesEach * 20,
                fake.records(OBJ).stream().map(r -> r.get("Id")).distinct().count());
    }
}
