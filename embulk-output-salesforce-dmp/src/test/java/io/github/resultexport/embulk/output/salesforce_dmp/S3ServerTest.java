package io.github.resultexport.embulk.output.salesforce_dmp;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.Arrays;
import org.junit.ClassRule;
import org.junit.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The test server holds S3 to its rules, or the plugin's tests would prove nothing: an upload whose part before
 * the last is under 5 MiB is refused, a wrong access key or secret is refused, and the fault relay passes signed
 * requests through unchanged.
 */
public class S3ServerTest {
    private static final int MIB = 1024 * 1024;

    @ClassRule
    public static final S3Server S3 = new S3Server();

    @Test
    public void anUndersizedPartBeforeTheLastIsRefused() {
        S3Exception e = assertThrows(S3Exception.class, () -> upload(S3.admin(), "undersized", 5 * MIB - 1, 10));

        assertEquals(400, e.statusCode());
        assertEquals("EntityTooSmall", e.awsErrorDetails().errorCode());
        assertEquals(Arrays.asList(), S3.keys("undersized"));
    }

    @Test
    public void fiveMiBPartsAndASmallLastPartAreAccepted() {
        upload(S3.admin(), "sized", 5 * MIB, 10);

        assertEquals(5L * MIB + 10, S3.bytes("sized").length);
    }

    @Test
    public void aWrongSecretIsRefused() {
        try (S3Client wrong = S3Server.client(S3.endpoint(), S3Server.ACCESS_KEY, S3Server.SECRET_KEY + "x")) {
            S3Exception e = assertThrows(S3Exception.class, () -> wrong.listObjectsV2(r -> r.bucket(S3Server.BUCKET)));

            assertEquals(403, e.statusCode());
            assertEquals("SignatureDoesNotMatch", e.awsErrorDetails().errorCode());
        }
    }

    @Test
    public void aWrongAccessKeyIsRefused() {
        try (S3Client wrong = S3Server.client(S3.endpoint(), "AKIAUNKNOWNKEY000000", S3Server.SECRET_KEY)) {
            S3Exception e = assertThrows(S3Exception.class, () -> wrong.listObjectsV2(r -> r.bucket(S3Server.BUCKET)));

            assertEquals(403, e.statusCode());
            assertEquals("InvalidAccessKeyId", e.awsErrorDetails().errorCode());
        }
    }

    @Test
    public void theFaultRelayPassesSignedRequestsUnchanged() throws Exception {
        try (S3FaultFront front = S3FaultFront.in(S3);
                S3Client viaFront = S3Server.client(front.endpoint(), S3Server.ACCESS_KEY, S3Server.SECRET_KEY);
                S3Client wrong = S3Server.client(front.endpoint(), S3Server.ACCESS_KEY, "not-the-secret")) {
            upload(viaFront, "relayed", 5 * MIB, 3);

            assertEquals(5L * MIB + 3, S3.bytes("relayed").length);
            assertEquals("SignatureDoesNotMatch", assertThrows(S3Exception.class,
                    () -> wrong.listObjectsV2(r -> r.bucket(S3Server.BUCKET))).awsErrorDetails().errorCode());
        }
    }

    /** A two-part upload of {@code key}: a first part of {@code firstSize} bytes, a last one of {@code lastSize}. */
    private static void upload(S3Client s3, String key, int firstSize, int lastSize) {
        String id = s3.createMultipartUpload(r -> r.bucket(S3Server.BUCKET).key(key)).uploadId();
        try {
            String e1 = s3.uploadPart(r -> r.bucket(S3Server.BUCKET).key(key).uploadId(id).partNumber(1),
                    RequestBody.fromBytes(new byte[firstSize])).eTag();
            String e2 = s3.uploadPart(r -> r.bucket(S3Server.BUCKET).key(key).uploadId(id).partNumber(2),
                    RequestBody.fromBytes(new byte[lastSize])).eTag();
            s3.completeMultipartUpload(r -> r.bucket(S3Server.BUCKET).key(key).uploadId(id).multipartUpload(u -> u
                    .parts(CompletedPart.builder().partNumber(1).eTag(e1).build(),
                            CompletedPart.builder().partNumber(2).eTag(e2).build())));
        } catch (RuntimeException e) {
            s3.abortMultipartUpload(r -> r.bucket(S3Server.BUCKET).key(key).uploadId(id));
            throw e;
        }
    }
}
