package io.github.resultexport.embulk.output.salesforce_dmp.stage;

import io.github.resultexport.embulk.output.salesforce_dmp.RunPlan;
import io.github.resultexport.embulk.output.salesforce_dmp.client.S3Bucket;
import io.github.resultexport.embulk.output.salesforce_dmp.client.StagedObject;
import io.github.resultexport.embulk.output.salesforce_dmp.client.UploadedPart;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.embulk.spi.DataException;

/**
 * A task's side of the upload. Lines are compressed into a part buffer; when it holds {@code part_size} bytes the
 * member is ended and the buffer is uploaded as the task's next part by a background thread while the next one
 * fills, so at most two parts are in memory. Part numbers come from the task's own range ({@link RunPlan}), so tasks
 * never collide. At the end, a rest of at least 5 MiB is one more part; a smaller rest (S3 accepts a part under
 * 5 MiB only as the file's last) goes into a temporary object that the transaction appends to the file's end.
 */
public final class PartWriter implements LineSink {
    /** The smallest part S3 accepts other than the last. */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

    private final S3Bucket s3;
    private final RunPlan plan;
    private final int taskIndex;
    private final long partSize;
    private final MemberWriter members;
    private final ExecutorService uploader;

    private final List<UploadedPart> parts = new ArrayList<>();
    private PartBuffer filling;
    private PartBuffer spare;
    private PartBuffer uploading;
    private Future<UploadedPart> inFlight;
    private int partsUsed;
    private long stagedBytes;

    /** @param gzipLevel the gzip level, 1 to 9; 0 for no compression */
    public PartWriter(S3Bucket s3, RunPlan plan, int taskIndex, long partSize, int gzipLevel) {
        this.s3 = s3;
        this.plan = plan;
        this.taskIndex = taskIndex;
        this.partSize = partSize;
        this.members = gzipLevel > 0 ? new GzipMemberWriter(gzipLevel) : new PlainMemberWriter();
        // A part ends after the write that filled it: one block of lines (compressed, or not) past the part size.
        int capacity = (int) Math.min(Integer.MAX_VALUE - 16, partSize + 512 * 1024);
        this.filling = new PartBuffer(capacity);
        this.spare = new PartBuffer(capacity);
        this.uploader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "salesforce_dmp task " + taskIndex + " upload");
            t.setDaemon(true);
            return t;
        });
    }

    /** The bytes of an empty file in the given compression. */
    public static byte[] emptyFile(boolean gzip) {
        return gzip ? GzipMemberWriter.emptyMember() : new byte[0];
    }

    @Override
    public void write(byte[] lines, int off, int len) {
        members.write(lines, off, len, filling);
        if (filling.size() >= partSize) {
            members.endMember(filling);
            uploadInBackground();
        }
    }

    private void uploadInBackground() {
        awaitUpload();
        PartBuffer part = filling;
        int number = nextPartNumber();
        uploading = part;
        inFlight = uploader.submit(() -> s3.uploadPart(plan.getKey(), plan.getUploadId(), number, part.array(),
                part.size()));
        filling = spare;
        spare = null;
    }

    private void awaitUpload() {
        if (inFlight == null) {
            return;
        }
        try {
            UploadedPart part = inFlight.get();
            parts.add(part);
            stagedBytes += part.getSize();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while uploading a part of " + plan.objectUrl(), e);
        } finally {
            inFlight = null;
        }
        uploading.clear();
        spare = uploading;
        uploading = null;
    }

    private int nextPartNumber() {
        if (partsUsed >= plan.getPartsPerTask()) {
            throw new DataException("task " + taskIndex + " has more data than its " + plan.getPartsPerTask()
                    + " parts of part_size (" + partSize + " bytes) can hold: a file has at most 10,000 parts, shared"
                    + " among the tasks; raise part_size (up to 1073741824) or use fewer output tasks");
        }
        return plan.firstPartNumber(taskIndex) + partsUsed++;
    }

    @Override
    public StagedOutput finish() {
        members.endMember(filling);
        awaitUpload();
        StagedObject tail = null;
        if (filling.size() >= MIN_PART_SIZE) {
            UploadedPart last = s3.uploadPart(plan.getKey(), plan.getUploadId(), nextPartNumber(), filling.array(),
                    filling.size());
            parts.add(last);
            stagedBytes += last.getSize();
        } else if (filling.size() > 0) {
            tail = s3.putObject(plan.tailKey(taskIndex), filling.array(), filling.size(), "application/octet-stream");
            stagedBytes += tail.getSize();
        }
        filling.clear();
        return new StagedOutput(parts, tail);
    }

    @Override
    public void abort() {
        if (inFlight != null) {
            inFlight.cancel(true);
        }
        uploader.shutdownNow();
    }

    @Override
    public long stagedBytes() {
        return stagedBytes;
    }

    @Override
    public void close() {
        uploader.shutdownNow();
        members.close();
    }
}
