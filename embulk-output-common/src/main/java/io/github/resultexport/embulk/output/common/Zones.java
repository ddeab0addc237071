package io.github.resultexport.embulk.output.common;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.embulk.config.ConfigException;

/** Time zone options ({@code default_timezone}, a column's {@code timezone}); never the JVM default zone. */
public final class Zones {
    private Zones() {
    }

    /**
     * Parses a zone: {@code UTC} or {@code Z} (any case), an offset like {@code +09:00}, or a region id like
     * {@code America/Los_Angeles}.
     *
     * @throws ConfigException naming {@code optionName} for anything else, including ambiguous abbreviations
     *     like {@code JST} or {@code PST}
     */
    public static ZoneId parse(String optionName, String value) {
        if (value == null || value.trim().isEmpty()) {
            throw new ConfigException("option '" + optionName + "' is empty; " + accepted());
        }
        String text = value.trim();
        if (text.equalsIgnoreCase("UTC") || text.equalsIgnoreCase("Z")) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new ConfigException("option '" + optionName + "' has unknown time zone '" + text + "'; "
                    + accepted(), e);
        }
    }

    private static String accepted() {
        return "use UTC, an offset like +09:00, or a region like America/Los_Angeles or Asia/Tokyo";
    }
}
