package io.github.resultexport.embulk.output.salesforce_dmp;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * What the transaction decided for one run and every task needs: the object being written, the multipart upload
 * the tasks add parts to, the part numbers each task may use, and the run's folder for temporary objects. Travels
 * to the tasks in the TaskSource.
 */
public final class RunPlan {
    private final String runId;
    private final String bucket;
    private final String key;
    private final String uploadId;
    private final String stagingFolder;
    private final int partsPerTask;

    @JsonCreator
    public RunPlan(@JsonProperty("run_id") String runId,
                   @JsonProperty("bucket") String bucket,
                   @JsonProperty("key") String key,
                   @JsonProperty("upload_id") String uploadId,
                   @JsonProperty("staging_folder") String stagingFolder,
                   @JsonProperty("parts_per_task") int partsPerTask) {
        this.runId = runId;
        this.bucket = bucket;
        this.key = key;
        this.uploadId = uploadId;
        this.stagingFolder = stagingFolder;
        this.partsPerTask = partsPerTask;
    }

    /** A run that reads and encodes every record and uploads nothing. */
    public static RunPlan dryRun(String runId, String bucket, String key) {
        return new RunPlan(runId, bucket, key, null, null, 0);
    }

    @JsonProperty("run_id")
    public String getRunId() {
        return runId;
    }

    @JsonProperty("bucket")
    public String getBucket() {
        return bucket;
    }

    /** The key of the object the run publishes. */
    @JsonProperty("key")
    public String getKey() {
        return key;
    }

    /** The multipart upload of the object; null in a dry run. */
    @JsonProperty("upload_id")
    public String getUploadId() {
        return uploadId;
    }

    /** The run's folder for temporary objects, ending with {@code /}; null in a dry run. */
    @JsonProperty("staging_folder")
    public String getStagingFolder() {
        return stagingFolder;
    }

    /** How many part numbers each task owns. */
    @JsonProperty("parts_per_task")
    public int getPartsPerTask() {
        return partsPerTask;
    }

    @JsonIgnore
    public boolean isDryRun() {
        return uploadId == null;
    }

    /** The first part number of task {@code taskIndex}; it owns {@link #getPartsPerTask()} numbers from there. */
    public int firstPartNumber(int taskIndex) {
        return taskIndex * partsPerTask + 1;
    }

    /** Where task {@code taskIndex} puts the end of its output that is smaller than a part. */
    public String tailKey(int taskIndex) {
        return stagingFolder + String.format(Locale.ROOT, "task-%05d", taskIndex);
    }

    /** {@code s3://bucket/key}, for messages. */
    public String objectUrl() {
        return "s3://" + bucket + "/" + key;
    }
}
