package io.github.resultexport.embulk.output.td;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.resultexport.embulk.output.common.ConfigEnums;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.embulk.config.ConfigException;

/**
 * The {@code time_value} option: the value of TD's {@code time} when the input has no time column. Written either
 * as a unix time in seconds ({@code time_value: 1700000000}, the same as {@code {mode: fixed_time, value: …}}) or
 * as a map:
 * <ul>
 * <li>{@code {mode: fixed_time, value: T}}: every record gets {@code T};</li>
 * <li>{@code {mode: incremental_time, from: A, to: B}}: records get {@code A}, {@code A+1}, … {@code B}, then
 *     {@code A} again.</li>
 * </ul>
 * Without {@code mode}, a map with {@code value} is {@code fixed_time}, any other map {@code incremental_time}.
 * This class only reads the shape; {@link TdConfigValidator} checks which keys each mode needs and the ranges.
 */
public final class TimeValue {
    static final String OPTION = "time_value";

    private static final Pattern INTEGER_TEXT = Pattern.compile("-?[0-9]{1,18}");

    /** How the time values are generated. */
    public enum Mode {
        /** Every record gets {@code value}. */
        FIXED_TIME,
        /** Records get {@code from}, {@code from + 1}, … {@code to}, then start again at {@code from}. */
        INCREMENTAL_TIME;

        @JsonCreator
        public static Mode fromString(String value) {
            return ConfigEnums.parse(Mode.class, OPTION + ".mode", value);
        }

        @JsonValue
        @Override
        public String toString() {
            return ConfigEnums.configName(this);
        }
    }

    private final Mode mode;
    private final Long value;
    private final Long from;
    private final Long to;

    TimeValue(Mode mode, Long value, Long from, Long to) {
        this.mode = mode;
        this.value = value;
        this.from = from;
        this.to = to;
    }

    /** Reads the integer or map form; see the class comment. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static TimeValue fromJson(JsonNode node) {
        if (node.isIntegralNumber() || isIntegerText(node)) {
            return new TimeValue(Mode.FIXED_TIME, integer(node, OPTION), null, null);
        }
        if (!node.isObject()) {
            throw new ConfigException("option '" + OPTION + "' must be a unix time in seconds or a map"
                    + " {mode: fixed_time|incremental_time, value, from, to}, got " + describe(node));
        }
        Mode mode = null;
        Long value = null;
        Long from = null;
        Long to = null;
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode child = field.getValue();
            if (child.isNull()) {
                continue;
            }
            switch (key) {
                case "mode":
                    mode = Mode.fromString(child.asText());
                    break;
                case "value":
                    value = integer(child, OPTION + ".value");
                    break;
                case "from":
                    from = integer(child, OPTION + ".from");
                    break;
                case "to":
                    to = integer(child, OPTION + ".to");
                    break;
                default:
                    throw new ConfigException("unknown key '" + key + "' in option '" + OPTION
                            + "'; allowed keys: mode, value, from, to");
            }
        }
        if (mode == null) {
            mode = value != null ? Mode.FIXED_TIME : Mode.INCREMENTAL_TIME;
        }
        return new TimeValue(mode, value, from, to);
    }

    /** The map form, so that the value survives the TaskSource round trip unchanged. */
    @JsonValue
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("mode", mode.toString());
        if (value != null) {
            json.put("value", value);
        }
        if (from != null) {
            json.put("from", from);
        }
        if (to != null) {
            json.put("to", to);
        }
        return json;
    }

    public Mode getMode() {
        return mode;
    }

    /** {@code fixed_time}: the unix time (seconds) of every record. */
    public Optional<Long> getValue() {
        return Optional.ofNullable(value);
    }

    /** {@code incremental_time}: the first unix time (seconds). */
    public Optional<Long> getFrom() {
        return Optional.ofNullable(from);
    }

    /** {@code incremental_time}: the last unix time (seconds) before starting again at {@code from}. */
    public Optional<Long> getTo() {
        return Optional.ofNullable(to);
    }

    @Override
    public String toString() {
        return toJson().toString();
    }

    private static boolean isIntegerText(JsonNode node) {
        return node.isTextual() && INTEGER_TEXT.matcher(node.textValue().trim()).matches();
    }

    private static long integer(JsonNode node, String optionName) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (isIntegerText(node)) {
            return Long.parseLong(node.textValue().trim());
        }
        throw new ConfigException("option '" + optionName + "' must be an integer (unix time in seconds), got "
                + describe(node));
    }

    private static String describe(JsonNode node) {
        return node.isContainerNode() ? node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)
                : "'" + node.asText() + "'";
    }
}
