package io.github.resultexport.embulk.output.td;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.github.resultexport.embulk.output.common.ConfigEnums;
import io.github.resultexport.embulk.output.common.HttpProxyOptions;
import io.github.resultexport.embulk.output.common.RetryOptions;
import io.github.resultexport.embulk.output.common.Secret;
import java.util.Map;
import java.util.Optional;
import org.embulk.util.config.Config;
import org.embulk.util.config.ConfigDefault;
import org.embulk.util.config.Task;

/**
 * Options of the {@code td} output (spec: {@code td.md}). Everything a task needs travels in this object (the
 * TaskSource). Secrets are {@link Secret}s, so {@code toString()} of the task never shows them.
 */
public interface PluginTask extends Task, RetryOptions {

    /**
     * {@code td://APIKEY@host/database/table?mode=append|replace}, the result-output form. It is expanded into
     * {@code apikey}, {@code endpoint}, {@code database}, {@code table} and the query options before the task is
     * mapped, so a mapped task never holds it; {@code td://@/database/table} needs {@code apikey} in the config.
     */
    @Config("url")
    @ConfigDefault("null")
    Optional<Secret> getUrl();

    /**
     * Treasure Data API key; a secret. Required. {@code replace} and {@code truncate} need a master key; {@code append}
     * works with a write-only key.
     */
    @Config("apikey")
    Secret getApikey();

    /**
     * API host name, without scheme or port. Default {@code api.treasuredata.com}; region hosts are
     * {@code api.treasuredata.co.jp}, {@code api.eu01.treasuredata.com}, {@code api.ap02.treasuredata.com}
     * (or set {@code region}). When {@code region} is given and {@code endpoint} is not, this holds the region's host.
     */
    @Config("endpoint")
    @ConfigDefault("\"api.treasuredata.com\"")
    String getEndpoint();

    /** Set by the validator when {@code region} picks the host. */
    void setEndpoint(String endpoint);

    /**
     * Picks the API host of a Treasure Data region: {@code us}, {@code jp}, {@code eu01}, {@code ap02}. Default: none
     * ({@code endpoint} decides). Giving both {@code region} and a different {@code endpoint} is an error.
     */
    @Config("region")
    @ConfigDefault("null")
    Optional<Region> getRegion();

    /** Whether the API is called over HTTPS. Default {@code true}. */
    @Config("use_ssl")
    @ConfigDefault("true")
    boolean getUseSsl();

    /** API port, 1–65535. Default: 443 with {@code use_ssl}, else 80. */
    @Config("port")
    @ConfigDefault("null")
    Optional<Integer> getPort();

    /** HTTP proxy for the API calls: {@code host}, {@code port}, {@code user}, {@code password}. Default: none. */
    @Config("http_proxy")
    @ConfigDefault("null")
    Optional<HttpProxyOptions> getHttpProxy();

    /** Target database: 3–128 characters of {@code [a-z0-9_]}. Required. */
    @Config("database")
    String getDatabase();

    /** Target table: 3–128 characters of {@code [a-z0-9_]}. Required. */
    @Config("table")
    String getTable();

    /**
     * {@code append} (default: add the records), {@code replace} (the table becomes the records, with their schema)
     * or {@code truncate} (the table becomes the records, keeping its existing schema). Replace and truncate swap a
     * temporary table in atomically.
     */
    @Config("mode")
    @ConfigDefault("\"append\"")
    Mode getMode();

    /**
     * {@code append}: create the database and table when missing (default {@code true}); with {@code false} a missing
     * table is an error. {@code replace} and {@code truncate} always create them.
     */
    @Config("auto_create_table")
    @ConfigDefault("true")
    boolean getAutoCreateTable();

    /**
     * The input column (long or timestamp) that becomes TD's {@code time}. Default: none, which uses a column named
     * {@code time}, else {@code time_value}, else the transaction time.
     */
    @Config("time_column")
    @ConfigDefault("null")
    Optional<String> getTimeColumn();

