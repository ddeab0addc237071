package io.github.resultexport.embulk.output.salesforce_dmp;

import io.github.resultexport.embulk.output.salesforce_dmp.mode.RunNames;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where a run writes: {@code <bucket>/<path_template><file_name>} with {@code {client}} and {@code {date}} (the UTC
 * day of the transaction) filled in; with {@code append_to_date_folder} the file name also carries the run id, so
 * each run adds a file instead of replacing the day's one. Temporary objects go under {@code staging_path_template}.
 */
final class ObjectLayout {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final String folder;
    private final String key;
    private final String stagingPrefix;
    private final boolean gzip;

    private ObjectLayout(String folder, String key, String stagingPrefix, boolean gzip) {
        this.folder = folder;
        this.key = key;
        this.stagingPrefix = stagingPrefix;
        this.gzip = gzip;
    }

    static ObjectLayout of(PluginTask task, Instant transactionTime, String runId) {
        Map<String, String> values = values(task.getClientName(), DAY.format(transactionTime));
        String folder = PathTemplate.parse("path_template", task.getPathTemplate()).expand(values);
        String fileName = PathTemplate.parse("file_name", task.getFileName()).expand(values);
        if (task.getAppendToDateFolder()) {
            fileName = RunNames.uniqueFileName(fileName, runId);
        }
        String staging = PathTemplate.parse("staging_path_template", task.getStagingPathTemplate()).expand(values);
        return new ObjectLayout(folder, folder + fileName, staging,
                task.getCompression() == PluginTask.Compression.GZIP);
    }

    static Map<String, String> values(String clientName, String date) {
        Map<String, String> values = new HashMap<>();
        values.put(PathTemplate.CLIENT, clientName);
        values.put(PathTemplate.DATE, date);
        return values;
    }

    /** The folder of the day's file, ending with {@code /} (or empty: the bucket's top). */
    String folder() {
        return folder;
    }

    /** The key of the object the run publishes. */
    String key() {
        return key;
    }

    /** The folder of every run's temporary objects, ending with {@code /}. */
    String stagingPrefix() {
        return stagingPrefix;
    }

    boolean gzip() {
        return gzip;
    }

    String contentType() {
        return gzip ? "application/gzip" : "text/plain; charset=utf-8";
    }
}
