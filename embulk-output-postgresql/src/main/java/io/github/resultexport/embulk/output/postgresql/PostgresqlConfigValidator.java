package io.github.resultexport.embulk.output.postgresql;

import io.github.resultexport.embulk.output.common.Zones;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.embulk.config.ConfigException;
import org.embulk.spi.Column;
import org.embulk.spi.Schema;

/** Rules between options and against the input schema, checked before any connection is opened. */
public final class PostgresqlConfigValidator {
    static final List<String> SSL_MODES = Arrays.asList(
            "disable", "allow", "prefer", "require", "verify-ca", "verify-full");
    static final List<String> VALUE_TYPES = Arrays.asList("coerce", "string");
    static final int MIN_BATCH_SIZE = 1024;
    private static final int MAX_IDENTIFIER_BYTES = 63;

    public void validate(PluginTask task, Schema schema) {
        requireIdentifier("table", task.getTable());
        requireIdentifier("schema", task.getSchema());
        requireNonEmpty("database", task.getDatabase());
        requireNonEmpty("user", task.getUser());
        requireNonEmpty("host", task.getHost());
        if (task.getPort() < 1 || task.getPort() > 65535) {
            throw new ConfigException("port must be between 1 and 65535, got " + task.getPort());
        }
        if (!SSL_MODES.contains(task.getSslmode())) {
            throw new ConfigException("sslmode '" + task.getSslmode() + "' is not one of " + SSL_MODES);
        }
        if (!"auto".equals(task.getCopyFormat()) && !"text".equals(task.getCopyFormat())) {
            throw new ConfigException("copy_format must be auto or text, got '" + task.getCopyFormat() + "'");
        }
        if (task.getBatchSize() < MIN_BATCH_SIZE) {
            throw new ConfigException("batch_size must be at least " + MIN_BATCH_SIZE + " bytes, got "
                    + task.getBatchSize());
        }
        if (task.getConnectTimeout() < 0 || task.getSocketTimeout() < 0) {
            throw new ConfigException("connect_timeout and socket_timeout must be 0 or more seconds");
        }
        if (task.getLockWaitTimeout() < 1) {
            throw new ConfigException("lock_wait_timeout must be at least 1 second, got " + task.getLockWaitTimeout());
        }
        Zones.parse("default_timezone", task.getDefaultTimezone());
        validateSchema(schema);
        validateColumnOptions(task.getColumnOptions(), schema);
        validateMergeOptions(task, schema);
    }

    private static void validateSchema(Schema schema) {
        if (schema.getColumnCount() == 0) {
            throw new ConfigException("the input has no columns: nothing to write");
        }
        Set<String> seen = new HashSet<>();
        for (Column c : schema.getColumns()) {
            requireIdentifier("input column", c.getName());
            if (!seen.add(c.getName())) {
                throw new ConfigException("the input has two columns named '" + c.getName() + "'");
            }
        }
    }

    private static void validateColumnOptions(Map<String, PluginTask.ColumnOption> options, Schema schema) {
        for (Map.Entry<String, PluginTask.ColumnOption> e : options.entrySet()) {
            String name = e.getKey();
            if (!hasColumn(schema, name)) {
                throw new ConfigException("column_options names column '" + name + "', which is not in the input ("
                        + columnNames(schema) + ")");
            }
            PluginTask.ColumnOption option = e.getValue();
            if (!VALUE_TYPES.contains(option.getValueType())) {
                throw new ConfigException("column_options." + name + ".value_type '" + option.getValueType()
                        + "' is not one of " + VALUE_TYPES);
            }
            if (option.getTimezone().isPresent()) {
                Zones.parse("column_options." + name + ".timezone", option.getTimezone().get());
            }
            if (option.getType().isPresent() && option.getType().get().trim().isEmpty()) {
                throw new ConfigException("column_options." + name + ".type is empty");
            }
        }
    }

    private static void validateMergeOptions(PluginTask task, Schema schema) {
        boolean merge = task.getMode() == Mode.MERGE;
        if (!merge && task.getMergeKeys().isPresent()) {
            throw new ConfigException("merge_keys is only used by mode merge (mode is " + task.getMode() + ")");
        }
        if (!merge && task.getMergeRule().isPresent()) {
            throw new ConfigException("merge_rule is only used by mode merge (mode is " + task.getMode() + ")");
        }
        if (task.getMergeKeys().isPresent()) {
            List<String> keys = task.getMergeKeys().get();
            if (keys.isEmpty()) {
                throw new ConfigException("merge_keys is empty: name at least one column, or omit it to use the"
                        + " primary key");
            }
            for (String key : keys) {
                if (!hasColumn(schema, key)) {
                    throw new ConfigException("merge_keys names column '" + key + "', which is not in the input ("
                            + columnNames(schema) + ")");
                }
            }
            if (new HashSet<>(keys).size() != keys.size()) {
                throw new ConfigException("merge_keys names a column twice: " + keys);
            }
        }
        if (task.getMergeRule().isPresent() && task.getMergeRule().get().isEmpty()) {
            throw new ConfigException("merge_rule is empty: give SET assignments, or omit it to update every"
                    + " non-key column");
        }
    }

    static boolean hasColumn(Schema schema, String name) {
        return inputColumn(schema, name) != null;
    }

    /** The input column of that exact name, or null. */
    static Column inputColumn(Schema schema, String name) {
        for (Column c : schema.getColumns()) {
            if (c.getName().equals(name)) {
                return c;
            }
        }
        return null;
    }

    static String columnNames(Schema schema) {
        StringBuilder sb = new StringBuilder();
        for (Column c : schema.getColumns()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(c.getName());
        }
        return sb.toString();
    }

    private static void requireNonEmpty(String option, String value) {
        if (value == null || value.isEmpty()) {
            throw new ConfigException(option + " must not be empty");
        }
    }

    private static void requireIdentifier(String what, String name) {
        requireNonEmpty(what, name);
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
            throw new ConfigException(what + " '" + name + "' is longer than PostgreSQL's " + MAX_IDENTIFIER_BYTES
                    + "-byte identifier limit (PostgreSQL would silently cut it)");
        }
        if (name.indexOf('\u0000') >= 0) {
            throw new ConfigException(what + " '" + name.replace('\u0000', '?') + "' contains a NUL character");
        }
    }
}
