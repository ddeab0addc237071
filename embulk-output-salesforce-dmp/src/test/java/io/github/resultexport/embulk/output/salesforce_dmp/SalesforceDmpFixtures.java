package io.github.resultexport.embulk.output.salesforce_dmp;

import static io.github.resultexport.embulk.output.common.testing.TestConfigs.config;
import static io.github.resultexport.embulk.output.common.testing.TestConfigs.schema;

import io.github.resultexport.embulk.output.common.testing.PluginUnderTest;
import org.embulk.config.ConfigSource;
import org.embulk.spi.Schema;
import org.embulk.spi.type.Types;

/** The salesforce_dmp plugin's test data; configs need an {@code EmbulkTestRuntime} rule. */
final class SalesforceDmpFixtures {
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    static final PluginUnderTest<PluginTask> PLUGIN = new PluginUnderTest<>(SalesforceDmpOutputPlugin.class,
            PluginTask.class, SalesforceDmpOutputPlugin::configure, SalesforceDmpFixtures::base,
            SalesforceDmpFixtures::defaultSchema, SECRET);

    private SalesforceDmpFixtures() {
    }

    /** A valid minimal config. */
    static ConfigSource base() {
        return config("type", "salesforce_dmp", "client_name", "client-treasure-data",
                "aws_access_key_id", "AKIAIOSFODNN7EXAMPLE", "aws_secret_access_key", SECRET);
    }

    static Schema defaultSchema() {
        return schema("user_id", Types.STRING, "td_segment", Types.STRING, "email", Types.STRING,
                "visits", Types.LONG, "last_seen", Types.TIMESTAMP);
    }
}
