package io.github.resultexport.embulk.output.postgresql;

import io.github.resultexport.embulk.output.common.RetryOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.embulk.util.config.Config;
import org.embulk.util.config.ConfigDefault;
import org.embulk.util.config.Task;

/**
 * Options of the {@code postgresql} output. Everything a task needs travels in this object (the TaskSource);
 * the getters without {@code @Config} are filled by the transaction.
 */
public interface PluginTask extends Task, RetryOptions {

    /** {@code postgresql://user:password@host[:port]/database/table[?mode=…&schema=…]}: expands into the options below. */
    @Config("url")
    @ConfigDefault("null")
    Optional<String> getUrl();

    /** Server host name. Default {@code localhost}. */
    @Config("host")
    @ConfigDefault("\"localhost\"")
    String getHost();

    /** Server port. Default {@code 5432}. */
    @Config("port")
    @ConfigDefault("5432")
    int getPort();

    /** Database user. Required. */
    @Config("user")
    String getUser();

    /** Password of {@code user}; a secret: never logged. Default empty (trust or peer authentication). */
    @Config("password")
    @ConfigDefault("\"\"")
    String getPassword();

    /** Database name. Required. */
    @Config("database")
    String getDatabase();

    /** Schema of the target table (and of the staging table). Default {@code public}. */
    @Config("schema")
    @ConfigDefault("\"public\"")
    String getSchema();

    /** Target table; created when missing, in every mode. Required. */
    @Config("table")
    String getTable();

    /**
     * How the records are written: {@code append} (default), {@code replace}, {@code truncate}, {@code merge},
     * {@code append_direct}; the names {@code insert}, {@code truncate_insert}, {@code insert_direct} are accepted as
     * aliases.
     */
    @Config("mode")
    @ConfigDefault("\"append\"")
    Mode getMode();

    /** {@code merge} only: the conflict target. Default: the target table's primary key. */
    @Config("merge_keys")
    @ConfigDefault("null")
    Optional<List<String>> getMergeKeys();

    /**
     * {@code merge} only: the SET assignments of {@code ON CONFLICT … DO UPDATE}, as PostgreSQL writes them, e.g.
     * {@code cnt = orders.cnt + EXCLUDED.cnt}; applied to every row whose key exists. Default: the input's values
     * of the non-key columns, written only where they differ from the stored row (identical rows are left untouched).
     */
    @Config("merge_rule")
    @ConfigDefault("null")
    Optional<List<String>> getMergeRule();

    /** Per column: {@code type} (SQL type for CREATE TABLE), {@code value_type}, {@code timezone}, {@code format}. */
    @Config("column_options")
    @ConfigDefault("{}")
    Map<String, ColumnOption> getColumnOptions();

    /** Zone used when a timestamp becomes text, a date or a {@code timestamp without time zone}. Default {@code UTC}. */
    @Config("default_timezone")
    @ConfigDefault("\"UTC\"")
    String getDefaultTimezone();

    /** SQL appended inside the parentheses of CREATE TABLE, e.g. {@code PRIMARY KEY (id)}. */
    @Config("create_table_constraint")
    @ConfigDefault("null")
    Optional<String> getCreateTableConstraint();

    /** SQL appended after the parentheses of CREATE TABLE, e.g. {@code WITH (fillfactor = 70)}. */
    @Config("create_table_option")
    @ConfigDefault("null")
    Optional<String> getCreateTableOption();

    /** SQL run inside the final transaction before the data is moved into the target. */
    @Config("before_load")
    @ConfigDefault("null")
    Optional<String> getBeforeLoad();

    /** SQL run inside the final transaction after the data is moved into the target. */
    @Config("after_load")
    @ConfigDefault("null")
    Optional<String> getAfterLoad();

    /**
     * pgjdbc {@code sslmode}: {@code disable}, {@code allow}, {@code prefer} (default: TLS when the server offers it),
     * {@code require} (TLS, certificate not checked), {@code verify-ca} (TLS, certificate signed by
     * {@code sslrootcert}), {@code verify-full} (as verify-ca, and the certificate names {@code host}). A server
     * without TLS under require/verify-*, or a certificate that does not verify, fails the run at once.
     */
    @Config("sslmode")
    @ConfigDefault("\"prefer\"")
    String getSslmode();

