package io.github.resultexport.embulk.output.sfdc;

import io.github.resultexport.embulk.output.common.ProgressLog;
import io.github.resultexport.embulk.output.sfdc.encode.RecordEncoder;
import io.github.resultexport.embulk.output.sfdc.stage.BatchPipeline;
import io.github.resultexport.embulk.output.sfdc.stage.FailedRows;
import io.github.resultexport.embulk.output.sfdc.stage.IdLookup;
import org.embulk.config.TaskReport;
import org.embulk.spi.Exec;
import org.embulk.spi.Page;
import org.embulk.spi.PageReader;
import org.embulk.spi.Schema;
import org.embulk.spi.TransactionalPageOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task: encodes each record into a CSV line as it arrives and hands it to the task's batches in the run's Bulk
 * job ({@link BatchPipeline}), or in a dry run only encodes it. Reports how every row ended: succeeded or failed.
 */
final class SfdcPageOutput implements TransactionalPageOutput {
    private static final Logger LOG = LoggerFactory.getLogger(SfdcPageOutput.class);

    private final int taskIndex;
    private final PageReader reader;
    private final RecordEncoder encoder;
    private final BatchPipeline batches;
    private final IdLookup idLookup;
    private final int keyColumn;
    private final FailedRows failed;
    private final ProgressLog progress;

    private long rowNumber;
    private long bytes;
    private boolean finished;

    /**
     * @param batches null in a dry run
     * @param idLookup {@code update} with {@code upsert: false}: finds each row's Id by its key column
     *     {@code keyColumn}; else null
     */
    SfdcPageOutput(Schema schema, int taskIndex, RecordEncoder encoder, BatchPipeline batches, IdLookup idLookup,
            int keyColumn, FailedRows failed, ProgressLog progress) {
        this.taskIndex = taskIndex;
        this.reader = Exec.getPageReader(schema);
        this.encoder = encoder;
        this.batches = batches;
        this.idLookup = idLookup;
        this.keyColumn = keyColumn;
        this.failed = failed;
        this.progress = progress;
    }

    @Override
    public void add(Page page) {
        reader.setPage(page);
        long rows = 0;
        long pageBytes = 0;
        while (reader.nextRecord()) {
            rowNumber++;
            CharSequence line;
            try {
                line = encoder.encode(reader);
            } catch (RecordEncoder.InvalidValueException e) {
                if (batches == null) {
                    throw new org.embulk.spi.DataException(e.getMessage() + ", at row " + rowNumber + " of task "
                            + taskIndex);
                }
                batches.reject(rowNumber, "INVALID_VALUE: " + e.getMessage());
                continue;
            }
            rows++;
            pageBytes += line.length();
            if (idLookup != null) {
                idLookup.add(rowNumber, encoder.text(reader, keyColumn), line.toString());
            } else if (batches != null) {
                batches.add(rowNumber, line);
            }
        }
        bytes += pageBytes;
        progress.add(rows, pageBytes);
    }

    @Override
    public void finish() {
        if (idLookup != null) {
            idLookup.finish();
        } else if (batches != null) {
            batches.finish();
        }
        failed.close();
        finished = true;
    }

    @Override
    public void close() {
        if (batches != null) {
            batches.close();
        }
        reader.close();
        failed.close();
    }

    @Override
    public void abort() {
    }

    @Override
    public TaskReport commit() {
        if (!finished) {
            throw new IllegalStateException("sfdc task " + taskIndex + " committed without finishing");
        }
        progress.logNow();
        TaskReport report = Exec.newTaskReport();
        long succeeded = batches == null ? rowNumber : batches.succeeded();
        report.set("input_rows", rowNumber);
        report.set("succeeded", succeeded);
        report.set(ProgressLog.ROWS, succeeded);
        report.set(ProgressLog.REJECTED, failed.count());
        report.set(ProgressLog.BYTES, bytes);
        report.set("processed", batches == null ? 0 : batches.processed());
        report.set("failed_results", batches == null ? 0 : batches.failedResults());
        report.set("submitted", batches == null ? 0 : batches.submitted());
        report.set("resent", batches == null ? 0 : batches.resent());
        report.set("batches", batches == null ? 0 : batches.batches());
        if (batches != null && batches.resent() > 0) {
            LOG.info("sfdc task {}: {} rows were sent again after a transient failure", taskIndex, batches.resent());
        }
        return report;
    }
}
