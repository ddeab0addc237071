package io.github.resultexport.embulk.output.td;

import io.github.resultexport.embulk.output.common.NetworkOptions;
import io.github.resultexport.embulk.output.common.Retrier;
import io.github.resultexport.embulk.output.common.Zones;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.embulk.config.ConfigException;
import org.embulk.config.ConfigSource;
import org.embulk.spi.Column;
import org.embulk.spi.Schema;
import org.embulk.spi.type.LongType;
import org.embulk.spi.type.TimestampType;
import org.embulk.spi.type.Type;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules of {@code td.md} that can be checked before anything is sent: option ranges, option combinations and
 * the input schema. Every violation is a ConfigException naming the option (or column) and what is allowed.
 */
final class TdConfigValidator {
    private static final Logger LOG = LoggerFactory.getLogger(TdConfigValidator.class);

    static final int NAME_MIN_LENGTH = 3;
    static final int NAME_MAX_LENGTH = 128;
    static final long FILE_SPLIT_SIZE_MIN_KB = 16_384L;
    static final long FILE_SPLIT_SIZE_MAX_KB = 524_288L;
    static final int UPLOAD_CONCURRENCY_MIN = 1;
    static final int UPLOAD_CONCURRENCY_MAX = 8;
    /** 9999-12-31T23:59:59Z, the largest unix time TD accepts in {@code time}. */
    static final long MAX_UNIX_TIME = 253_402_300_799L;

    static final String TIME_COLUMN_NAME = "time";
    static final String RESERVED_COLUMN_NAME = "v";

    private static final Pattern TD_NAME = Pattern.compile("[a-z0-9_]+");

    private TdConfigValidator() {
    }

    /**
     * Checks the options of a mapped task. {@code config} is the expanded config the task was mapped from; it tells
     * which options were given explicitly. Fills {@code endpoint} from {@code region} when only the region is given.
     */
    static void validate(ConfigSource config, PluginTask task) {
        task.setRun(Optional.empty());
        if (task.getApikey().isBlank()) {
            throw new ConfigException("option 'apikey' must not be empty");
        }
        checkTdName("database", task.getDatabase());
        checkTdName("table", task.getTable());
        checkEndpointAndRegion(config, task);
        if (task.getPort().isPresent()) {
            NetworkOptions.checkPort("port", task.getPort().get());
        }
        if (task.getHttpProxy().isPresent()) {
            NetworkOptions.checkHttpProxy(task.getHttpProxy().get());
        }
        checkRange("file_split_size", task.getFileSplitSize(), FILE_SPLIT_SIZE_MIN_KB, FILE_SPLIT_SIZE_MAX_KB,
                " (KB, i.e. 16 MB to 512 MB)");
        checkRange("upload_concurrency", task.getUploadConcurrency(), UPLOAD_CONCURRENCY_MIN, UPLOAD_CONCURRENCY_MAX,
                "");
        if (task.getDisplayedErrorRecordsCountLimit() < 0) {
            throw new ConfigException("option 'displayed_error_records_count_limit' must be 0 or more, got "
                    + task.getDisplayedErrorRecordsCountLimit());
        }
        if (task.getJobTimeout() <= 0) {
            throw new ConfigException("option 'job_timeout' must be a number of seconds greater than 0, got "
                    + task.getJobTimeout());
        }
        Retrier.validate(task);
        if (task.getStaleRunTimeout() < 10) {
            throw new ConfigException("option 'stale_run_timeout' must be at least 10 seconds, got "
                    + task.getStaleRunTimeout());
        }
        checkOptionalText("pool_name", task.getPoolName());
        checkOptionalText("time_column", task.getTimeColumn());
        if (task.getTimeColumn().isPresent() && task.getTimeValue().isPresent()) {
            throw new ConfigException("options 'time_column' and 'time_value' cannot be used together: 'time_value'"
                    + " is applied only when there is no time column");
        }
        if (task.getTimeValue().isPresent()) {
            checkTimeValue(task.getTimeValue().get());
        }
        Zones.parse("default_timezone", task.getDefaultTimezone());
        if (task.getDefaultTimestampFormat().isEmpty()) {
            throw new ConfigException("option 'default_timestamp_format' must not be empty");
        }
        for (Map.Entry<String, PluginTask.ColumnOption> entry : task.getColumnOptions().entrySet()) {
            checkColumnOption(entry.getKey(), entry.getValue());
        }
        if (task.getMode() != PluginTask.Mode.APPEND && config.has("auto_create_table") && !task.getAutoCreateTable()) {
            LOG.warn("auto_create_table: false is ignored in mode {}: it always creates the database and table",
                    task.getMode());
        }
    }

