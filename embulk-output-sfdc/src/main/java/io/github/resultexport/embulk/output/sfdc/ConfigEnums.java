package io.github.resultexport.embulk.output.sfdc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.embulk.config.ConfigException;

/**
 * Enum options spelled in configs as the lower-case constant name ({@code APPEND} is {@code append},
 * {@code EU01} is {@code eu01}). Matching ignores case; an unknown value is a ConfigException naming the option
 * and listing the allowed values.
 */
final class ConfigEnums {
    private ConfigEnums() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, String optionName, String value) {
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

    static String configName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> List<String> allowedValues(Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(configName(constant));
        }
        return names;
    }
}
