package io.github.resultexport.embulk.output.td;

import static io.github.resultexport.embulk.output.common.testing.TestConfigs.config;
import static io.github.resultexport.embulk.output.common.testing.TestConfigs.schema;

import io.github.resultexport.embulk.output.common.testing.PluginUnderTest;
import org.embulk.config.ConfigSource;
import org.embulk.spi.Schema;
import org.embulk.spi.type.Types;

/** The td plugin's test data; configs need an {@code EmbulkTestRuntime} rule. */
final class TdFixtures {
    static final String APIKEY = "1/0f3cafebabe5ecret";

    static final PluginUnderTest<PluginTask> PLUGIN = new PluginUnderTest<>(TdOutputPlugin.class, PluginTask.class,
            TdOutputPlugin::configure, TdFixtures::base, TdFixtures::defaultSchema, APIKEY);

    private TdFixtures() {
    }

    /** A valid minimal config. */
    static ConfigSource base() {
        return config("type", "td", "apikey", APIKEY, "database", "testdb", "table", "output_table");
    }

    static Schema defaultSchema() {
        return schema("code", Types.STRING, "cnt", Types.LONG, "created_at", Types.TIMESTAMP, "payload", Types.JSON);
    }
}
