package io.github.resultexport.embulk.output.sfdc;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.github.resultexport.embulk.output.common.ConfigEnums;
import io.github.resultexport.embulk.output.common.HttpProxyOptions;
import io.github.resultexport.embulk.output.common.Secret;
import java.util.Optional;
import org.embulk.util.config.Config;
import org.embulk.util.config.ConfigDefault;
import org.embulk.util.config.Task;

/**
 * Options of the {@code sfdc} output (spec: {@code sfdc.md}): records go into one Salesforce object through one
 * Bulk API job per run. Secrets are {@link Secret}s, so {@code toString()} of the task never shows them.
 */
public interface PluginTask extends Task {

    /**
     * {@code sfdc://username:passwordTOKEN@hostname/object_name?mode=…}, the result-output form (the security token
     * follows the password with no separator; write {@code @} in the username as {@code %40}). It is expanded into
     * {@code username}, {@code password}, {@code hostname}, {@code object} and the query options before the task is
     * mapped, so a mapped task never holds it. {@code sfdc://} alone takes everything from the config.
     */
    @Config("url")
    @ConfigDefault("null")
    Optional<Secret> getUrl();

    /** Salesforce user name (e.g. {@code user@example.com}). Required unless {@code session_id} is given. */
    @Config("username")
    @ConfigDefault("null")
    Optional<String> getUsername();

    /**
     * Password of {@code username}, optionally followed by the security token; a secret. Required unless
     * {@code session_id} is given.
     */
    @Config("password")
    @ConfigDefault("null")
    Optional<Secret> getPassword();

    /** Security token, appended to the password at login; a secret. Default: none (already in the password). */
    @Config("security_token")
    @ConfigDefault("null")
    Optional<Secret> getSecurityToken();

    /**
     * An existing session id to use instead of {@code username}/{@code password}/{@code security_token}; a secret.
     * {@code hostname} is then the instance host. Default: none.
     */
    @Config("session_id")
    @ConfigDefault("null")
    Optional<Secret> getSessionId();

    /**
     * Login host, {@code host[:port]}: {@code login.salesforce.com} (default), {@code test.salesforce.com} for
     * sandboxes, a My Domain host, or a local server. With {@code session_id}, the instance host. The URL form's host
     * fills it.
     */
    @Config("hostname")
    @ConfigDefault("\"login.salesforce.com\"")
    String getHostname();

    /** Whether the login host is reached over https (default {@code true}); {@code false}: http, e.g. a local server. */
    @Config("use_ssl")
    @ConfigDefault("true")
    boolean getUseSsl();

    /**
     * The login endpoint as a full URL, {@code scheme://host[:port]}, e.g. {@code https://mydomain.my.salesforce.com}.
     * Given with {@code hostname} (or the URL form) it must name the same host and port, and then only supplies the
     * scheme. Default: none ({@code hostname} and {@code use_ssl} decide).
     */
    @Config("login_url")
    @ConfigDefault("null")
    Optional<String> getLoginUrl();

    /** Set by the validator: {@code scheme://host[:port]} of the login (or, with {@code session_id}, instance) host. */
    Optional<String> getLoginBaseUrl();

    void setLoginBaseUrl(Optional<String> url);

    /** Salesforce API version, e.g. {@code 62.0} (default). */
    @Config("api_version")
    @ConfigDefault("\"62.0\"")
    String getApiVersion();

    /** API name of the target object, e.g. {@code Account} or {@code ResultOutput__c}. Required. */
    @Config("object")
    String getObject();

    /**
     * {@code append} (default: insert the records), {@code truncate} (delete every record of the object, then
     * insert; not atomic) or {@code update} (upsert on {@code unique}; with {@code upsert: false}, update only).
     */
    @Config("mode")
    @ConfigDefault("\"append\"")
    Mode getMode();

    /**
     * {@code truncate} only: hard-delete the old records instead of moving them to the recycle bin (needs the
     * "Bulk API Hard Delete" permission). Default {@code false}.
     */
    @Config("hard_delete")
    @ConfigDefault("false")
    boolean getHardDelete();

    /** {@code update} only, and required there: the external-id field that identifies a record. Default: none. */
    @Config("unique")
    @ConfigDefault("null")
    Optional<String> getUnique();

    /**
     * {@code update} only: {@code true} (default) upserts on {@code unique}; {@code false} updates existing records
     * only and never inserts (rows whose key matches nothing are reported as failed).
     */
    @Config("upsert")
    @ConfigDefault("true")
    boolean getUpsert();

