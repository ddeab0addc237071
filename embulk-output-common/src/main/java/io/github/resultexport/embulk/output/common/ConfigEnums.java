package io.github.resultexport.embulk.output.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.embulk.config.ConfigException;

/**
 * Enum options spelled in configs as the lower-case constant name ({@code APPEND} is {@code append},
 * {@code EU01} is {@code eu01}). Matching ignores case; an unknown value is a ConfigException naming the option
 * and listing the allowed values.
 */
public final class ConfigEnums {
    private ConfigEnums() {
    }

    /**
     * The constant of {@code type} whose config name is {@code value} (case and surrounding blanks ignored).
     *
     * @param optionName the option as the user writes it ({@code mode}, {@code time_value.mode}), for the message
     * @throws ConfigException naming the option and the allowed values when none matches
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String optionName, String value) {
        if (value != null) {
            for (E constant : type.getEnumConstants()) {
                if (configName(constant).equalsIgnoreCase(value.trim())) {
                    return constant;
                }
            }
        }
        throw new ConfigException("option '" + optionName + "' is '" + value + "'; allowed values: "
                + String.join(", ", allowedValues(type)));
    }

    /** How {@code constant} is written in a config: its name in lower case. */
    public static String configName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /** The config names of all constants of {@code type}, in declaration order. */
    public static <E extends Enum<E>> List<String> allowedValues(Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(configName(constant));
        }
        return names;
    }
}
