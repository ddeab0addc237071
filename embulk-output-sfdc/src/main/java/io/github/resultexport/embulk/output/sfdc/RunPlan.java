package io.github.resultexport.embulk.output.sfdc;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.resultexport.embulk.output.common.Secret;
import java.util.List;

/**
 * What the transaction tells its tasks: the Bulk job to add batches to, the session and endpoints to use, and how
 * each input column is sent ({@link FieldPlan}); or that this is a dry run. The session id is a {@link Secret}.
 */
public final class RunPlan {
    private final String jobId;
    private final String serverUrl;
    private final Secret sessionId;
    private final List<FieldPlan> fields;
    private final boolean dryRun;

    @JsonCreator
    public RunPlan(@JsonProperty("job_id") String jobId, @JsonProperty("server_url") String serverUrl,
            @JsonProperty("session_id") Secret sessionId, @JsonProperty("fields") List<FieldPlan> fields,
            @JsonProperty("dry_run") boolean dryRun) {
        this.jobId = jobId;
        this.serverUrl = serverUrl;
        this.sessionId = sessionId;
        this.fields = fields;
        this.dryRun = dryRun;
    }

    @JsonProperty("job_id")
    public String getJobId() {
        return jobId;
    }

    /** The SOAP endpoint the login returned ({@code …/services/Soap/u/<version>/<org>}). */
    @JsonProperty("server_url")
    public String getServerUrl() {
        return serverUrl;
    }

    @JsonProperty("session_id")
    public Secret getSessionId() {
        return sessionId;
    }

    @JsonProperty("fields")
    public List<FieldPlan> getFields() {
        return fields;
    }

    @JsonProperty("dry_run")
    public boolean isDryRun() {
        return dryRun;
    }
}
