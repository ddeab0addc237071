package io.github.resultexport.embulk.output.td.fake;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The REST API v3 endpoints the fake serves, as td-client-java 1.1.1 calls them. The kind (e.g.
 * {@code "bulk_import/upload_part"}) names an endpoint in the request log and in fault rules.
 */
enum Endpoint {
    DATABASE_LIST("GET", "database/list", 0, 0, false),
    DATABASE_SHOW("GET", "database/show", 1, 1, false),
    DATABASE_CREATE("POST", "database/create", 1, 1, true),
    DATABASE_DELETE("POST", "database/delete", 1, 1, true),
    TABLE_LIST("GET", "table/list", 1, 1, false),
    TABLE_SHOW("GET", "table/show", 2, 2, false),
    TABLE_CREATE("POST", "table/create", 2, 3, true),
    TABLE_APPEND_SCHEMA("POST", "table/append-schema", 2, 2, true),
    TABLE_UPDATE_SCHEMA("POST", "table/update-schema", 2, 2, true),
    TABLE_RENAME("POST", "table/rename", 3, 3, true),
    TABLE_SWAP("POST", "table/swap", 3, 3, true),
    TABLE_DELETE("POST", "table/delete", 2, 2, true),
    BULK_IMPORT_CREATE("POST", "bulk_import/create", 3, 3, false),
    BULK_IMPORT_SHOW("GET", "bulk_import/show", 1, 1, false),
    BULK_IMPORT_LIST("GET", "bulk_import/list", 0, 0, false),
    BULK_IMPORT_LIST_PARTS("GET", "bulk_import/list_parts", 1, 1, false),
    BULK_IMPORT_UPLOAD_PART("PUT", "bulk_import/upload_part", 2, 2, false),
    BULK_IMPORT_DELETE_PART("POST", "bulk_import/delete_part", 2, 2, false),
    BULK_IMPORT_FREEZE("POST", "bulk_import/freeze", 1, 1, false),
    BULK_IMPORT_UNFREEZE("POST", "bulk_import/unfreeze", 1, 1, false),
    BULK_IMPORT_PERFORM("POST", "bulk_import/perform", 1, 1, false),
    BULK_IMPORT_COMMIT("POST", "bulk_import/commit", 1, 1, false),
    BULK_IMPORT_DELETE("POST", "bulk_import/delete", 1, 1, false),
    BULK_IMPORT_ERROR_RECORDS("GET", "bulk_import/error_records", 1, 1, false),
    JOB_SHOW("GET", "job/show", 1, 1, false),
    JOB_STATUS("GET", "job/status", 1, 1, false);

    /** The kind logged for a request that matches no endpoint. */
    static final String UNKNOWN = "unknown";

    /** A request that matched an endpoint, with its decoded path parameters. */
    record Route(Endpoint endpoint, List<String> params) {
        String param(int i) {
            return params.get(i);
        }
    }

    final String method;
    final String kind;
    private final int minParams;
    private final int maxParams;
    /** Only a MASTER key may call it; a WRITE_ONLY key gets 403. */
    final boolean masterOnly;

    Endpoint(String method, String kind, int minParams, int maxParams, boolean masterOnly) {
        this.method = method;
        this.kind = kind;
        this.minParams = minParams;
        this.maxParams = maxParams;
        this.masterOnly = masterOnly;
    }

    /**
     * Finds the endpoint of a request, or null when TD would answer "Path and method do not match any API
     * endpoint". As in TD's routes, a segment with a '.' does not match (the dot starts a format suffix).
     */
    static Route route(String method, String rawPath) {
        if (!rawPath.startsWith("/v3/")) {
            return null;
        }
        String[] rawSegments = rawPath.substring("/v3/".length()).split("/", -1);
        if (rawSegments.length < 2) {
            return null;
        }
        String kind = rawSegments[0] + "/" + rawSegments[1];
        for (Endpoint endpoint : values()) {
            int params = rawSegments.length - 2;
            if (endpoint.kind.equals(kind) && endpoint.method.equals(method)
                    && params >= endpoint.minParams && params <= endpoint.maxParams) {
                List<String> decoded = new ArrayList<>();
                for (int i = 2; i < rawSegments.length; i++) {
                    String segment = percentDecode(rawSegments[i]);
                    if (segment == null || segment.isEmpty() || segment.contains(".") || segment.contains("/")) {
                        return null;
                    }
                    decoded.add(segment);
                }
                return new Route(endpoint, List.copyOf(decoded));
            }
        }
        return null;
    }

    /**
     * Resolves a name used in fault rules and request-log queries: a full kind ("bulk_import/commit") or the part
     * after the slash when it names a single endpoint ("commit", "upload_part", "rename"), or "unknown" for the
     * requests that match no endpoint.
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
                    throw new IllegalArgumentException("'" + name + "' names several endpoints ("
                            + found + ", " + endpoint.kind + "); use the full kind");
                }
                found = endpoint.kind;
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("no endpoint named '" + name + "'");
        }
        return found;
    }

    /** Decodes %XX escapes of a path segment ('+' stays a plus); null if malformed. */
    private static String percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                try {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                } catch (NumberFormatException e) {
                    return null;
                }
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
