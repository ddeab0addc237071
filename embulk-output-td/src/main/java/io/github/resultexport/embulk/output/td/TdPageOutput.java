package io.github.resultexport.embulk.output.td;

import io.github.resultexport.embulk.output.common.ProgressLog;
import io.github.resultexport.embulk.output.td.encode.RecordPacker;
import io.github.resultexport.embulk.output.td.stage.PartWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.embulk.config.TaskReport;
import org.embulk.spi.Exec;
import org.embulk.spi.Page;
import org.embulk.spi.PageReader;
import org.embulk.spi.Schema;
import org.embulk.spi.TransactionalPageOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task: packs each record as it arrives into the task's part files, which are uploaded into the run's
 * bulk-import session while the next part fills. A record whose time column is null cannot be imported: it is
 * counted as rejected and left out, the first few logged. Reports the records and parts it uploaded, which the
 * transaction checks against what Treasure Data counted before it commits.
 */
final class TdPageOutput implements TransactionalPageOutput {
    private static final Logger LOG = LoggerFactory.getLogger(TdPageOutput.class);
    static final int LOGGED_REJECTIONS = 10;

    private final int taskIndex;
    private final PageReader reader;
    private final RecordPacker packer;
    private final PartWriter parts;
    private final ProgressLog progress;
    private final AutoCloseable resources;

    private long rowNumber;
    private long rejected;
    private boolean finished;

    TdPageOutput(Schema schema, int taskIndex, RecordPacker packer, PartWriter parts, ProgressLog progress,
            AutoCloseable resources) {
        this.taskIndex = taskIndex;
        this.reader = Exec.getPageReader(schema);
        this.packer = packer;
        this.parts = parts;
        this.progress = progress;
        this.resources = resources;
    }

    @Override
    public void add(Page page) {
        reader.setPage(page);
        long rows = 0;
        long bytesBefore = parts.bytes();
        try {
            while (reader.nextRecord()) {
                rowNumber++;
                if (!packer.pack(reader, parts.packer(), rowNumber, taskIndex)) {
                    reject();
                    continue;
                }
                parts.recordWritten();
                rows++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("td task " + taskIndex + ": could not write a part file", e);
        }
        progress.add(rows, parts.bytes() - bytesBefore);
    }

    private void reject() {
        rejected++;
        if (rejected <= LOGGED_REJECTIONS) {
            LOG.warn("skipped row {} of task {}: its time ({}) is null, and Treasure Data needs a time{}", rowNumber,
                    taskIndex, packer.timeSource().describe(), rejected == LOGGED_REJECTIONS
                            ? " (further such rows of this task are counted, not logged)" : "");
        }
    }

    @Override
    public void finish() {
        try {
            parts.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("td task " + taskIndex + ": could not write a part file", e);
        }
        finished = true;
    }

    @Override
    public void close() {
        reader.close();
        try {
            parts.close();
        } finally {
            try {
                resources.close();
            } catch (Exception e) {
                LOG.warn("could not close the Treasure Data client of task {}: {}", taskIndex, e.toString());
            }
        }
    }

    @Override
    public void abort() {
        parts.abort();
    }

    /** Only reports: the parts were uploaded in {@link #finish}, because Embulk may close the output before this. */
    @Override
    public TaskReport commit() {
        if (!finished) {
            throw new IllegalStateException("td task " + taskIndex + " committed without finishing");
        }
        progress.logNow();
        TaskReport report = Exec.newTaskReport();
        report.set(ProgressLog.ROWS, parts.records());
        report.set(ProgressLog.BYTES, parts.bytes());
        report.set(ProgressLog.REJECTED, rejected);
        report.set("parts", parts.parts());
        report.set("task_index", taskIndex);
        return report;
    }
}
