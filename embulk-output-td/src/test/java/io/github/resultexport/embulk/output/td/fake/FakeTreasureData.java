package io.github.resultexport.embulk.output.td.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.treasuredata.client.TDClient;
import com.treasuredata.client.TDClientBuilder;
import io.github.resultexport.embulk.output.common.testing.http.RawHttpServer;
import io.github.resultexport.embulk.output.common.testing.http.RawReply;
import io.github.resultexport.embulk.output.common.testing.http.RawRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * An in-process fake of the Treasure Data REST API v3 on 127.0.0.1 (a random port), strict like TD, for the
 * endpoints td-client-java 1.1.1 uses for databases, tables, bulk imports and jobs (see {@link Endpoint}).
 *
 * <p>Every request needs {@code Authorization: TD1 <key>} with a key registered here ({@link #addKey}); otherwise
 * 401. A {@link KeyRole#WRITE_ONLY} key gets 403 for database/table create, delete, rename, swap and schema changes.
 * Names of databases, tables and sessions must be 3–128 characters of {@code [a-z0-9_]} (400); unknown objects are
 * 404; creating an existing one is 409; a session in the wrong state for an operation (upload or freeze after
 * freeze, perform before freeze, commit unless ready, commit twice) is 409. Perform and commit finish only after
 * polls ({@link #setPollsToFinish}); parts are decoded for real ({@link PartDecoder}). See {@link TdState} for the
 * state and its rules, {@link FaultRule} for fault injection and {@link RequestLog} for what was asked.
 *
 * <p>Unknown paths and wrong methods get TD's 404 "Path and method do not match any API endpoint"; so does a path
 * segment containing '.', which TD's routes read as a format suffix (TD answers so for part names with dots).
 */
public final class FakeTreasureData implements AutoCloseable {
    private static final Pattern TD1_KEY = Pattern.compile("(?:[1-9][0-9]*/)?[a-f0-9]{40}");

    private final Map<String, KeyRole> keys = new ConcurrentHashMap<>();
    private final AtomicLong keyCounter = new AtomicLong();
    private final TdState state = new TdState();
    private final Faults faults = new Faults();
    private final RequestLog log = new RequestLog();
    private final List<Throwable> internalErrors = new CopyOnWriteArrayList<>();
    private final RawHttpServer server;

    private FakeTreasureData() throws IOException {
        this.server = new RawHttpServer("fake-td", this::handle);
    }

    public static FakeTreasureData start() throws IOException {
        return new FakeTreasureData();
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return server.port();
    }

    /** A new key ({@code 1/} and 40 hex digits, the form td-client sends with the {@code TD1} prefix). */
    public String addKey(KeyRole role) {
        String key = String.format("1/%040x", keyCounter.incrementAndGet());
        registerKey(key, role);
        return key;
    }

    /**
     * Registers a key. It must look like a TD key ({@code [account/]<40 hex digits>}): td-client 1.1.1 adds the
     * {@code TD1 } prefix only to such keys and sends any other value as the whole Authorization header.
     */
    public void registerKey(String key, KeyRole role) {
        if (!TD1_KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("td-client would send this key without the 'TD1 ' prefix; "
                    + "use [<account>/]<40 lower-case hex digits>");
        }
        keys.put(key, role);
    }

    /** A td-client builder for this fake: no td.conf, plain HTTP to 127.0.0.1 and this port, the given key. */
    public TDClientBuilder clientBuilder(String apiKey) {
        return TDClient.newBuilder(false).setEndpoint(host()).setPort(port()).setUseSSL(false).setApiKey(apiKey);
    }

    public TdState state() {
        return state;
    }

    public Faults faults() {
        return faults;
    }

    public RequestLog requests() {
        return log;
    }

    /** How many polls perform and commit need to finish (default 2 each: the first poll still sees them running). */
    public void setPollsToFinish(int perform, int commit) {
        state.setPollsToFinish(perform, commit);
    }

    /** Bugs of the fake itself (answered with 500); a test may assert this is empty. */
    public List<Throwable> internalErrors() {
        return List.copyOf(internalErrors);
    }

    @Override
    public void close() {
        server.close();
    }

    private RawReply handle(RawRequest request) {
        long seq = log.nextSeq();
        Endpoint.Route route = Endpoint.route(request.method(), request.path());
        String endpoint = route == null ? Endpoint.UNKNOWN : route.endpoint().kind;
        RequestInfo info = new RequestInfo(seq, request.method(), request.path(), request.query(), endpoint);
        Faults.Decision decision = faults.onArrival(info);
        Parameters parameters = Parameters.of(request);
        FaultRule transport = decision.transport();
        Outcome outcome = transport == null ? null : injected(transport);
        if (outcome == null) {
            outcome = apply(route, request, parameters, decision);
            if (transport != null) {
                outcome = new Outcome(outcome.status, RawReply.close());
            }
        }
        boolean applied = outcome.status >= 200 && outcome.status < 300;
        boolean answered = outcome.reply.kind() == RawReply.Kind.RESPOND;
        log.add(new RecordedRequest(seq, request.method(), request.path(), request.query(),
                Map.copyOf(parameters.values), endpoint, keyRoleName(request), applied, answered, outcome.status,
                decision.describe()));
        return outcome.reply;
    }

    /** A reply and the status it carries (or would have carried, for a connection dropped after applying). */
    private record Outcome(int status, RawReply reply) {
    }

    /** The reply of a fault that answers instead of the API, or null for one that lets the request be applied. */
    private static Outcome injected(FaultRule rule) {
        switch (rule.action) {
            case RESPOND:
                return new Outcome(rule.status, Replies.json(rule.status, Json.error(rule.message)));
            case TOO_MANY_REQUESTS:
                return new Outcome(429, Replies.json(429, Json.error(rule.message),
                        Map.of("Retry-After", Integer.toString(rule.retryAfterSeconds))));
            case DROP_BEFORE_APPLYING:
                return new Outcome(0, RawReply.close());
            case RESET_BEFORE_APPLYING:
                return new Outcome(0, RawReply.reset());
            default:
                return null;
        }
    }

    private Outcome apply(Endpoint.Route route, RawRequest request, Parameters parameters,
            Faults.Decision decision) {
        try {
            if (route == null) {
                throw TdApiException.notFound("Path and method do not match any API endpoint");
            }
            KeyRole role = role(request);
            if (role == null) {
                return error(401, "Authentication failed: a valid API key is required");
            }
            if (route.endpoint().masterOnly && role != KeyRole.MASTER) {
                return error(403, "Access denied: this API key may not " + route.endpoint().kind);
            }
            if (parameters.malformed != null) {
                throw TdApiException.badRequest(parameters.malformed);
            }
            Object result = dispatch(route, role, parameters.values, parameters.json, request.body(), decision);
            if (result instanceof byte[]) {
                return new Outcome(200, Replies.binary(200, (byte[]) result));
            }
            return new Outcome(200, Replies.json(200, Json.write(result)));
        } catch (TdApiException e) {
            return error(e.status, e.getMessage());
        } catch (RuntimeException | Error e) {
            internalErrors.add(e);
            return error(500, "fake Treasure Data failed: " + e);
        }
    }

    private Object dispatch(Endpoint.Route r, KeyRole role, Map<String, String> params, JsonNode json, byte[] body,
            Faults.Decision decision) {
        switch (r.endpoint()) {
            case DATABASE_LIST:
                return state.listDatabases(role);
            case DATABASE_SHOW:
                return state.showDatabase(r.param(0), role);
            case DATABASE_CREATE:
                return state.createDatabaseOp(r.param(0));
            case DATABASE_DELETE:
                return state.deleteDatabase(r.param(0));
            case TABLE_LIST:
                return state.listTables(r.param(0));
            case TABLE_SHOW:
                return state.showTable(r.param(0), r.param(1));
            case TABLE_CREATE:
                return state.createTableOp(r.param(0), r.param(1), r.params().size() == 3 ? r.param(2) : "log");
            case TABLE_APPEND_SCHEMA:
                return state.appendSchema(r.param(0), r.param(1), schema(json, params));
            case TABLE_UPDATE_SCHEMA:
                return state.updateSchema(r.param(0), r.param(1), schema(json, params),
                        Boolean.parseBoolean(params.get("ignore_duplicate_schema")));
            case TABLE_RENAME:
                return state.renameTable(r.param(0), r.param(1), r.param(2),
                        Boolean.parseBoolean(params.get("overwrite")));
            case TABLE_SWAP:
                return state.swapTables(r.param(0), r.param(1), r.param(2));
            case TABLE_DELETE:
                return state.deleteTable(r.param(0), r.param(1));
            case BULK_IMPORT_CREATE:
                return state.createSession(r.param(0), r.param(1), r.param(2));
            case BULK_IMPORT_SHOW:
                return state.showSession(r.param(0));
            case BULK_IMPORT_LIST:
                return state.listSessions();
            case BULK_IMPORT_LIST_PARTS:
                return state.listParts(r.param(0));
            case BULK_IMPORT_UPLOAD_PART:
                return state.uploadPart(r.param(0), r.param(1), PartDecoder.decode(body));
            case BULK_IMPORT_DELETE_PART:
                return state.deletePart(r.param(0), r.param(1));
            case BULK_IMPORT_FREEZE:
                return state.freeze(r.param(0));
            case BULK_IMPORT_UNFREEZE:
                return state.unfreeze(r.param(0));
            case BULK_IMPORT_PERFORM:
                return state.perform(r.param(0), decision.extraPolls(),
                        decision.jobEnd() == null ? JobStatus.SUCCESS : decision.jobEnd());
            case BULK_IMPORT_COMMIT:
                return state.commit(r.param(0), decision.extraPolls());
            case BULK_IMPORT_DELETE:
                return state.deleteSession(r.param(0));
            case BULK_IMPORT_ERROR_RECORDS:
                return state.errorRecords(r.param(0));
            case JOB_SHOW:
                return state.showJob(r.param(0));
            case JOB_STATUS:
                return state.jobStatus(r.param(0));
            default:
                throw new IllegalStateException("no handler for " + r.endpoint());
        }
    }

    /** The schema of append-schema/update-schema: a JSON body (td-client-java) or a JSON string form parameter. */
    private static JsonNode schema(JsonNode json, Map<String, String> params) {
        if (json != null && json.has("schema")) {
            return json.get("schema");
        }
        if (params.containsKey("schema")) {
            return Json.read(params.get("schema"));
        }
        throw TdApiException.badRequest("schema is required");
    }

    private static Outcome error(int status, String message) {
        return new Outcome(status, Replies.json(status, Json.error(message)));
    }

    private KeyRole role(RawRequest request) {
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.startsWith("TD1 ")) {
            return null;
        }
        return keys.get(authorization.substring("TD1 ".length()));
    }

    private String keyRoleName(RawRequest request) {
        if (request.header("Authorization") == null) {
            return "NONE";
        }
        KeyRole role = role(request);
        return role == null ? "UNKNOWN" : role.name();
    }

    private static String contentType(RawRequest request) {
        String contentType = request.header("Content-Type");
        return contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    }

    /**
     * The query and form parameters of a request, plus the scalar fields of a JSON body (td-client puts the
     * parameters of a POST with a JSON body in the query string). {@code malformed} says why they could not be read.
     */
    private static final class Parameters {
        final Map<String, String> values = new LinkedHashMap<>();
        JsonNode json;
        String malformed;

        static Parameters of(RawRequest request) {
            Parameters p = new Parameters();
            String contentType = contentType(request);
            try {
                p.values.putAll(parseForm(request.query()));
                if (contentType.startsWith("application/x-www-form-urlencoded")) {
                    p.values.putAll(parseForm(new String(request.body(), StandardCharsets.UTF_8)));
                } else if (contentType.startsWith("application/json") && request.body().length > 0) {
                    p.json = Json.read(new String(request.body(), StandardCharsets.UTF_8));
                    p.json.fields().forEachRemaining(f -> {
                        if (f.getValue().isValueNode()) {
                            p.values.put(f.getKey(), f.getValue().asText());
                        }
                    });
                }
            } catch (TdApiException | IllegalArgumentException e) {
                p.malformed = e.getMessage();
            }
            return p;
        }

        private static Map<String, String> parseForm(String form) {
            Map<String, String> params = new LinkedHashMap<>();
            if (form == null || form.isEmpty()) {
                return params;
            }
            for (String pair : form.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                params.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value,
                        StandardCharsets.UTF_8));
            }
            return params;
        }
    }
}
