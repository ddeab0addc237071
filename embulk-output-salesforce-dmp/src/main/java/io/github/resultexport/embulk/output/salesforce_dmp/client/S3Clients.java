package io.github.resultexport.embulk.output.salesforce_dmp.client;

import io.github.resultexport.embulk.output.salesforce_dmp.PluginTask;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the S3 client of a run or a task from the options, and nothing else. */
public final class S3Clients {
    private S3Clients() {
    }

    /**
     * A client with the configured credentials, region, endpoint, addressing and checksum behaviour. The SDK's own
     * retries are off: {@link S3Bucket} retries with {@code retry_limit} and its intervals. Nothing comes from
     * {@code ~/.aws} files, so a run does not change with the machine it runs on.
     */
    public static S3Client create(PluginTask task) {
        boolean checksums = task.getChecksumValidation() == PluginTask.ChecksumValidation.WHEN_SUPPORTED;
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60))
                        .maxConnections(8))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        task.getAwsAccessKeyId(), task.getAwsSecretAccessKey().reveal())))
                .region(Region.of(task.getRegion()))
                .forcePathStyle(task.getPathStyleAccess())
                .requestChecksumCalculation(checksums ? RequestChecksumCalculation.WHEN_SUPPORTED
                        : RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(checksums ? ResponseChecksumValidation.WHEN_SUPPORTED
                        : ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(c -> c
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .defaultProfileFileSupplier(S3Clients::noProfile));
        if (task.getEndpoint().isPresent()) {
            builder.endpointOverride(URI.create(task.getEndpoint().get()));
        }
        return builder.build();
    }

    private static ProfileFile noProfile() {
        return ProfileFile.builder().content("").type(ProfileFile.Type.CONFIGURATION).build();
    }
}
