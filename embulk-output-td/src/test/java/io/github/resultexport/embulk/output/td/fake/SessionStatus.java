package io.github.resultexport.embulk.output.td.fake;

import java.util.Locale;

/** The {@code status} of a bulk-import session, as {@code bulk_import/show} reports it. */
public enum SessionStatus {
    UPLOADING, PERFORMING, READY, COMMITTING, COMMITTED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