    /**
     * PEM file with the CA certificate(s) that {@code verify-ca}/{@code verify-full} trust. Default: pgjdbc's
     * {@code ~/.postgresql/root.crt}.
     */
    @Config("sslrootcert")
    @ConfigDefault("null")
    Optional<String> getSslrootcert();

    /**
     * Extra pgjdbc connection properties; {@code ApplicationName} (default {@code embulk-output-postgresql}) names the
     * run's sessions in {@code pg_stat_activity}.
     */
    @Config("options")
    @ConfigDefault("{}")
    Map<String, String> getOptions();

    /**
     * {@code auto} (default): binary COPY when every column lands in bigint, double precision, boolean, text, varchar,
     * char, json, jsonb, timestamp, timestamp with time zone or date (the types of a created table), else text;
     * {@code text}: always text. Both store the same values; binary spares the server parsing numbers and timestamps.
     */
    @Config("copy_format")
    @ConfigDefault("\"auto\"")
    String getCopyFormat();

    /** Bytes of COPY data a task sends per staging chunk (the unit that is re-sent after a dropped connection). Default 16 MiB. */
    @Config("batch_size")
    @ConfigDefault("16777216")
    int getBatchSize();

    /** Seconds to wait for a connection. Default 300. */
    @Config("connect_timeout")
    @ConfigDefault("300")
    int getConnectTimeout();

    /** Seconds a socket read may block (0 = forever). Default 1800. */
    @Config("socket_timeout")
    @ConfigDefault("1800")
    int getSocketTimeout();

    /**
     * Seconds the final transaction may spend getting its locks on the target (replace and truncate need an ACCESS
     * EXCLUSIVE lock). It asks for them in attempts of at most one second, so that the table's readers never queue
     * behind it for longer, and backs off in between; when the time is up the run fails naming the sessions that
     * hold the locks, and nothing is published. Default 600.
     */
    @Config("lock_wait_timeout")
    @ConfigDefault("600")
    int getLockWaitTimeout();

    /**
     * Retries of transient errors (connection refused, reset or timed out, too many connections, the server starting
     * up or shutting down, serialization failure, deadlock). Errors of the settings are never retried: an unknown
     * host, TLS refused or unverified, an unknown database or role, a wrong password. Default 12.
     */
    @Config("retry_limit")
    @ConfigDefault("12")
    @Override
    int getRetryLimit();

    /** First wait before a retry, in milliseconds; doubles each time. Default 1000. */
    @Config("retry_initial_interval_millis")
    @ConfigDefault("1000")
    @Override
    long getRetryInitialIntervalMillis();

    /** Longest wait between retries, in milliseconds. Default 60000. */
    @Config("retry_max_interval_millis")
    @ConfigDefault("60000")
    @Override
    long getRetryMaxIntervalMillis();

    /** Connect, check permissions and the target's columns, log what would happen, write nothing. Default false. */
    @Config("dry_run")
    @ConfigDefault("false")
    boolean getDryRun();

    /** Per-column options: {@code column_options: {col: {type: ..., timezone: ..., format: ...}}}. */
    interface ColumnOption extends Task {
        /** SQL type used when the table is created, e.g. {@code numeric(12,2)}. */
        @Config("type")
        @ConfigDefault("null")
        Optional<String> getType();

        /** {@code coerce} (default: convert to the target column's type) or {@code string} (always send text). */
        @Config("value_type")
        @ConfigDefault("\"coerce\"")
        String getValueType();

        /** Zone for this column's timestamps; overrides {@code default_timezone}. */
        @Config("timezone")
        @ConfigDefault("null")
        Optional<String> getTimezone();

        /** strftime-style format for a timestamp written into a text column, e.g. {@code %Y-%m-%d}. */
        @Config("format")
        @ConfigDefault("null")
        Optional<String> getFormat();
    }

    // ---- filled by the transaction, read by the tasks ----

    /** Where the tasks COPY into: the staging table, or the target for append_direct. */
    LoadTarget getLoadTarget();

    void setLoadTarget(LoadTarget target);
}
