package io.github.resultexport.embulk.output.sfdc.fake;

import io.github.resultexport.embulk.output.common.testing.http.RawHttpServer;
import io.github.resultexport.embulk.output.common.testing.http.RawReply;
import io.github.resultexport.embulk.output.common.testing.http.RawRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process fake of Salesforce on 127.0.0.1 (a random port) for the calls force-wsc 65.0.0 and
 * force-partner-api 65.0.0 make: the partner SOAP API ({@code login}, {@code describeSObject}, {@code query},
 * {@code queryMore}, {@code logout}) and Bulk API v1 with CSV jobs. It is strict: it answers what Salesforce
 * rejects with Salesforce's error (SOAP faults with typed details, Bulk {@code <error>} replies with
 * {@code application/xml}), writes XML children in schema order, gunzips request bodies (only non-empty ones:
 * force-wsc sends {@code Content-Encoding: gzip} on its GETs too) and gzips replies for clients that accept it.
 *
 * <ul>
 * <li>Users are added with {@link #addUser}; {@code login} takes the password immediately followed by the security
 * token and returns {@code serverUrl} {@code http://127.0.0.1:<port>/services/Soap/u/<version>/<orgId>} and a new
 * session id. A wrong login is the {@code INVALID_LOGIN} {@code LoginFault}.</li>
 * <li>Objects are registered with {@link #defineObject}; {@code describeSObject} of any other name is the
 * {@code INVALID_TYPE} {@code InvalidSObjectFault}. SOAP calls other than login need a valid {@code SessionHeader}
 * ({@code INVALID_SESSION_ID} {@code UnexpectedErrorFault} otherwise); Bulk calls need a valid
 * {@code X-SFDC-Session} ({@code InvalidSessionId}, HTTP 400, otherwise).</li>
 * <li>{@code query} understands the SOQL {@link Soql} describes ({@code SELECT <fields> FROM <object> [WHERE <field>
 * = <literal> | WHERE <field> IN (<literals>)]}) and answers anything else, an unknown object or field, with the
 * query faults ({@code MALFORMED_QUERY}, {@code INVALID_TYPE}, {@code INVALID_FIELD}); results come in pages of at
 * most 2,000 records ({@link #setQueryBatchSize} to force more pages), read on with {@code queryMore}, whose unknown
 * or used-up locator is {@code INVALID_QUERY_LOCATOR}.</li>
 * <li>Bulk jobs, batches and records follow {@link Org}'s rules; batches advance only when polled
 * ({@link #setPollsInProgress}); records, recycle bins, jobs and batches can be inspected and records seeded.</li>
 * <li>{@link #faults()} injects deterministic faults; {@link #requests()} logs every request without session ids or
 * passwords.</li>
 * </ul>
 */
public final class FakeSalesforce implements AutoCloseable {
    private final Faults faults = new Faults();
    private final Org org = new Org(faults);
    private final RequestLog log = new RequestLog();
    private final List<Throwable> internalErrors = new CopyOnWriteArrayList<>();
    private final RawHttpServer server;
    private final SoapApi soap;
    private final BulkApi bulk;

    private FakeSalesforce() throws IOException {
        this.server = new RawHttpServer("fake-sfdc", this::handle);
        this.soap = new SoapApi(org, baseUrl());
        this.bulk = new BulkApi(org);
    }

    public static FakeSalesforce start() {
        try {
            return new FakeSalesforce();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.port();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The partner SOAP login endpoint, e.g. {@code http://127.0.0.1:<port>/services/Soap/u/62.0}. */
    public String authEndpoint(String apiVersion) {
        return baseUrl() + "/services/Soap/u/" + apiVersion;
    }

    /** The org id (15 characters) that serverUrl ends with. */
    public String orgId() {
        return org.orgId;
    }

    /**
     * A user; login takes {@code password + securityToken}. {@code hardDelete} grants "Bulk API Hard Delete".
     * Returns the user id.
     */
    public String addUser(String username, String password, String securityToken, boolean hardDelete) {
        return org.addUser(username, password, securityToken, hardDelete);
    }

    public void setHardDeletePermission(String username, boolean granted) {
        org.setHardDeletePermission(username, granted);
    }

    public void defineObject(SObjectDef object) {
        org.defineObject(object);
    }

    /** Adds a record directly (values typed: String, Double/Integer, Boolean, LocalDate, Instant); its Id. */
    public String seed(String object, Map<String, ?> values) {
        return org.seed(object, values);
    }

    /** The live records of an object, in creation order: field name → typed value (Id included). */
    public List<Map<String, Object>> records(String object) {
        return org.records(object);
    }

    /** The records deleted (not hard-deleted) from an object, in deletion order. */
    public List<Map<String, Object>> recycleBin(String object) {
        return org.recycleBin(object);
    }

    public List<JobView> jobs() {
        return org.jobViews();
    }

    public JobView job(String jobId) {
        return org.jobView(jobId);
    }

    /** The most batches that were InProgress at once over all jobs. */
    public int maxBatchesInProgressAcrossJobs() {
        return org.maxBatchesInProgressAcrossJobs();
    }

    /**
     * How many polls a batch stays InProgress before it completes (default 1: the first poll of its job moves it
     * from Queued to InProgress, the second completes it). 0 completes a batch at the poll that starts it.
     */
    public void setPollsInProgress(int polls) {
        org.setPollsInProgress(polls);
    }

    /**
     * For the benchmark, where the fake's processing must be instant: insert batches are answered at their first
     * step, every row created, and applied (every value checked) only by {@link #verifyInstantInserts}, which
     * returns how many rows' real results differ from the answers given.
     */
    public void setInstantInserts(boolean instant) {
        org.setInstantInserts(instant);
    }

    public long verifyInstantInserts() {
        return org.verifyInstantInserts();
    }

    /**
     * Sessions expire after this many authenticated calls each (0, the default: never): call N+1 with a session
     * and every later one gets InvalidSessionId / INVALID_SESSION_ID until a new login.
     */
    public void expireSessionsAfterCalls(int calls) {
        org.setSessionCallLimit(calls);
    }

    /** Every session expires now (as when an administrator ends them). */
    public void expireAllSessions() {
        org.expireAllSessions();
    }

    /**
     * The most records one page of a SOAP {@code query} / {@code queryMore} holds (default 2,000, Salesforce's
     * default and maximum); a small value makes a test read several pages. A client's QueryOptions batchSize (taken
     * within 200 to 2,000, as Salesforce takes it) may make pages smaller still.
     */
    public void setQueryBatchSize(int records) {
        org.setQueryBatchSize(records);
    }

    /** SOAP query cursors whose last page has not been read yet. */
    public int openQueryCursors() {
        return org.openQueryCursors();
    }

    /** How many {@code logout} calls were made (a plugin must make none). */
    public int logoutCalls() {
        return org.logouts();
    }

    public Faults faults() {
        return faults;
    }

    public RequestLog requests() {
        return log;
    }

    /** Bugs of the fake itself (answered with 500); a test may assert this is empty. */
    public List<Throwable> internalErrors() {
        return List.copyOf(internalErrors);
    }

    @Override
    public void close() {
        server.close();
    }

    /** A reply, the status it carries (or would have carried, for a connection dropped after applying) and error. */
    private record Outcome(int status, RawReply reply, String error) {
    }

    private RawReply handle(RawRequest request) {
        long seq = log.nextSeq();
        String soapVersion = Endpoint.soapVersion(request.method(), request.path());
        SoapApi.Envelope envelope = null;
        Endpoint.Route route = null;
        String endpoint;
        String operation = null;
        boolean soapRequest = soapVersion != null;
        if (soapRequest) {
            try {
                envelope = SoapApi.read(Requests.decodedBody(request));
            } catch (UncheckedIOException e) {
                envelope = null;
            }
            endpoint = SoapApi.endpointOf(envelope).kind;
            operation = envelope == null ? null : envelope.body().getLocalName();
        } else {
            route = Endpoint.bulkRoute(request.method(), request.path());
            endpoint = route == null ? Endpoint.UNKNOWN : route.endpoint().kind;
        }
        RequestInfo info = new RequestInfo(seq, request.method(), request.path(), endpoint, operation);
        Faults.Decision decision = faults.onArrival(info);
        FaultRule transport = decision.transport();
        Outcome outcome = transport == null ? null : injected(transport, soapRequest, request);
        if (outcome == null) {
            outcome = apply(request, soapVersion, envelope, route, decision);
            if (transport != null && transport.action == FaultRule.Action.DROP_AFTER_APPLYING) {
                outcome = new Outcome(outcome.status, RawReply.close(), outcome.error);
            }
        }
        boolean applied = outcome.status >= 200 && outcome.status < 300;
        boolean answered = outcome.reply.kind() == RawReply.Kind.RESPOND;
        log.add(new RecordedRequest(seq, request.method(), request.path(), endpoint, operation, applied, answered,
                outcome.status, outcome.error, decision.describe()));
        return Requests.acceptsGzip(request) ? Replies.gzipped(outcome.reply) : outcome.reply;
    }

    /** The reply of a fault that answers instead of the API, or null for one that lets the request be applied. */
    private Outcome injected(FaultRule rule, boolean soapRequest, RawRequest request) {
        switch (rule.action) {
            case RESPOND:
                if (soapRequest) {
                    SoapFault f = SoapFault.api("UnexpectedErrorFault", "UNKNOWN_EXCEPTION", rule.message);
                    return new Outcome(rule.status, Replies.text(rule.status, SoapApi.CONTENT_TYPE,
                            SoapApi.fault(f)), f.faultCode);
                }
                BulkApi.Answer a = BulkApi.error(new BulkError(rule.status, rule.code, rule.message));
                return new Outcome(rule.status, a.reply(), rule.code);
            case RESPOND_HTML:
                return new Outcome(rule.status, Replies.text(rule.status, "text/html; charset=UTF-8",
                        "<html><head><title>Service Unavailable</title></head><body><h1>HTTP " + rule.status
                                + "</h1><p>The server is temporarily unable to service your request.</p></body>"
                                + "</html>"), "html " + rule.status);
            case DROP_BEFORE_APPLYING:
                return new Outcome(0, RawReply.close(), null);
            case RESET_BEFORE_APPLYING:
                return new Outcome(0, RawReply.reset(), null);
            case EXPIRE_SESSION:
                org.expireSession(sessionIdOf(request, soapRequest));
                return null;
            default:
                return null;
        }
    }

    private static String sessionIdOf(RawRequest request, boolean soapRequest) {
        if (!soapRequest) {
            return request.header(BulkApi.SESSION_HEADER);
        }
        try {
            SoapApi.Envelope envelope = SoapApi.read(Requests.decodedBody(request));
            if (envelope != null) {
                for (org.w3c.dom.Element h : envelope.headers()) {
                    if (SoapApi.PARTNER_NS.equals(h.getNamespaceURI()) && "SessionHeader".equals(h.getLocalName())) {
                        for (org.w3c.dom.Element e : Xml.children(h)) {
                            if ("sessionId".equals(e.getLocalName())) {
                                return e.getTextContent();
                            }
                        }
                    }
                }
            }
        } catch (UncheckedIOException e) {
            return null;
        }
        return null;
    }

    private Outcome apply(RawRequest request, String soapVersion, SoapApi.Envelope envelope, Endpoint.Route route,
            Faults.Decision decision) {
        try {
            if (soapVersion != null) {
                try {
                    String xml = soap.handle(envelope, soapVersion);
                    return new Outcome(200, Replies.text(200, SoapApi.CONTENT_TYPE, xml), null);
                } catch (SoapFault f) {
                    return new Outcome(500, Replies.text(500, SoapApi.CONTENT_TYPE, SoapApi.fault(f)), f.faultCode);
                }
            }
            try {
                if (route == null) {
                    int status = Endpoint.isAsyncPath(request.path()) ? 400 : 404;
                    throw new BulkError(status, "InvalidUrl", "Destination URL not valid: " + request.method() + " "
                            + request.path());
                }
                BulkApi.Answer a = bulk.handle(route, request, decision);
                return new Outcome(a.status(), a.reply(), a.errorCode());
            } catch (BulkError e) {
                BulkApi.Answer a = BulkApi.error(e);
                return new Outcome(a.status(), a.reply(), a.errorCode());
            } catch (UncheckedIOException e) {
                BulkApi.Answer a = BulkApi.error(BulkError.badRequest("ClientInputError", e.getMessage()));
                return new Outcome(a.status(), a.reply(), a.errorCode());
            }
        } catch (RuntimeException | Error e) {
            internalErrors.add(e);
            return new Outcome(500, Replies.text(500, "text/plain", "fake Salesforce failed: " + e), null);
        }
    }
}
