package io.github.resultexport.embulk.output.postgresql.client;

import io.github.resultexport.embulk.output.postgresql.encode.CopyTextWriter;

/** Where a task's COPY data goes: the server ({@link ChunkedCopy}) or nowhere (dry run). */
public interface CopyChannel extends CopyTextWriter.Sink, AutoCloseable {
    /** Ends and commits the current chunk of a resumable stream. */
    void endChunk();

    /** Ends the COPY and commits the task's single transaction. */
    void commitTask();

    /** Rolls back what is not committed. */
    void abort();

    @Override
    void close();

    long chunks();

    long resends();

    /** Accepts and drops everything: {@code dry_run} still reads and encodes every record. */
    CopyChannel DISCARD = new CopyChannel() {
        @Override
        public void write(byte[] bytes, int length) {
        }

        @Override
        public void endChunk() {
        }

        @Override
        public void commitTask() {
        }

        @Override
        public void abort() {
        }

        @Override
        public void close() {
        }

        @Override
        public long chunks() {
            return 0;
        }

        @Override
        public long resends() {
            return 0;
        }
    };
}
