package io.github.resultexport.embulk.output.salesforce_dmp.mode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The object a live run keeps in its folder of temporary objects and rewrites every tenth of
 * {@code stale_run_timeout}: S3's last-modified time of it tells other runs that the run is alive, its content
 * names the object and the upload the run writes. A run that stops rewriting it (killed, machine lost) is dead for
 * the next run once the timeout has passed by S3's own clock.
 */
final class Lease {
    static final String NAME = "lease";

    private final String runId;
    private final String key;
    private final String uploadId;

    Lease(String runId, String key, String uploadId) {
        this.runId = runId;
        this.key = key;
        this.uploadId = uploadId;
    }

    String runId() {
        return runId;
    }

    /** The key of the object the run publishes. */
    String key() {
        return key;
    }

    /** The run's multipart upload; null when the run died before it created it. */
    String uploadId() {
        return uploadId;
    }

    Lease withUploadId(String id) {
        return new Lease(runId, key, id);
    }

    String text() {
        return "run_id=" + runId + "\nkey=" + key + "\n" + (uploadId == null ? "" : "upload_id=" + uploadId + "\n");
    }

    /** The lease written as {@code text}; null when it is not one (a foreign or damaged object). */
    static Lease parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        if (!values.containsKey("run_id") || !values.containsKey("key")) {
            return null;
        }
        return new Lease(values.get("run_id"), values.get("key"), values.get("upload_id"));
    }
}
