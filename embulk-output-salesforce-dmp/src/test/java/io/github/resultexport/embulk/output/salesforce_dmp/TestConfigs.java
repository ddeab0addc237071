package io.github.resultexport.embulk.output.salesforce_dmp;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.resultexport.embulk.output.common.ConfigMappers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.embulk.config.ConfigSource;
import org.embulk.spi.Schema;
import org.embulk.spi.type.Type;
import org.embulk.spi.type.Types;
import org.slf4j.LoggerFactory;

/** Builders for configs and schemas in tests; needs an {@code EmbulkTestRuntime} rule for configs. */
final class TestConfigs {
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    private TestConfigs() {
    }

    /** A valid minimal config. */
    static ConfigSource base() {
        return config("type", "salesforce_dmp", "client_name", "client-treasure-data",
                "aws_access_key_id", "AKIAIOSFODNN7EXAMPLE", "aws_secret_access_key", SECRET);
    }

    static ConfigSource config(Object... keysAndValues) {
        ConfigSource config = ConfigMappers.factory().newConfigSource();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.set((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return config;
    }

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** A schema from name/type pairs. */
    static Schema schema(Object... namesAndTypes) {
        Schema.Builder builder = Schema.builder();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            builder.add((String) namesAndTypes[i], (Type) namesAndTypes[i + 1]);
        }
        return builder.build();
    }

    static Schema defaultSchema() {
        return schema("user_id", Types.STRING, "td_segment", Types.STRING, "email", Types.STRING,
                "visits", Types.LONG, "last_seen", Types.TIMESTAMP);
    }

    /** Captures the events of one logger while {@code body} runs. */
    static List<ILoggingEvent> logsOf(Class<?> loggerClass, Runnable body) {
        Logger logger = (Logger) LoggerFactory.getLogger(loggerClass);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            body.run();
        } finally {
            logger.detachAppender(appender);
        }
        return new ArrayList<>(appender.list);
    }
}
