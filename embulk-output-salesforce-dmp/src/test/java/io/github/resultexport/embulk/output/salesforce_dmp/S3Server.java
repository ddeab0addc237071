package io.github.resultexport.embulk.output.salesforce_dmp;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.rules.ExternalResource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * S3Proxy in the test's JVM on a free port of 127.0.0.1: an in-memory store behind a real S3 protocol server that
 * checks AWS v4 signatures against fixed test keys (a wrong key or secret is refused) and refuses to complete an
 * upload whose parts before the last are under 5 MiB ({@code S3ServerTest} shows both). The bucket
 * {@value #BUCKET} exists; {@link #admin()} is a client for the test's own checks.
 */
public final class S3Server extends ExternalResource {
    public static final String ACCESS_KEY = "AKIAS3PROXYTESTKEY01";
    public static final String SECRET_KEY = "s3proxy+Test/Secret0123456789abcdefghijk";
    public static final String BUCKET = "krux-partners";

    private S3Proxy proxy;
    private S3Client admin;

    @Override
    protected void before() throws Exception {
        proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY, SECRET_KEY)
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start within 60 s: " + proxy.getState());
            }
            Thread.sleep(10);
        }
        admin = client(endpoint(), ACCESS_KEY, SECRET_KEY);
        admin.createBucket(r -> r.bucket(BUCKET));
    }

    @Override
    protected void after() {
        if (admin != null) {
            admin.close();
        }
        try {
            if (proxy != null) {
                proxy.stop();
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not stop S3Proxy", e);
        }
    }

    public int port() {
        return proxy.getPort();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    /** A path-style client of {@code endpoint} with the given keys. */
    public static S3Client client(String endpoint, String accessKey, String secretKey) {
        return S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey,
                        secretKey)))
                .build();
    }

    /** A client with the right keys, straight to the server. */
    public S3Client admin() {
        return admin;
    }

    /** Every object key under {@code prefix}, sorted. */
    public List<String> keys(String prefix) {
        List<String> keys = new ArrayList<>();
        for (S3Object o : admin.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(BUCKET).prefix(prefix)
                .build()).contents()) {
            keys.add(o.key());
        }
        keys.sort(null);
        return keys;
    }

    /** Every upload in progress in the bucket, as {@code key (upload id)}. */
    public List<String> uploads() {
        List<String> uploads = new ArrayList<>();
        for (MultipartUpload u : admin.listMultipartUploadsPaginator(r -> r.bucket(BUCKET)).uploads()) {
            uploads.add(u.key() + " (" + u.uploadId() + ")");
        }
        uploads.sort(null);
        return uploads;
    }

    public byte[] bytes(String key) {
        return admin.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asByteArray();
    }

    public void put(String key, byte[] data) {
        admin.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromBytes(data));
    }

    /** The lines of an object, gunzipped when {@code gzip} (every member of a multi-member file). */
    public List<String> lines(String key, boolean gzip) throws IOException {
        return lines(bytes(key), gzip);
    }

    /** The lines of a gzip object, sorted (tasks write in no fixed order). */
    public List<String> sortedLines(String key) throws IOException {
        List<String> lines = lines(key, true);
        lines.sort(null);
        return lines;
    }

    public static List<String> lines(byte[] data, boolean gzip) throws IOException {
        List<String> lines = new ArrayList<>();
        InputStream in = new ByteArrayInputStream(data);
        if (gzip) {
            in = new GZIPInputStream(in, 64 * 1024);
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        String text = all.toString(StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return lines;
        }
        if (!text.endsWith("\n")) {
            throw new AssertionError("the file does not end with a line break: ..."
                    + text.substring(Math.max(0, text.length() - 80)));
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }

    /**
     * Key → size and SHA-256 of the content of every object under {@code prefix}, to compare the bucket byte for byte
     * before and after a run.
     */
    public TreeMap<String, String> snapshot(String prefix) {
        TreeMap<String, String> contents = new TreeMap<>();
        for (String key : keys(prefix)) {
            byte[] data = bytes(key);
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
                StringBuilder hex = new StringBuilder(data.length + " bytes, sha256 ");
                for (byte b : digest) {
                    hex.append(String.format("%02x", b & 0xff));
                }
                contents.put(key, hex.toString());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return contents;
    }

    /** Aborts every upload and deletes every object, so that each test starts from an empty bucket. */
    public void clear() {
        for (MultipartUpload u : admin.listMultipartUploadsPaginator(r -> r.bucket(BUCKET)).uploads()) {
            admin.abortMultipartUpload(r -> r.bucket(BUCKET).key(u.key()).uploadId(u.uploadId()));
        }
        for (String key : keys("")) {
            admin.deleteObject(r -> r.bucket(BUCKET).key(key));
        }
    }
}
