package io.github.resultexport.embulk.output.sfdc.fake;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The endpoints the fake serves, as force-wsc 65.0.0 and force-partner-api 65.0.0 call them. The kind (e.g.
 * {@code "batch/create"}, {@code "soap/login"}) names an endpoint in the request log and in fault rules.
 */
enum Endpoint {
    SOAP_LOGIN("soap/login"),
    SOAP_DESCRIBE_SOBJECT("soap/describeSObject"),
    SOAP_QUERY("soap/query"),
    SOAP_QUERY_MORE("soap/queryMore"),
    SOAP_LOGOUT("soap/logout"),
    /** Any other SOAP request: an unknown or unimplemented operation, or a body that is no SOAP envelope. */
    SOAP_OTHER("soap/other"),
    JOB_CREATE("job/create"),
    JOB_GET("job/get"),
    JOB_UPDATE("job/update"),
    BATCH_CREATE("batch/create"),
    BATCH_LIST("batch/list"),
    BATCH_GET("batch/get"),
    BATCH_REQUEST("batch/request"),
    BATCH_RESULT("batch/result"),
    QUERY_RESULT("batch/query_result");

    /** The kind logged for a request that matches no endpoint. */
    static final String UNKNOWN = "unknown";

    private static final Pattern SOAP = Pattern.compile("/services/Soap/u/(\\d+\\.\\d)(?:/([A-Za-z0-9]{15,18}))?/?");
    private static final Pattern ASYNC = Pattern.compile("/services/async/(\\d+\\.\\d)/(.*)");

    final String kind;

    Endpoint(String kind) {
        this.kind = kind;
    }

    /** A Bulk request that matched an endpoint: its API version and path parameters (job id, batch id, result id). */
    record Route(Endpoint endpoint, String version, List<String> params) {
        String param(int i) {
            return params.get(i);
        }
    }

    /** The API version of a SOAP path, or null if the path is not a partner SOAP endpoint. */
    static String soapVersion(String method, String path) {
        Matcher m = SOAP.matcher(path);
        return "POST".equals(method) && m.matches() ? m.group(1) : null;
    }

    /** Finds the Bulk API v1 endpoint of a request, or null. A trailing slash is allowed (force-wsc sends one). */
    static Route bulkRoute(String method, String path) {
        Matcher m = ASYNC.matcher(path);
        if (!m.matches()) {
            return null;
        }
        String version = m.group(1);
        String rest = m.group(2);
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        String[] s = rest.split("/", -1);
        boolean get = "GET".equals(method);
        boolean post = "POST".equals(method);
        if (s.length == 1 && s[0].equals("job") && post) {
            return new Route(JOB_CREATE, version, List.of());
        }
        if (s.length < 2 || !s[0].equals("job") || s[1].isEmpty()) {
            return null;
        }
        String job = s[1];
        if (s.length == 2) {
            return get ? new Route(JOB_GET, version, List.of(job))
                    : post ? new Route(JOB_UPDATE, version, List.of(job)) : null;
        }
        if (!s[2].equals("batch")) {
            return null;
        }
        if (s.length == 3) {
            return get ? new Route(BATCH_LIST, version, List.of(job))
                    : post ? new Route(BATCH_CREATE, version, List.of(job)) : null;
        }
        String batch = s[3];
        if (s.length == 4 && get) {
            return new Route(BATCH_GET, version, List.of(job, batch));
        }
        if (s.length == 5 && get && s[4].equals("request")) {
            return new Route(BATCH_REQUEST, version, List.of(job, batch));
        }
        if (s.length == 5 && get && s[4].equals("result")) {
            return new Route(BATCH_RESULT, version, List.of(job, batch));
        }
        if (s.length == 6 && get && s[4].equals("result") && !s[5].isEmpty()) {
            return new Route(QUERY_RESULT, version, List.of(job, batch, s[5]));
        }
        return null;
    }

    static boolean isAsyncPath(String path) {
        return path.startsWith("/services/async/");
    }

    /**
     * Resolves a name used in fault rules and request-log queries: a full kind ({@code "batch/create"}) or the part
     * after the slash when it names a single endpoint ({@code "login"}, {@code "describeSObject"}, {@code "query"},
     * {@code "queryMore"}, {@code "list"}, {@code "result"}, {@code "update"}), or {@code "unknown"}.
     */
    static String resolveKind(String name) {
        if (UNKNOWN.equals(name)) {
            return UNKNOWN;
        }
        String found = null;
        for (Endpoint endpoint : values()) {
            if (endpoint.kind.equals(name)) {
                return name;
            }
            if (endpoint.kind.endsWith("/" + name)) {
                if (found != null) {
                    throw new IllegalArgumentException("'" + name + "' names several endpoints (" + found + ", "
                            + endpoint.kind + "); use the full kind");
                }
                found = endpoint.kind;
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("no endpoint named '" + name + "'");
        }
        return found;
    }
}