    /**
     * User-defined time value, applied if there is no time column: a unix time in seconds, or
     * {@code {mode: fixed_time, value: T}} or {@code {mode: incremental_time, from: A, to: B}} (see {@link TimeValue}).
     * Cannot be combined with {@code time_column}. Default: none.
     */
    @Config("time_value")
    @ConfigDefault("null")
    Optional<TimeValue> getTimeValue();

    /** Unit of a long time column: {@code sec} (default), {@code milli}, {@code micro}, {@code nano}. */
    @Config("unix_timestamp_unit")
    @ConfigDefault("\"sec\"")
    UnixTimestampUnit getUnixTimestampUnit();

    /** Size of one uploaded part file in KB, 16384–524288 (16 MB–512 MB). Default {@code 16384}. */
    @Config("file_split_size")
    @ConfigDefault("16384")
    long getFileSplitSize();

    /** Parallel part uploads per task, 1–8. Default {@code 2}. */
    @Config("upload_concurrency")
    @ConfigDefault("2")
    int getUploadConcurrency();

    /**
     * Per input column: {@code type} (TD column type, e.g. {@code string}, {@code array<long>},
     * {@code map<string,double>}), {@code value_type}, {@code timezone}, {@code format}. Default: none.
     */
    @Config("column_options")
    @ConfigDefault("{}")
    Map<String, ColumnOption> getColumnOptions();

    /**
     * How timestamp columns (other than the time column) are written: {@code string} (default, formatted with
     * {@code default_timestamp_format}) or {@code sec} (unix time in seconds, a TD long).
     */
    @Config("default_timestamp_type_convert_to")
    @ConfigDefault("\"string\"")
    TimestampConversion getDefaultTimestampTypeConvertTo();

    /** Zone used to format timestamps as text: {@code UTC} (default), {@code +09:00}, {@code Asia/Tokyo}, …. */
    @Config("default_timezone")
    @ConfigDefault("\"UTC\"")
    String getDefaultTimezone();

    /** strftime-style format of timestamps written as text. Default {@code %Y-%m-%d %H:%M:%S.%3N}. */
    @Config("default_timestamp_format")
    @ConfigDefault("\"%Y-%m-%d %H:%M:%S.%3N\"")
    String getDefaultTimestampFormat();

    /** Fail before commit when Treasure Data reports invalid (skipped) records. Default {@code false}. */
    @Config("stop_on_invalid_record")
    @ConfigDefault("false")
    boolean getStopOnInvalidRecord();

    /** How many of the invalid records reported by Treasure Data are logged, 0 or more. Default {@code 10}. */
    @Config("displayed_error_records_count_limit")
    @ConfigDefault("10")
    int getDisplayedErrorRecordsCountLimit();

    /** Resource pool of the bulk-import perform job. Default: the account's default pool. */
    @Config("pool_name")
    @ConfigDefault("null")
    Optional<String> getPoolName();

    /** Retries of a transient API error, 0 or more. Default {@code 20}. */
    @Override
    @Config("retry_limit")
    @ConfigDefault("20")
    int getRetryLimit();

    /** First wait before a retry, in milliseconds (doubled each time), greater than 0. Default {@code 1000}. */
    @Override
    @Config("retry_initial_interval_millis")
    @ConfigDefault("1000")
    long getRetryInitialIntervalMillis();

    /** Longest wait between retries, in milliseconds, at least the initial interval. Default {@code 90000}. */
    @Override
    @Config("retry_max_interval_millis")
    @ConfigDefault("90000")
    long getRetryMaxIntervalMillis();

    /** Seconds to wait for the perform and commit jobs before giving up, greater than 0. Default {@code 86400}. */
    @Config("job_timeout")
    @ConfigDefault("86400")
    long getJobTimeout();

    /** Check the key, database, table and permissions, and upload nothing. Default {@code false}. */
    @Config("dry_run")
    @ConfigDefault("false")
    boolean getDryRun();

