package io.github.resultexport.embulk.output.sfdc.stage;

import io.github.resultexport.embulk.output.common.SecretMasker;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;

/**
 * A task's failed rows: counted, the first few logged with their error, and every one written (task, row, error,
 * then the values as they were sent) to the task's part of {@code error_records_path}, which the transaction joins.
 */
public final class FailedRows implements AutoCloseable {
    static final int LOGGED = 10;

    private final int taskIndex;
    private final Path file;
    private final SecretMasker masker;
    private final Logger log;
    private BufferedWriter out;
    private long count;

    /** {@code file} may be null (no {@code error_records_path}); every text written or logged passes {@code masker}. */
    public FailedRows(int taskIndex, Path file, SecretMasker masker, Logger log) {
        this.taskIndex = taskIndex;
        this.file = file;
        this.masker = masker;
        this.log = log;
    }

    /** The part file of task {@code taskIndex} for {@code errorRecordsPath}. */
    public static Path partOf(Path errorRecordsPath, int taskIndex) {
        return errorRecordsPath.resolveSibling(errorRecordsPath.getFileName() + ".task-" + taskIndex);
    }

    void add(long rowNumber, String rawValues, String rawError) {
        String values = masker.mask(rawValues);
        String error = masker.mask(rawError);
        count++;
        if (count <= LOGGED) {
            log.warn("row {} of task {} failed: {}{}", rowNumber, taskIndex, error, count == LOGGED
                    ? " (further failed rows of this task are counted" + (file == null ? "" : " and written to the"
                    + " error records file") + ", not logged)" : "");
        }
        if (file == null) {
            return;
        }
        try {
            if (out == null) {
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            }
            out.write(Integer.toString(taskIndex));
            out.write(',');
            out.write(Long.toString(rowNumber));
            out.write(',');
            out.write(quote(error));
            if (!values.isEmpty()) {
                out.write(',');
                out.write(values);
            }
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the failed rows to " + file, e);
        }
    }

    public long count() {
        return count;
    }

    @Override
    public void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("could not write the failed rows to " + file, e);
            }
            out = null;
        }
    }

    static String quote(String text) {
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }
}
