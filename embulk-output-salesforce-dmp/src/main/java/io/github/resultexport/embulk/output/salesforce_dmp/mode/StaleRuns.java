package io.github.resultexport.embulk.output.salesforce_dmp.mode;

import io.github.resultexport.embulk.output.salesforce_dmp.client.S3Bucket;
import io.github.resultexport.embulk.output.salesforce_dmp.client.S3Errors;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Removes what dead runs left: at the start of a run, after it wrote its own lease, every run folder under the
 * staging prefix whose lease S3 last saw more than {@code stale_run_timeout} ago (by S3's clock: the run's own new
 * lease tells the time) belongs to a dead run; its upload is aborted and its temporary objects deleted. A live run
 * renews its lease ten times per timeout, so it is never touched. Uploads into the run's own object, or into the
 * object of a dead run that died before its lease named the upload, that no lease claims and that began more than
 * the timeout ago are a dead run's too (it died between starting the upload and recording it) and are aborted.
 */
final class StaleRuns {
    private StaleRuns() {
    }

    static void sweep(S3Bucket s3, String stagingPrefix, String ownRunId, String ownKey, Duration timeout,
            Logger log) {
        Map<String, List<S3Object>> runs = new TreeMap<>();
        for (S3Object o : s3.list(stagingPrefix)) {
            String rest = o.key().substring(stagingPrefix.length());
            int slash = rest.indexOf('/');
            if (slash > 0) {
                runs.computeIfAbsent(rest.substring(0, slash), k -> new ArrayList<>()).add(o);
            }
        }
        Instant now = leaseTime(runs.get(ownRunId));
        if (now == null) {
            throw new IllegalStateException("the run's lease is missing from the listing of "
                    + s3.url(stagingPrefix) + " right after it was written");
        }
        Set<String> claimed = new HashSet<>();
        Set<String> keysToCheck = new LinkedHashSet<>();
        keysToCheck.add(ownKey);
        for (Map.Entry<String, List<S3Object>> run : runs.entrySet()) {
            if (run.getKey().equals(ownRunId)) {
                continue;
            }
            Lease lease = readLease(s3, run.getValue());
            if (lease != null && lease.uploadId() != null) {
                claimed.add(lease.uploadId());
            }
            Instant lastSeen = lastSeen(run.getValue());
            if (Duration.between(lastSeen, now).compareTo(timeout) <= 0) {
                continue;
            }
            if (lease != null && lease.uploadId() != null) {
                s3.abortUpload(lease.key(), lease.uploadId());
            } else if (lease != null) {
                keysToCheck.add(lease.key());
            }
            deleteRunFolder(s3, run.getValue());
            log.info("removed what the dead run {} left (its lease was last renewed at {}): {}{} temporary"
                    + " object(s)", run.getKey(), lastSeen,
                    lease != null && lease.uploadId() != null ? "aborted its upload of " + s3.url(lease.key())
                            + ", " : "", run.getValue().size());
        }
        for (String key : keysToCheck) {
            for (MultipartUpload u : s3.listUploads(key)) {
                if (u.key().equals(key) && !claimed.contains(u.uploadId()) && u.initiated() != null
                        && Duration.between(u.initiated(), now).compareTo(timeout) > 0) {
                    s3.abortUpload(key, u.uploadId());
                    log.info("aborted the upload {} of {}, begun at {} by a run that died before recording it",
                            u.uploadId(), s3.url(key), u.initiated());
                }
            }
        }
    }

    private static Instant leaseTime(List<S3Object> objects) {
        if (objects != null) {
            for (S3Object o : objects) {
                if (o.key().endsWith("/" + Lease.NAME)) {
                    return o.lastModified();
                }
            }
        }
        return null;
    }

    /** When the run was last seen alive: its lease's time, or its newest object's when it has no lease. */
    private static Instant lastSeen(List<S3Object> objects) {
        Instant lease = leaseTime(objects);
        if (lease != null) {
            return lease;
        }
        Instant newest = Instant.MIN;
        for (S3Object o : objects) {
            if (o.lastModified().isAfter(newest)) {
                newest = o.lastModified();
            }
        }
        return newest;
    }

    private static Lease readLease(S3Bucket s3, List<S3Object> objects) {
        for (S3Object o : objects) {
            if (o.key().endsWith("/" + Lease.NAME)) {
                try {
                    return Lease.parse(s3.getText(o.key()));
                } catch (RuntimeException e) {
                    if ("NoSuchKey".equals(S3Errors.code(e))) {
                        return null; // its run just removed it
                    }
                    throw e;
                }
            }
        }
        return null;
    }

    /** Deletes the folder's objects, the lease last: a removal cut short leaves a folder the next sweep still knows. */
    private static void deleteRunFolder(S3Bucket s3, List<S3Object> objects) {
        List<String> others = new ArrayList<>();
        String lease = null;
        for (S3Object o : objects) {
            if (o.key().endsWith("/" + Lease.NAME)) {
                lease = o.key();
            } else {
                others.add(o.key());
            }
        }
        if (!others.isEmpty()) {
            s3.delete(others);
        }
        if (lease != null) {
            s3.delete(lease);
        }
    }
}
