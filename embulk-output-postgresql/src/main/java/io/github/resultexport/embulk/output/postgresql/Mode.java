package io.github.resultexport.embulk.output.postgresql;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.embulk.config.ConfigException;

/** The write modes of the seed plus embulk-output-jdbc's names as aliases. */
public enum Mode {
    APPEND("append", "insert"),
    REPLACE("replace", null),
    TRUNCATE("truncate", "truncate_insert"),
    MERGE("merge", null),
    APPEND_DIRECT("append_direct", "insert_direct");

    private final String name;
    private final String alias;

    Mode(String name, String alias) {
        this.name = name;
        this.alias = alias;
    }

    /** Whether tasks write into a staging table that the transaction moves into the target at commit. */
    public boolean usesStaging() {
        return this != APPEND_DIRECT;
    }

    @JsonValue
    @Override
    public String toString() {
        return name;
    }

    @JsonCreator
    public static Mode fromString(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (Mode mode : values()) {
            if (mode.name.equals(v) || v.equals(mode.alias)) {
                return mode;
            }
        }
        throw new ConfigException("Unknown mode '" + value + "': use append, replace, truncate, merge or append_direct"
                + " (aliases: insert, truncate_insert, insert_direct)");
    }
}
