package io.github.resultexport.embulk.output.packaging;

import static io.github.resultexport.embulk.output.packaging.EmbulkAssertions.assertLoadedMavenStyle;
import static io.github.resultexport.embulk.output.packaging.EmbulkAssertions.assertNoClassLoadingError;
import static io.github.resultexport.embulk.output.packaging.EmbulkAssertions.assertSucceeded;
import static org.junit.Assert.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * salesforce_dmp installed Maven-style and run through the runtime jar ({@code java -jar}) writes the day's file to
 * an S3 server (S3Proxy on 127.0.0.1, checking signatures), as users run it.
 */
public class SalesforceDmpIT {
    private static final String KEY = "AKIAPACKAGINGIT00001";
    private static final String SECRET = "packaging/it+Secret0123456789abcdefghij";
    private static final String BUCKET = "krux-partners";

    private S3Proxy server;
    private S3Client s3;

    @Before
    public void startServer() throws Exception {
        server = S3Proxy.builder().blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V4, KEY, SECRET)
                .ignoreUnknownHeaders(true).build();
        server.start();
        for (int i = 0; i < 6000 && !"STARTED".equals(server.getState()); i++) {
            Thread.sleep(10);
        }
        s3 = S3Client.builder().httpClientBuilder(ApacheHttpClient.builder())
                .endpointOverride(URI.create(endpoint())).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))
                .build();
        s3.createBucket(r -> r.bucket(BUCKET));
    }

    @After
    public void stopServer() throws Exception {
        s3.close();
        server.stop();
    }

    @Test
    public void salesforceDmpWritesTheDaysFile() throws Exception {
        final Path dir = ItEnvironment.workDirectory("salesforce_dmp-s3");
        final Path config = Configs.write(dir, Configs.SEGMENTS_CSV, Configs.SEGMENTS_COLUMNS, String.join("\n",
                "  type: salesforce_dmp",
                "  client_name: packaging-it",
                "  aws_access_key_id: " + KEY,
                "  aws_secret_access_key: " + Configs.quote(SECRET),
                "  endpoint: " + endpoint(),
                "  path_style_access: true"));

        final Embulk.Result result = Embulk.withRepository(ItEnvironment.m2()).run(dir, config);

        assertNoClassLoadingError(result);
        assertSucceeded(result);
        assertLoadedMavenStyle(result, "salesforce_dmp");
        final List<String> keys = new ArrayList<>();
        for (final S3Object o : s3.listObjectsV2(r -> r.bucket(BUCKET)).contents()) {
            keys.add(o.key());
        }
        assertEquals(keys.toString(), 1, keys.size());
        final String key = keys.get(0);
        assertEquals(key, true, key.matches(
                "client-packaging-it/uploads/\\d{4}-\\d{2}-\\d{2}/client-packaging-it_first_party_segment\\.gz"));
        assertEquals(List.of("u-1^visits:3;segment:sports,news", "u-2^visits:1;segment:travel"), lines(key));
        assertEquals(List.of(), s3.listMultipartUploads(r -> r.bucket(BUCKET)).uploads());
        assertEquals(false, result.output.contains(SECRET));
    }

    private List<String> lines(final String key) throws IOException {
        final byte[] gzip = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asByteArray();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().sorted().toList();
        }
    }

    private String endpoint() {
        return "http://127.0.0.1:" + server.getPort();
    }
}
