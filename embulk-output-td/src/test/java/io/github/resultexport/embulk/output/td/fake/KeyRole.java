package io.github.resultexport.embulk.output.td.fake;

/** What an API key may do. */
public enum KeyRole {
    /** Everything. */
    MASTER,
    /**
     * Import only: may list and show databases and tables, run the whole bulk-import flow into an existing table and
     * read jobs; gets 403 for creating, deleting, renaming or swapping databases and tables and for schema changes.
     */
    WRITE_ONLY
}
