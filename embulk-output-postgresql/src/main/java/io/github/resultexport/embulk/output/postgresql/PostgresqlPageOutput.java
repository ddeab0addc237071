package io.github.resultexport.embulk.output.postgresql;

import io.github.resultexport.embulk.output.common.ProgressLog;
import io.github.resultexport.embulk.output.postgresql.client.ChunkedCopy;
import io.github.resultexport.embulk.output.postgresql.client.CopyChannel;
import io.github.resultexport.embulk.output.postgresql.client.SqlErrors;
import io.github.resultexport.embulk.output.postgresql.encode.CopyFormat;
import io.github.resultexport.embulk.output.postgresql.encode.CopyRecordWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import org.embulk.config.TaskReport;
import org.embulk.spi.Column;
import org.embulk.spi.DataException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.embulk.spi.Exec;
import org.embulk.spi.Page;
import org.embulk.spi.PageReader;
import org.embulk.spi.Schema;
import org.embulk.spi.TransactionalPageOutput;

/**
 * One task: encodes records for COPY (binary or text, see CopyFormat) as they arrive and streams them to the server;
 * in staged modes every {@code batch_size} bytes are committed as a chunk that can be re-sent after a lost connection.
 */
final class PostgresqlPageOutput implements TransactionalPageOutput {
    /** Bytes encoded before they are handed to the connection; small, so encoding and server work overlap. */
    private static final int WRITE_BUFFER = 64 * 1024;

    private final Schema schema;
    private final LoadTarget target;
    private final int taskIndex;
    private final PageReader reader;
    private final CopyChannel copy;
    private final CopyRecordWriter writer;
    private final ProgressLog progress;
    private final long batchSize;

    private long rows;
    private long chunkStartRow;
    private long chunkStartBytes;

    PostgresqlPageOutput(Schema schema, LoadTarget target, int taskIndex, CopyFormat format,
                         CopyChannel copy, long batchSize, ProgressLog progress) {
        this.schema = schema;
        this.target = target;
        this.taskIndex = taskIndex;
        this.reader = Exec.getPageReader(schema);
        this.copy = copy;
        this.writer = format.writer(copy, WRITE_BUFFER);
        this.batchSize = batchSize;
        this.progress = progress;
    }

    @Override
    public void add(Page page) {
        reader.setPage(page);
        long bytesBefore = writer.bytesWritten();
        long rowsBefore = rows;
        try {
            while (reader.nextRecord()) {
                writer.write(reader);
                rows++;
                if (target.isChunked() && writer.bytesWritten() - chunkStartBytes >= batchSize) {
                    endChunk();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ChunkedCopy.CopyFailedException e) {
            throw translate(e);
        }
        progress.add(rows - rowsBefore, writer.bytesWritten() - bytesBefore);
    }

    private void endChunk() throws IOException {
        writer.endCopy();
        copy.endChunk();
        chunkStartRow = rows;
        chunkStartBytes = writer.bytesWritten();
    }

    @Override
    public void finish() {
        try {
            if (target.isChunked()) {
                endChunk();
            } else {
                writer.endCopy();
                copy.commitTask();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ChunkedCopy.CopyFailedException e) {
            throw translate(e);
        }
    }

    @Override
    public void close() {
        reader.close();
        copy.close();
    }

    @Override
    public void abort() {
        copy.abort();
    }

    /** Only reports: the work is committed in {@link #finish}, because Embulk may close the output before this. */
    @Override
    public TaskReport commit() {
        progress.logNow();
        TaskReport report = progress.report(Exec.newTaskReport());
        report.set("chunks", copy.chunks());
        report.set("resends", copy.resends());
        return report;
    }

    /** A server error about the data becomes a DataException naming the column, the row and the value's type. */
    private RuntimeException translate(ChunkedCopy.CopyFailedException e) {
        SQLException cause = (SQLException) e.getCause();
        if (!SqlErrors.isDataError(cause)) {
            return e;
        }
        if ("23505".equals(cause.getSQLState()) && !target.getMergeKeys().isEmpty()) {
            ServerErrorMessage server = cause instanceof PSQLException ? ((PSQLException) cause).getServerErrorMessage()
                    : null;
            return new DataException("merge: the input has more than one row with the same merge_keys ("
                    + String.join(", ", target.getMergeKeys()) + ")" + (server != null && server.getDetail() != null
                    ? ": " + server.getDetail() : "") + ", found by task " + taskIndex
                    + "; each key may appear once per run", cause);
        }
        long line = SqlErrors.copyLine(cause);
        String columnName = SqlErrors.copyColumn(cause);
        StringBuilder msg = new StringBuilder("cannot write to ").append(target.name().display());
        if (columnName != null) {
            msg.append(", column '").append(columnName).append('\'');
            Column column = PostgresqlConfigValidator.inputColumn(schema, columnName);
            if (column != null) {
                msg.append(" (input type ").append(column.getType()).append(", column type ")
                        .append(target.getColumns().get(column.getIndex()).getSqlType()).append(')');
            }
        }
        if (line > 0) {
            long row = (target.isChunked() ? chunkStartRow : 0) + line;
            msg.append(", row ").append(row).append(" of task ").append(taskIndex);
        }
        msg.append(": ").append(SqlErrors.serverMessage(cause));
        return new DataException(msg.toString(), cause);
    }
}