    /**
     * Bulk job concurrency: {@code parallel} (default) or {@code serial} (try it when rows fail with
     * {@code UNABLE_TO_LOCK_ROW}).
     */
    @Config("concurrency_mode")
    @ConfigDefault("\"parallel\"")
    ConcurrencyMode getConcurrencyMode();

    /**
     * Records per batch, 1–10000 (default {@code 10000}); batches are also cut before 10 MB or 10,000,000
     * characters.
     */
    @Config("split_records")
    @ConfigDefault("10000")
    int getSplitRecords();

    /**
     * Re-submissions of rows that failed for a transient cause ({@code UNABLE_TO_LOCK_ROW}, a batch failed with
     * nothing processed, transport errors), 0 or more; rows that succeeded are never sent again. Default {@code 2}.
     */
    @Config("retry")
    @ConfigDefault("2")
    int getRetry();

    /** What a null becomes: {@code empty} (default: the field is left as is) or {@code na} ({@code #N/A}: cleared). */
    @Config("null_value")
    @ConfigDefault("\"empty\"")
    NullValue getNullValue();

    /**
     * Zone of timestamp values that go into date fields: {@code UTC} (default), {@code +09:00},
     * {@code Asia/Tokyo}, …. Datetimes are always sent as {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'}.
     */
    @Config("default_timezone")
    @ConfigDefault("\"UTC\"")
    String getDefaultTimezone();

    /** First wait between two polls of the job, in milliseconds, greater than 0. Default {@code 2000}. */
    @Config("poll_interval_millis")
    @ConfigDefault("2000")
    long getPollIntervalMillis();

    /** Longest wait between two polls, in milliseconds, at least {@code poll_interval_millis}. Default 30000. */
    @Config("poll_max_interval_millis")
    @ConfigDefault("30000")
    long getPollMaxIntervalMillis();

    /** Seconds to wait for the job before giving up, greater than 0. Default {@code 86400}. */
    @Config("job_timeout")
    @ConfigDefault("86400")
    long getJobTimeout();

    /** How many failed rows are tolerated before the run fails, 0 or more (0, the default: any failure fails). */
    @Config("max_error_records")
    @ConfigDefault("0")
    long getMaxErrorRecords();

    /**
     * File that receives every failed row (its values without secrets, plus the error code and message). Default:
     * none (the first failed rows are only logged).
     */
    @Config("error_records_path")
    @ConfigDefault("null")
    Optional<String> getErrorRecordsPath();

    /** HTTP proxy: {@code host}, {@code port}, {@code user}, {@code password}. Default: none. */
    @Config("http_proxy")
    @ConfigDefault("null")
    Optional<HttpProxyOptions> getHttpProxy();

    /**
     * Log in, describe the object, check that every column is a writable field (and {@code unique} an external id),
     * and write nothing. Default {@code false}.
     */
    @Config("dry_run")
    @ConfigDefault("false")
    boolean getDryRun();

    // ---- filled by the transaction, read by the tasks ----

    /** The Bulk job the tasks add batches to, and the session they use; empty until the transaction made them. */
    Optional<RunPlan> getRun();

    void setRun(Optional<RunPlan> run);

    /** The {@code mode} option. */
    enum Mode {
        APPEND, TRUNCATE, UPDATE;

        @JsonCreator
        public static Mode fromString(String value) {
            return ConfigEnums.parse(Mode.class, "mode", value);
        }

        @JsonValue
        @Override
        public String toString() {
            return ConfigEnums.configName(this);
        }
    }

    /** The {@code concurrency_mode} option. */
    enum ConcurrencyMode {
        PARALLEL, SERIAL;

        @JsonCreator
        public static ConcurrencyMode fromString(String value) {
            return ConfigEnums.parse(ConcurrencyMode.class, "concurrency_mode", value);
        }

        @JsonValue
        @Override
        public String toString() {
            return ConfigEnums.configName(this);
        }
    }

    /** The {@code null_value} option. */
    enum NullValue {
        /** Send an empty field: Salesforce leaves the field as it is. */
        EMPTY,
        /** Send {@code #N/A}: Salesforce clears the field. */
        NA;

        @JsonCreator
        public static NullValue fromString(String value) {
            return ConfigEnums.parse(NullValue.class, "null_value", value);
        }

        @JsonValue
        @Override
        public String toString() {
            return ConfigEnums.configName(this);
        }
    }
}
