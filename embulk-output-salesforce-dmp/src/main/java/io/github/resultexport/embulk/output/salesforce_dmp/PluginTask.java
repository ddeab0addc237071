package io.github.resultexport.embulk.output.salesforce_dmp;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.github.resultexport.embulk.output.common.ConfigEnums;
import io.github.resultexport.embulk.output.common.RetryOptions;
import io.github.resultexport.embulk.output.common.Secret;
import java.util.Optional;
import org.embulk.util.config.Config;
import org.embulk.util.config.ConfigDefault;
import org.embulk.util.config.Task;

/**
 * Options of the {@code salesforce_dmp} output (spec: {@code salesforce-dmp.md}): first-party segment files for
 * Salesforce DMP (Krux), one per UTC day, on S3. Secrets are {@link Secret}s, so {@code toString()} of the task
 * never shows them.
 */
public interface PluginTask extends Task, RetryOptions {

    /**
     * {@code salesforce-dmp://ACCESS_KEY_ID:SECRET@client-name?…}, the result-output form. It is expanded into
     * {@code aws_access_key_id}, {@code aws_secret_access_key}, {@code client_name} and the query options before the
     * task is mapped, so a mapped task never holds it.
     */
    @Config("url")
    @ConfigDefault("null")
    Optional<Secret> getUrl();

    /**
     * Client name issued by Salesforce, e.g. {@code client-treasure-data}; the {@code client-} prefix is added when
     * missing. Letters, digits, {@code .}, {@code _} and {@code -}. Required.
     */
    @Config("client_name")
    String getClientName();

    /** Set by the validator to the name with its {@code client-} prefix. */
    void setClientName(String clientName);

    /** AWS access key id issued by Salesforce. Required. */
    @Config("aws_access_key_id")
    String getAwsAccessKeyId();

    /** AWS secret access key issued by Salesforce; a secret. Required. */
    @Config("aws_secret_access_key")
    Secret getAwsSecretAccessKey();

    /** What is exported: {@code first_party_segment} (default and the only supported type). */
    @Config("export_type")
    @ConfigDefault("\"first_party_segment\"")
    ExportType getExportType();

    /** S3 bucket. Default {@code krux-partners}. */
    @Config("bucket")
    @ConfigDefault("\"krux-partners\"")
    String getBucket();

    /**
     * Folder of the day's file inside the bucket, ending with {@code /}; placeholders {@code {client}} (the client
     * name) and {@code {date}} (the UTC day of the transaction, {@code YYYY-MM-DD}). Default
     * {@code {client}/uploads/{date}/}.
     */
    @Config("path_template")
    @ConfigDefault("\"{client}/uploads/{date}/\"")
    String getPathTemplate();

    /**
     * Name of the day's file, with the same placeholders as {@code path_template}. Default
     * {@code {client}_first_party_segment.gz}.
     */
    @Config("file_name")
    @ConfigDefault("\"{client}_first_party_segment.gz\"")
    String getFileName();

    /**
     * {@code false} (default): a second run on the same UTC day replaces that day's file; {@code true}: each run
     * adds a new, uniquely named file (transaction time and run id) to the day's folder.
     */
    @Config("append_to_date_folder")
    @ConfigDefault("false")
    boolean getAppendToDateFolder();

    /** File compression: {@code gzip} (default) or {@code none}. */
    @Config("compression")
    @ConfigDefault("\"gzip\"")
    Compression getCompression();

    /**
     * gzip level, from {@code 1} (fastest) to {@code 9} (smallest, slowest). Default {@code 1}: compressing is most
     * of the plugin's CPU time, and level 1 needs about a third of the CPU time of gzip's usual level 6 for a file
     * about a fifth larger (measured on segment files: 37 MB instead of 30 MB per million records).
     */
    @Config("compression_level")
    @ConfigDefault("1")
    int getCompressionLevel();

    /**
     * {@code false} (default): an invalid record (empty user id, a delimiter or line break in a value, a value of
     * 255 characters or more) fails the run; {@code true}: it is counted, logged and left out.
     */
    @Config("skip_invalid_records")
    @ConfigDefault("false")
    boolean getSkipInvalidRecords();

    /**
     * S3 endpoint URL for S3-compatible servers and tests, e.g. {@code http://127.0.0.1:9000}. Default: the AWS
     * endpoint of {@code region}.
     */
    @Config("endpoint")
    @ConfigDefault("null")
    Optional<String> getEndpoint();