    /**
     * Checks the input schema against the task: the time column exists and is long or timestamp, a column named
     * {@code time} can become TD's time, no column is named {@code v}, and {@code column_options} name columns
     * that exist.
     */
    static void validateSchema(PluginTask task, Schema schema) {
        for (Column column : schema.getColumns()) {
            if (RESERVED_COLUMN_NAME.equals(column.getName())) {
                throw new ConfigException("column '" + RESERVED_COLUMN_NAME + "' is reserved by Treasure Data;"
                        + " rename it (for example with the rename filter)");
            }
        }
        Optional<Column> timeNamed = findColumn(schema, TIME_COLUMN_NAME);
        if (task.getTimeColumn().isPresent()) {
            String name = task.getTimeColumn().get();
            Optional<Column> timeColumn = findColumn(schema, name);
            if (!timeColumn.isPresent()) {
                throw new ConfigException("option 'time_column' names '" + name + "', which is not an input column;"
                        + " columns: " + columnNames(schema));
            }
            checkTimeColumnType("time_column '" + name + "'", timeColumn.get());
            if (!TIME_COLUMN_NAME.equals(name) && timeNamed.isPresent()) {
                throw new ConfigException("option 'time_column' is '" + name + "' but the input also has a column"
                        + " named 'time', which is reserved for TD's time; rename or drop that column");
            }
        } else if (timeNamed.isPresent()) {
            checkTimeColumnType("column 'time' (it becomes TD's time)", timeNamed.get());
            if (task.getTimeValue().isPresent()) {
                LOG.warn("time_value is not applied: the input has a 'time' column, which becomes TD's time");
            }
        }
        for (Map.Entry<String, PluginTask.ColumnOption> entry : task.getColumnOptions().entrySet()) {
            Optional<Column> column = findColumn(schema, entry.getKey());
            if (!column.isPresent()) {
                throw new ConfigException("option 'column_options' names '" + entry.getKey()
                        + "', which is not an input column; columns: " + columnNames(schema));
            }
            PluginTask.ColumnOption option = entry.getValue();
            boolean timestamp = column.get().getType() instanceof TimestampType;
            if (!timestamp && (option.getTimezone().isPresent() || option.getFormat().isPresent())) {
                throw new ConfigException("option 'column_options." + entry.getKey() + "': 'timezone' and 'format'"
                        + " apply only to timestamp columns, but '" + entry.getKey() + "' is "
                        + column.get().getType());
            }
        }
    }

    private static void checkTdName(String optionName, String value) {
        if (value.length() < NAME_MIN_LENGTH || value.length() > NAME_MAX_LENGTH || !TD_NAME.matcher(value).matches()) {
            throw new ConfigException("option '" + optionName + "' must be " + NAME_MIN_LENGTH + " to "
                    + NAME_MAX_LENGTH + " characters of lower-case letters, digits and '_' ([a-z0-9_]), got '"
                    + value + "'");
        }
    }

    private static void checkEndpointAndRegion(ConfigSource config, PluginTask task) {
        boolean endpointGiven = config.has("endpoint");
        String endpoint = task.getEndpoint();
        if (endpointGiven && !NetworkOptions.isHostName(endpoint)) {
            throw new ConfigException("option 'endpoint' must be a host name without scheme, port or path"
                    + " (e.g. api.treasuredata.com; use 'port' and 'use_ssl' for the rest), got '" + endpoint + "'");
        }
        if (!task.getRegion().isPresent()) {
            return;
        }
        PluginTask.Region region = task.getRegion().get();
        if (!endpointGiven) {
            task.setEndpoint(region.apiHost());
        } else if (!endpoint.equalsIgnoreCase(region.apiHost())) {
            throw new ConfigException("options 'region' and 'endpoint' disagree: region '" + region + "' is "
                    + region.apiHost() + " but endpoint is '" + endpoint + "'; give only one of them");
        }
    }

