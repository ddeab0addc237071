package io.github.resultexport.embulk.output.common.testing;

import io.github.resultexport.embulk.output.common.ConfigMappers;
import java.util.LinkedHashMap;
import java.util.Map;
import org.embulk.config.ConfigSource;
import org.embulk.spi.Schema;
import org.embulk.spi.type.Type;

/** Builders for configs, nested option maps and schemas in tests; configs need an {@code EmbulkTestRuntime} rule. */
public final class TestConfigs {
    /** The password of {@link #httpProxy()}. */
    public static final String PROXY_PASSWORD = "proxy-pw";

    private TestConfigs() {
    }

    /** A config from key/value pairs: {@code config("type", "td", "apikey", KEY)}. */
    public static ConfigSource config(Object... keysAndValues) {
        ConfigSource config = ConfigMappers.factory().newConfigSource();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.set((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return config;
    }

    /** A nested option value from key/value pairs, in the given order. */
    public static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** A valid {@code http_proxy} option with a user and the password {@link #PROXY_PASSWORD}. */
    public static Map<String, Object> httpProxy() {
        return map("host", "proxy.local", "port", 3128, "user", "u", "password", PROXY_PASSWORD);
    }

    /** A schema from name/type pairs: {@code schema("id", Types.LONG, "name", Types.STRING)}. */
    public static Schema schema(Object... namesAndTypes) {
        Schema.Builder builder = Schema.builder();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            builder.add((String) namesAndTypes[i], (Type) namesAndTypes[i + 1]);
        }
        return builder.build();
    }
}
