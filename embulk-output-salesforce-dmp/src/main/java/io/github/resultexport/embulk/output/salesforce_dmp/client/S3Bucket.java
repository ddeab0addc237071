package io.github.resultexport.embulk.output.salesforce_dmp.client;

import io.github.resultexport.embulk.output.common.Retrier;
import io.github.resultexport.embulk.output.common.SecretMasker;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * The S3 requests of a run, on one bucket: each is retried on transient errors with the configured retry options,
 * and a permanent failure leaves as {@link S3Errors#translate}'s message, secrets masked. Only requests that are
 * safe to repeat are retried as they are; completing and aborting an upload recognise that an earlier attempt
 * whose response was lost already did the work.
 */
public final class S3Bucket implements AutoCloseable {
    private final S3Client s3;
    private final String bucket;
    private final Retrier retrier;
    private final SecretMasker masker;
    private final boolean checksums;
    private final boolean ownsClient;

    /**
     * @param checksums whether uploads carry CRC32 checksums ({@code checksum_validation: when_supported}); the
     *     multipart upload is then created for them and completed with them
     */
    public S3Bucket(S3Client s3, String bucket, Retrier retrier, SecretMasker masker, boolean checksums) {
        this(s3, bucket, retrier, masker, checksums, true);
    }

    private S3Bucket(S3Client s3, String bucket, Retrier retrier, SecretMasker masker, boolean checksums,
            boolean ownsClient) {
        this.s3 = s3;
        this.bucket = bucket;
        this.retrier = retrier;
        this.masker = masker;
        this.checksums = checksums;
        this.ownsClient = ownsClient;
    }

    /** The same bucket and client, each request tried once (for work that is repeated on a schedule anyway). */
    public S3Bucket withoutRetries() {
        return new S3Bucket(s3, bucket, Retrier.none(), masker, checksums, false);
    }

    public String name() {
        return bucket;
    }

    /** {@code s3://bucket/key}, for messages. */
    public String url(String key) {
        return "s3://" + bucket + "/" + key;
    }

    /** Starts a multipart upload of {@code key} and returns its id. */
    public String createUpload(String key, String contentType) {
        return call("starting the upload of " + url(key), () -> s3.createMultipartUpload(r -> {
            r.bucket(bucket).key(key).contentType(contentType);
            if (checksums) {
                r.checksumAlgorithm(ChecksumAlgorithm.CRC32);
            }
        }).uploadId());
    }

    /** Uploads {@code length} bytes of {@code data} as part {@code number}. */
    public UploadedPart uploadPart(String key, String uploadId, int number, byte[] data, int length) {
        return uploadPart(key, uploadId, number, () -> new ByteArrayInputStream(data, 0, length), length);
    }

    /**
     * Uploads the {@code length} bytes {@code content} provides as part {@code number}; {@code content} gives a new
     * stream from the start for every attempt.
     */
    public UploadedPart uploadPart(String key, String uploadId, int number, ContentStreamProvider content,
            long length) {
        return call("uploading part " + number + " of " + url(key), () -> {
            UploadPartResponse response = s3.uploadPart(r -> {
                r.bucket(bucket).key(key).uploadId(uploadId).partNumber(number).contentLength(length);
                if (checksums) {
                    r.checksumAlgorithm(ChecksumAlgorithm.CRC32);
                }
            }, RequestBody.fromContentProvider(content, length, "application/octet-stream"));
            return new UploadedPart(number, length, response.eTag(), checksums ? response.checksumCRC32() : null);
        });
    }

    /** Every part S3 holds for the upload, in part number order. */
    public List<UploadedPart> listParts(String key, String uploadId) {
        return call("listing the parts of the upload of " + url(key), () -> {
            List<UploadedPart> parts = new ArrayList<>();
            for (Part p : s3.listPartsPaginator(r -> r.bucket(bucket).key(key).uploadId(uploadId)).parts()) {
                parts.add(new UploadedPart(p.partNumber(), p.size(), p.eTag(), checksums ? p.checksumCRC32() : null));
            }
            parts.sort((a, b) -> Integer.compare(a.getNumber(), b.getNumber()));
            return parts;
        });
    }

    /**
     * Completes the upload with {@code parts}. When a retry finds the upload gone, the object is checked: if its
     * ETag is the one these parts make, an earlier attempt completed it and only its response was lost.
     */
    public void complete(String key, String uploadId, List<UploadedPart> parts) {
        List<CompletedPart> completed = new ArrayList<>();
        for (UploadedPart p : parts) {
            completed.add(CompletedPart.builder().partNumber(p.getNumber()).eTag(p.getEtag())
                    .checksumCRC32(p.getCrc32()).build());
        }
        AtomicInteger attempts = new AtomicInteger();
        call("completing the upload of " + url(key), () -> {
            int attempt = attempts.incrementAndGet();
            try {
                s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                        .multipartUpload(u -> u.parts(completed)));
            } catch (RuntimeException e) {
                if (attempt > 1 && "NoSuchUpload".equals(S3Errors.code(e)) && isCompletedFrom(key, parts)) {
                    return null;
                }
                throw e;
            }
            return null;
        });
    }

    private boolean isCompletedFrom(String key, List<UploadedPart> parts) {
        String expected = MultipartEtag.of(parts);
        if (expected == null) {
            return false;
        }
        HeadObjectResponse head = s3.headObject(r -> r.bucket(bucket).key(key));
        return expected.equals(UploadedPart.unquoted(head.eTag()));
    }

    /** Aborts the upload; an upload that is already gone counts as aborted. */
    public void abortUpload(String key, String uploadId) {
        call("aborting the upload " + uploadId + " of " + url(key), () -> {
            try {
                s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
            } catch (RuntimeException e) {
                if (!"NoSuchUpload".equals(S3Errors.code(e)) && S3Errors.status(e) != 404) {
                    throw e;
                }
            }
            return null;
        });
    }

    /** Uploads a small object in one request and returns what was stored. */
    public StagedObject putObject(String key, byte[] data, int length, String contentType) {
        return call("uploading " + url(key), () -> {
            PutObjectResponse response = s3.putObject(r -> r.bucket(bucket).key(key).contentType(contentType)
                            .contentLength((long) length),
                    RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data, 0, length), length,
                            contentType));
            return new StagedObject(key, length, response.eTag());
        });
    }

    /** Uploads {@code text} (UTF-8) as a small object. */
    public StagedObject putText(String key, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return putObject(key, bytes, bytes.length, "text/plain; charset=utf-8");
    }

    /** The content of a small text object. */
    public String getText(String key) {
        return call("reading " + url(key),
                () -> s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8));
    }

    /**
     * Opens {@code object} for reading after checking that S3 still holds what was uploaded (size and ETag); a
     * changed or missing object fails without retries.
     */
    public InputStream open(StagedObject object) {
        ResponseInputStream<GetObjectResponse> in = call("reading " + url(object.getKey()),
                () -> s3.getObject(r -> r.bucket(bucket).key(object.getKey())));
        GetObjectResponse response = in.response();
        String etag = response.eTag() == null ? null : UploadedPart.unquoted(response.eTag());
        if (response.contentLength() == null || response.contentLength() != object.getSize()
                || !object.getEtag().equalsIgnoreCase(etag)) {
            in.abort();
            throw new IllegalStateException("temporary object " + url(object.getKey()) + " is not what its task"
                    + " uploaded: expected " + object.getSize() + " bytes with ETag " + object.getEtag() + ", found "
                    + response.contentLength() + " bytes with ETag " + etag + "; nothing was published");
        }
        return in;
    }

    /** Every object whose key starts with {@code prefix}. */
    public List<S3Object> list(String prefix) {
        return call("listing " + url(prefix), () -> {
            List<S3Object> objects = new ArrayList<>();
            for (S3Object o : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix)
                    .build()).contents()) {
                objects.add(o);
            }
            return objects;
        });
    }

    /** Every multipart upload in progress whose key starts with {@code prefix}. */
    public List<MultipartUpload> listUploads(String prefix) {
        return call("listing the uploads in progress under " + url(prefix), () -> {
            List<MultipartUpload> uploads = new ArrayList<>();
            for (MultipartUpload u : s3.listMultipartUploadsPaginator(r -> r.bucket(bucket).prefix(prefix))
                    .uploads()) {
                uploads.add(u);
            }
            return uploads;
        });
    }

    /** Deletes {@code keys}; keys that are already gone count as deleted. */
    public void delete(List<String> keys) {
        for (int from = 0; from < keys.size(); from += 1000) {
            List<ObjectIdentifier> batch = new ArrayList<>();
            for (String key : keys.subList(from, Math.min(keys.size(), from + 1000))) {
                batch.add(ObjectIdentifier.builder().key(key).build());
            }
            call("deleting " + batch.size() + " object(s) under " + url(commonFolder(keys)), () -> {
                DeleteObjectsResponse response = s3.deleteObjects(r -> r.bucket(bucket)
                        .delete(d -> d.objects(batch).quiet(true)));
                for (S3Error error : response.errors()) {
                    if (!"NoSuchKey".equals(error.code())) {
                        throw new IllegalStateException("could not delete " + url(error.key()) + ": "
                                + error.code() + " " + error.message());
                    }
                }
                return null;
            });
        }
    }

    /** Deletes one object. */
    public void delete(String key) {
        delete(Collections.singletonList(key));
    }

    private static String commonFolder(List<String> keys) {
        String first = keys.isEmpty() ? "" : keys.get(0);
        int slash = first.lastIndexOf('/');
        return slash < 0 ? "" : first.substring(0, slash + 1);
    }

    private <T> T call(String what, Callable<T> op) {
        try {
            return retrier.run(what, op, S3Errors::isTransient);
        } catch (RuntimeException e) {
            throw masker.sanitize(S3Errors.translate(e, what, bucket));
        }
    }

    @Override
    public void close() {
        if (ownsClient) {
            s3.close();
        }
    }
}