    private static void checkTimeValue(TimeValue timeValue) {
        switch (timeValue.getMode()) {
            case FIXED_TIME:
                if (!timeValue.getValue().isPresent()) {
                    throw new ConfigException("option 'time_value' with mode fixed_time needs 'value'");
                }
                rejectKey(timeValue.getFrom(), "from", "fixed_time");
                rejectKey(timeValue.getTo(), "to", "fixed_time");
                checkUnixTime("time_value.value", timeValue.getValue().get());
                break;
            case INCREMENTAL_TIME:
                if (!timeValue.getFrom().isPresent() || !timeValue.getTo().isPresent()) {
                    throw new ConfigException("option 'time_value' with mode incremental_time needs 'from' and 'to'");
                }
                rejectKey(timeValue.getValue(), "value", "incremental_time");
                checkUnixTime("time_value.from", timeValue.getFrom().get());
                checkUnixTime("time_value.to", timeValue.getTo().get());
                if (timeValue.getFrom().get() > timeValue.getTo().get()) {
                    throw new ConfigException("option 'time_value.from' (" + timeValue.getFrom().get()
                            + ") must not be after 'time_value.to' (" + timeValue.getTo().get() + ")");
                }
                break;
            default:
                throw new AssertionError(timeValue.getMode());
        }
    }

    private static void rejectKey(Optional<Long> value, String key, String mode) {
        if (value.isPresent()) {
            throw new ConfigException("option 'time_value." + key + "' is not used by mode " + mode + "; remove it");
        }
    }

    private static void checkUnixTime(String optionName, long value) {
        checkRange(optionName, value, 0L, MAX_UNIX_TIME, " (unix time in seconds, 1970-01-01 to 9999-12-31)");
    }

    private static void checkColumnOption(String column, PluginTask.ColumnOption option) {
        String prefix = "column_options." + column;
        if (option.getType().isPresent() && !TdTypeSyntax.isValid(option.getType().get())) {
            throw new ConfigException("option '" + prefix + ".type' must be a TD column type: int, long, float,"
                    + " double, string, array<T> or map<K,V> (booleans are stored as long); got '"
                    + option.getType().get() + "'");
        }
        if (option.getTimezone().isPresent()) {
            Zones.parse(prefix + ".timezone", option.getTimezone().get());
        }
        if (option.getFormat().isPresent() && option.getFormat().get().isEmpty()) {
            throw new ConfigException("option '" + prefix + ".format' must not be empty");
        }
    }

    private static void checkTimeColumnType(String what, Column column) {
        Type type = column.getType();
        if (!(type instanceof LongType) && !(type instanceof TimestampType)) {
            throw new ConfigException(what + " must be of type long (unix time, see 'unix_timestamp_unit') or"
                    + " timestamp, but is " + type);
        }
    }

    private static void checkOptionalText(String optionName, Optional<String> value) {
        if (value.isPresent() && value.get().trim().isEmpty()) {
            throw new ConfigException("option '" + optionName + "' must not be empty when given");
        }
    }

    private static void checkRange(String optionName, long value, long min, long max, String unit) {
        if (value < min || value > max) {
            throw new ConfigException("option '" + optionName + "' must be between " + min + " and " + max + unit
                    + ", got " + value);
        }
    }

    private static Optional<Column> findColumn(Schema schema, String name) {
        for (Column column : schema.getColumns()) {
            if (column.getName().equals(name)) {
                return Optional.of(column);
            }
        }
        return Optional.empty();
    }

    private static String columnNames(Schema schema) {
        List<String> names = new ArrayList<>();
        for (Column column : schema.getColumns()) {
            names.add(column.getName());
        }
        return String.join(", ", names);
    }
}
