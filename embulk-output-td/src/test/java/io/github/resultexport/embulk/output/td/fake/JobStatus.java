package io.github.resultexport.embulk.output.td.fake;

import java.util.Locale;

/** The {@code status} of a job, as {@code job/show} and {@code job/status} report it. */
public enum JobStatus {
    QUEUED, RUNNING, SUCCESS, ERROR, KILLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinished() {
        return this == SUCCESS || this == ERROR || this == KILLED;
    }
}