    /**
     * Seconds after which the temporary table and sessions of a run that stopped renewing its lease (a killed or
     * crashed run) are removed by the next run into the same table, at least 10. A live run renews its lease every
     * quarter of this time. Default {@code 600}.
     */
    @Config("stale_run_timeout")
    @ConfigDefault("600")
    long getStaleRunTimeout();

    // ---- filled by the transaction, read by the tasks ----

    /** The run the tasks upload into; empty until the transaction has started it. */
    Optional<RunPlan> getRun();

    void setRun(Optional<RunPlan> run);

    /** One entry of {@code column_options}, keyed by input column name. */
    interface ColumnOption extends Task {
        /**
         * TD column type used when the plugin creates or extends the table: {@code int}, {@code long},
         * {@code float}, {@code double}, {@code string}, {@code array<T>}, {@code map<K,V>}.
         * Default: derived from the Embulk type.
         */
        @Config("type")
        @ConfigDefault("null")
        Optional<String> getType();

        /**
         * How the value is encoded: {@code string}, {@code long}, {@code double}, {@code boolean} or {@code json}
         * (a native array/map). Default: derived from the Embulk type.
         */
        @Config("value_type")
        @ConfigDefault("null")
        Optional<ColumnValueType> getValueType();

        /** Timestamp columns only: zone used to format the value as text. Default: {@code default_timezone}. */
        @Config("timezone")
        @ConfigDefault("null")
        Optional<String> getTimezone();

        /** Timestamp columns only: strftime-style format. Default: {@code default_timestamp_format}. */
        @Config("format")
        @ConfigDefault("null")
        Optional<String> getFormat();
    }

    /** The {@code mode} option. */
    enum Mode {
        APPEND, REPLACE, TRUNCATE;

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

    /** The {@code region} option and the API host of each region. */
    enum Region {
        US("api.treasuredata.com"),
        JP("api.treasuredata.co.jp"),
        EU01("api.eu01.treasuredata.com"),
        AP02("api.ap02.treasuredata.com");

        private final String apiHost;

        Region(String apiHost) {
            this.apiHost = apiHost;
        }

        public String apiHost() {
            return apiHost;
        }

        @JsonCreator
        public static Region fromString(String value) {
            return ConfigEnums.parse(Region.class, "region", value);
        }

        @JsonValue
        @Override
        public String toString() {
            return ConfigEnums.configName(this);
        }
    }

    /** The {@code unix_timestamp_unit} option. */
    enum UnixTimestampUnit {
        SEC(1L), MILLI(1_000L), MICRO(1_000_000L), NANO(1_000_000_000L);

        private final long perSecond;

        UnixTimestampUnit(long perSecond) {
            this.perSecond = perSecond;
        }

        /** How many of this unit make one second. */
        public long perSecond() {
            return perSecond;
        }

        @JsonCreator
        public static UnixTimestampUnit fromString(String value) {
            return ConfigEnums.parse(UnixTimestampUnit.class, "unix_timestamp_unit", value);
        }

        @JsonValue
        @Override
        public String toString() {
            return ConfigEnums.configName(this);
        }
    }

    /** The {@code default_timestamp_type_convert_to} option. */
    enum TimestampConversion {
        STRING, SEC;

        @JsonCreator
        public static TimestampConversion fromString(String value) {
            return ConfigEnums.parse(TimestampConversion.class, "default_timestamp_type_convert_to", value);
        }

        @JsonValue
        @Override
        public String toString() {
            return ConfigEnums.configName(this);
        }
    }

    /** The {@code column_options.<column>.value_type} option. */
    enum ColumnValueType {
        STRING, LONG, DOUBLE, BOOLEAN, JSON;

        @JsonCreator
        public static ColumnValueType fromString(String value) {
            return ConfigEnums.parse(ColumnValueType.class, "column_options.value_type", value);
        }

        @JsonValue
        @Override
        public String toString() {
            return ConfigEnums.configName(this);
        }
    }
}
