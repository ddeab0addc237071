package io.github.resultexport.embulk.output.salesforce_dmp.stage;

/**
 * Writes lines into a part, compressed or not. Each part holds whole members (with gzip, complete gzip members;
 * without, whole lines), so parts and task outputs can be put together in any order and still form a valid file.
 */
interface MemberWriter {
    /** Appends whole lines to {@code part}. */
    void write(byte[] lines, int off, int len, PartBuffer part);

    /** Ends the member being written into {@code part} (nothing when no line was written since the last end). */
    void endMember(PartBuffer part);

    /** Frees native resources. */
    void close();
}
