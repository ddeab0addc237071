package io.github.resultexport.embulk.output.salesforce_dmp;

import io.github.resultexport.embulk.output.salesforce_dmp.client.S3Bucket;
import org.slf4j.Logger;

/**
 * {@code dry_run: true}: checks, before the tasks read and encode every record, that the credentials are accepted
 * and may write under the day's folder and the staging folder, and list what the sweep of dead runs lists. Write
 * access is probed by starting a multipart upload and aborting it: an upload that is never completed creates no
 * object, so nothing appears where Salesforce DMP imports from.
 */
final class DryRun {
    private DryRun() {
    }

    static void check(S3Bucket s3, ObjectLayout layout, String runId, Logger log) {
        probeWrite(s3, layout.folder() + ".salesforce_dmp-dry-run-" + runId);
        probeWrite(s3, layout.stagingPrefix() + runId + "/dry-run");
        s3.list(layout.stagingPrefix());
        s3.listUploads(layout.key());
        log.info("dry run: the credentials may write {} and temporary objects under {}; the records are now read"
                + " and encoded, nothing is uploaded", s3.url(layout.key()), s3.url(layout.stagingPrefix()));
    }

    private static void probeWrite(S3Bucket s3, String key) {
        String uploadId = s3.createUpload(key, "application/octet-stream");
        s3.abortUpload(key, uploadId);
    }
}
