package io.github.resultexport.embulk.output.salesforce_dmp.mode;

import io.github.resultexport.embulk.output.salesforce_dmp.RunPlan;
import io.github.resultexport.embulk.output.salesforce_dmp.client.S3Bucket;
import io.github.resultexport.embulk.output.salesforce_dmp.client.StagedObject;
import io.github.resultexport.embulk.output.salesforce_dmp.client.UploadedPart;
import io.github.resultexport.embulk.output.salesforce_dmp.stage.PartWriter;
import io.github.resultexport.embulk.output.salesforce_dmp.stage.StagedOutput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.embulk.config.TaskReport;
import org.slf4j.Logger;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One run's multipart upload, from the transaction's side. {@link #start} writes the run's lease, removes what dead
 * runs left, creates the upload and keeps the lease renewed; the tasks then upload their parts into it.
 * {@link #publish} turns the tasks' small ends into the last part(s), checks that S3 holds exactly the parts that
 * were reported, and completes the upload: the object appears whole, at once, replacing the previous one.
 * {@link #discard} aborts the upload and removes the temporary objects, leaving the previous object as it was.
 *
 * <p>Why the small ends go through temporary objects: S3 accepts a part under 5 MiB only as the last part of an
 * upload, but every task ends with less than a part, and a task report must stay small. So a task uploads its end as
 * a temporary object in the run's folder, and the transaction reads the ends back and uploads them joined as the
 * final part(s) ({@link TailParts}); a run whose tasks all write less than 5 MiB ends up as one part. Task {@code i}
 * owns part numbers {@code i * perTask + 1 …}, and the joined ends come after all of them ({@link PartNumbers}).
 */
public final class RunUpload {
    private final S3Bucket s3;
    private final String key;
    private final String contentType;
    private final boolean gzip;
    private final String runId;
    private final String stagingFolder;
    private final int taskCount;
    private final int partsPerTask;
    private final Duration staleRunTimeout;
    private final Logger log;

    private boolean leaseWritten;
    private String uploadId;
    private LeaseRenewer renewer;
    private boolean published;
    private long publishedBytes;
    private int publishedParts;

    private RunUpload(S3Bucket s3, String key, String contentType, boolean gzip, String runId, String stagingPrefix,
            int taskCount, Duration staleRunTimeout, Logger log) {
        this.s3 = s3;
        this.key = key;
        this.contentType = contentType;
        this.gzip = gzip;
        this.runId = runId;
        this.stagingFolder = stagingPrefix + runId + "/";
        this.taskCount = taskCount;
        this.partsPerTask = PartNumbers.perTask(taskCount);
        this.staleRunTimeout = staleRunTimeout;
        this.log = log;
    }

    /**
     * Starts the run's upload of {@code key}; on failure, what was begun is removed again.
     *
     * @param stagingPrefix the folder of every run's temporary objects, ending with {@code /}
     */
    public static RunUpload start(S3Bucket s3, String key, String contentType, boolean gzip, String runId,
            String stagingPrefix, int taskCount, Duration staleRunTimeout, Logger log) {
        RunUpload upload = new RunUpload(s3, key, contentType, gzip, runId, stagingPrefix, taskCount,
                staleRunTimeout, log);
        try {
            upload.begin(stagingPrefix);
        } catch (RuntimeException | Error e) {
            upload.discard();
            throw e;
        }
        return upload;
    }

    private void begin(String stagingPrefix) {
        String leaseKey = stagingFolder + Lease.NAME;
        Lease lease = new Lease(runId, key, null);
        s3.putText(leaseKey, lease.text());
        leaseWritten = true;
        StaleRuns.sweep(s3, stagingPrefix, runId, key, staleRunTimeout, log);
        uploadId = s3.createUpload(key, contentType);
        lease = lease.withUploadId(uploadId);
        s3.putText(leaseKey, lease.text());
        renewer = LeaseRenewer.start(s3.withoutRetries(), leaseKey, lease.text(), staleRunTimeout, log);
        log.info("salesforce_dmp run {}: uploading {} (upload {}), temporary objects in {}", runId, s3.url(key),
                uploadId, s3.url(stagingFolder));
    }

    /** What the tasks need to know. */
    public RunPlan plan() {
        return new RunPlan(runId, s3.name(), key, uploadId, stagingFolder, partsPerTask);
    }

    /**
     * Publishes what the tasks staged: their parts, then their small ends joined into the last part(s). Completes
     * the upload only after ListParts showed exactly these parts.
     *
     * @throws IllegalStateException when S3 does not hold what was reported; nothing is published then
     */
    public void publish(List<TaskReport> reports) {
        RunPlan plan = plan();
        List<UploadedPart> parts = new ArrayList<>();
        List<StagedObject> tails = new ArrayList<>();
        for (TaskReport report : reports) {
            int taskIndex = report.get(Integer.class, "task_index");
            StagedOutput staged = StagedOutput.from(report);
            int first = plan.firstPartNumber(taskIndex);
            for (UploadedPart part : staged.parts()) {
                if (part.getNumber() < first || part.getNumber() >= first + partsPerTask) {
                    throw new IllegalStateException("task " + taskIndex + " reported " + part + ", outside its part"
                            + " numbers " + first + "…" + (first + partsPerTask - 1) + "; nothing was published");
                }
            }
            parts.addAll(staged.parts());
            if (staged.tail() != null) {
                tails.add(staged.tail());
            }
        }
        if (parts.isEmpty() && tails.isEmpty()) {
            publishEmptyFile();
            return;
        }
        parts.sort((a, b) -> Integer.compare(a.getNumber(), b.getNumber()));
        int number = PartNumbers.firstAfterTasks(taskCount, partsPerTask);
        List<List<StagedObject>> tailGroups = TailParts.group(tails);
        for (List<StagedObject> group : tailGroups) {
            TailConcatenation body = new TailConcatenation(s3, group);
            try {
                parts.add(s3.uploadPart(key, uploadId, number++, body, TailParts.size(group)));
            } finally {
                body.closeCurrent();
            }
        }
        String url = s3.url(key);
        PublishCheck.verifySizes(url, parts);
        PublishCheck.verify(url, parts, s3.listParts(key, uploadId));
        s3.complete(key, uploadId, parts);
        published = true;
        publishedParts = parts.size();
        for (UploadedPart p : parts) {
            publishedBytes += p.getSize();
        }
        log.info("salesforce_dmp run {}: published {} ({} bytes in {} part(s), {} of them joined from {} task"
                + " end(s))", runId, url, publishedBytes, publishedParts, tailGroups.size(), tails.size());
    }

    /** A run without a single record publishes an empty file (an empty gzip member when compressed). */
    private void publishEmptyFile() {
        s3.abortUpload(key, uploadId);
        byte[] empty = PartWriter.emptyFile(gzip);
        s3.putObject(key, empty, empty.length, contentType);
        published = true;
        publishedBytes = empty.length;
        log.info("salesforce_dmp run {}: no records; published the empty file {}", runId, s3.url(key));
    }

    /** After a successful {@link #publish}: stops the lease and removes the temporary objects. */
    public void finish() {
        stopRenewing();
        removeTemporaryObjects();
    }

    /**
     * After a failure: aborts the upload (unless it was published) and removes the temporary objects; problems
     * are only logged, as the next run removes what is left.
     */
    public void discard() {
        stopRenewing();
        if (uploadId != null && !published) {
            try {
                s3.abortUpload(key, uploadId);
            } catch (RuntimeException e) {
                log.warn("could not abort the upload {} of {} ({}); a later run into the same object aborts it"
                        + " once it is older than stale_run_timeout", uploadId, s3.url(key), e.getMessage());
            }
        }
        removeTemporaryObjects();
    }

    private void stopRenewing() {
        if (renewer != null) {
            renewer.close();
            renewer = null;
        }
    }

    private void removeTemporaryObjects() {
        if (!leaseWritten) {
            return; // the run created nothing (its first request, the lease, failed)
        }
        try {
            List<String> keys = new ArrayList<>();
            String lease = stagingFolder + Lease.NAME;
            for (S3Object o : s3.list(stagingFolder)) {
                if (!o.key().equals(lease)) {
                    keys.add(o.key());
                }
            }
            if (!keys.isEmpty()) {
                s3.delete(keys);
            }
            s3.delete(lease);
        } catch (RuntimeException e) {
            log.warn("could not remove the temporary objects in {} ({}); the next run removes them",
                    s3.url(stagingFolder), e.getMessage());
        }
    }
}
