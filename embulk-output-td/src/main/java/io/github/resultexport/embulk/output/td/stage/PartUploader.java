package io.github.resultexport.embulk.output.td.stage;

import java.io.File;

/** Where finished part files go: the run's bulk-import session, or nowhere in a dry run. */
@FunctionalInterface
public interface PartUploader {
    void upload(String partName, File file);

    /** The dry run's: the part was encoded in full, and is dropped. */
    static PartUploader discarding() {
        return (partName, file) -> { };
    }
}