    /** AWS region of the bucket. Default {@code us-east-1}. */
    @Config("region")
    @ConfigDefault("\"us-east-1\"")
    String getRegion();

    /** Address the bucket in the path instead of the host name (S3-compatible servers). Default {@code false}. */
    @Config("path_style_access")
    @ConfigDefault("false")
    boolean getPathStyleAccess();

    /**
     * When uploads carry checksums: {@code when_supported} (default, the SDK's behaviour) or {@code when_required}
     * (for S3-compatible stores that reject them).
     */
    @Config("checksum_validation")
    @ConfigDefault("\"when_supported\"")
    ChecksumValidation getChecksumValidation();

    /**
     * Folder for the run's temporary objects (its lease and the last, smaller-than-a-part piece of every task),
     * ending with {@code /}; placeholder {@code {client}}. Keep it outside the folder Salesforce DMP imports from:
     * a run removes its own temporary objects when it ends, and the next run removes those of a run that was
     * killed. Default {@code {client}/embulk-staging/}.
     */
    @Config("staging_path_template")
    @ConfigDefault("\"{client}/embulk-staging/\"")
    String getStagingPathTemplate();

    /**
     * Bytes of compressed data a task collects before it uploads them as one part of the day's file, from
     * {@code 5242880} (5 MiB, the smallest part S3 accepts) to {@code 1073741824} (1 GiB). A task holds at most two
     * parts in memory (one being uploaded, one being filled). The file can have at most 10,000 parts, shared
     * evenly among the tasks, so this also bounds the size of a task's output. Default {@code 8388608} (8 MiB).
     */
    @Config("part_size")
    @ConfigDefault("8388608")
    long getPartSize();

    /**
     * Seconds after which another run may treat a run that stopped renewing its lease (renewed every tenth of this
     * time) as dead, abort its upload and remove its temporary objects; 2 or more. A live run is never touched
     * before. Default {@code 600}.
     */
    @Config("stale_run_timeout")
    @ConfigDefault("600")
    long getStaleRunTimeout();

    /** Retries of a transient S3 error, 0 or more. Default {@code 12}. */
    @Override
    @Config("retry_limit")
    @ConfigDefault("12")
    int getRetryLimit();

    /** First wait before a retry, in milliseconds (doubled each time), greater than 0. Default {@code 1000}. */
    @Override
    @Config("retry_initial_interval_millis")
    @ConfigDefault("1000")
    long getRetryInitialIntervalMillis();

    /** Longest wait between retries, in milliseconds, at least the initial interval. Default {@code 60000}. */
    @Override
    @Config("retry_max_interval_millis")
    @ConfigDefault("60000")
    long getRetryMaxIntervalMillis();

    /** Check the schema, the credentials and access to the bucket, and upload nothing. Default {@code false}. */
    @Config("dry_run")
    @ConfigDefault("false")
    boolean getDryRun();

    // ---- filled by the transaction, read by the tasks ----

    /** The run the tasks upload into; empty until the transaction has started it. */
    Optional<RunPlan> getRun();

    void setRun(Optional<RunPlan> run);

    /** The {@code export_type} option. */
    enum ExportType {
        FIRST_PARTY_SEGMENT;

        @JsonCreator
        public static ExportType fromString(String value) {
            return ConfigEnums.parse(ExportType.class, "export_type", value);
        }

        @JsonValue
        @Override
        public String toString() {
            return ConfigEnums.configName(this);
        }
    }

    /** The {@code compression} option. */
    enum Compression {
        GZIP, NONE;

        @JsonCreator
        public static Compression fromString(String value) {
            return ConfigEnums.parse(Compression.class, "compression", value);
        }

        @JsonValue
        @Override
        public String toString() {
            return ConfigEnums.configName(this);
        }
    }

    /** The {@code checksum_validation} option. */
    enum ChecksumValidation {
        WHEN_SUPPORTED, WHEN_REQUIRED;

        @JsonCreator
        public static ChecksumValidation fromString(String value) {
            return ConfigEnums.parse(ChecksumValidation.class, "checksum_validation", value);
        }

        @JsonValue
        @Override
        public String toString() {
            return ConfigEnums.configName(this);
        }
    }
}
