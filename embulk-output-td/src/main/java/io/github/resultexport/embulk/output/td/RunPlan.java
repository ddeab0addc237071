package io.github.resultexport.embulk.output.td;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/** What the transaction tells its tasks: the bulk-import session to upload into, or that this is a dry run. */
public final class RunPlan {
    private final String session;
    private final boolean dryRun;

    @JsonCreator
    public RunPlan(@JsonProperty("session") String session, @JsonProperty("dry_run") boolean dryRun) {
        this.session = session;
        this.dryRun = dryRun;
    }

    public static RunPlan upload(String session) {
        return new RunPlan(session, false);
    }

    public static RunPlan dryRun() {
        return new RunPlan(null, true);
    }

    @JsonProperty("session")
    public String getSession() {
        return session;
    }

    @JsonProperty("dry_run")
    public boolean isDryRun() {
        return dryRun;
    }
}
