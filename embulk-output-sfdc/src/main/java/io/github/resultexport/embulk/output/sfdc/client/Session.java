package io.github.resultexport.embulk.output.sfdc.client;

/** A logged-in session: the SOAP endpoint login returned and the session id (a secret: never log it). */
public final class Session {
    private final String serverUrl;
    private final String sessionId;

    public Session(String serverUrl, String sessionId) {
        this.serverUrl = serverUrl;
        this.sessionId = sessionId;
    }

    /** {@code https://<instance>/services/Soap/u/<version>/<org id>}. */
    public String serverUrl() {
        return serverUrl;
    }

    public String sessionId() {
        return sessionId;
    }

    /** The Bulk API v1 endpoint of the instance: the server URL up to {@code /services/}, then {@code async/<v>}. */
    public String bulkEndpoint(String apiVersion) {
        int services = serverUrl.indexOf("/services/");
        String base = services < 0 ? serverUrl : serverUrl.substring(0, services);
        return base + "/services/async/" + apiVersion;
    }

    @Override
    public String toString() {
        return "Session(" + serverUrl + ")";
    }
}
