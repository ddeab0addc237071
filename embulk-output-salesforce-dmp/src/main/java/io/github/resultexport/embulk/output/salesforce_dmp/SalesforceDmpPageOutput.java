package io.github.resultexport.embulk.output.salesforce_dmp;

import io.github.resultexport.embulk.output.common.ProgressLog;
import io.github.resultexport.embulk.output.salesforce_dmp.encode.InvalidValue;
import io.github.resultexport.embulk.output.salesforce_dmp.encode.LineBuffer;
import io.github.resultexport.embulk.output.salesforce_dmp.encode.RecordEncoder;
import io.github.resultexport.embulk.output.salesforce_dmp.stage.LineSink;
import io.github.resultexport.embulk.output.salesforce_dmp.stage.StagedOutput;
import org.embulk.config.TaskReport;
import org.embulk.spi.DataException;
import org.embulk.spi.Exec;
import org.embulk.spi.Page;
import org.embulk.spi.PageReader;
import org.embulk.spi.Schema;
import org.embulk.spi.TransactionalPageOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task: encodes each record into a line as it arrives and hands the lines, in blocks, to the task's sink (the
 * parts of the run's upload). An invalid record fails the task naming its row and column, or with
 * {@code skip_invalid_records} is counted and left out, the first few logged.
 */
final class SalesforceDmpPageOutput implements TransactionalPageOutput {
    private static final Logger LOG = LoggerFactory.getLogger(SalesforceDmpPageOutput.class);
    private static final int BLOCK = 64 * 1024;
    /** Invalid records logged per task; the others are only counted. */
    static final int LOGGED_REJECTIONS = 10;

    private final int taskIndex;
    private final PageReader reader;
    private final RecordEncoder encoder;
    private final LineBuffer lines = new LineBuffer(BLOCK + 4096);
    private final LineSink sink;
    private final boolean skipInvalid;
    private final ProgressLog progress;
    private final AutoCloseable resources;

    private long rowNumber;
    private long rejected;
    private StagedOutput staged = StagedOutput.nothing();

    SalesforceDmpPageOutput(Schema schema, int taskIndex, RecordEncoder encoder, LineSink sink, boolean skipInvalid,
            ProgressLog progress, AutoCloseable resources) {
        this.taskIndex = taskIndex;
        this.reader = Exec.getPageReader(schema);
        this.encoder = encoder;
        this.sink = sink;
        this.skipInvalid = skipInvalid;
        this.progress = progress;
        this.resources = resources;
    }

    @Override
    public void add(Page page) {
        reader.setPage(page);
        long rows = 0;
        long bytes = 0;
        while (reader.nextRecord()) {
            rowNumber++;
            int before = lines.size();
            InvalidValue invalid = encoder.encode(reader, lines);
            if (invalid != null) {
                reject(invalid);
                continue;
            }
            rows++;
            bytes += lines.size() - before;
            if (lines.size() >= BLOCK) {
                flushLines();
            }
        }
        progress.add(rows, bytes);
    }

    private void reject(InvalidValue invalid) {
        String where = "row " + rowNumber + " of task " + taskIndex + ", " + invalid;
        if (!skipInvalid) {
            throw new DataException("invalid record at " + where + "; fix the data, or set skip_invalid_records:"
                    + " true to leave such records out");
        }
        rejected++;
        if (rejected <= LOGGED_REJECTIONS) {
            LOG.warn("skipped the invalid record at {}{}", where, rejected == LOGGED_REJECTIONS
                    ? " (further invalid records of this task are counted, not logged)" : "");
        }
    }

    private void flushLines() {
        sink.write(lines.array(), 0, lines.size());
        lines.clear();
    }

    @Override
    public void finish() {
        flushLines();
        staged = sink.finish();
    }

    @Override
    public void close() {
        reader.close();
        try {
            sink.close();
        } finally {
            try {
                resources.close();
            } catch (Exception e) {
                LOG.warn("could not close the S3 client of task {}: {}", taskIndex, e.toString());
            }
        }
    }

    @Override
    public void abort() {
        sink.abort();
    }

    /** Only reports: the work is staged in {@link #finish}, because Embulk may close the output before this. */
    @Override
    public TaskReport commit() {
        progress.logNow();
        TaskReport report = progress.report(Exec.newTaskReport());
        report.set(ProgressLog.REJECTED, rejected);
        report.set("task_index", taskIndex);
        report.set("staged_bytes", staged.bytes());
        return staged.into(report);
    }
}
