package io.github.resultexport.embulk.output.sfdc;

import static io.github.resultexport.embulk.output.common.testing.TestConfigs.config;
import static io.github.resultexport.embulk.output.common.testing.TestConfigs.schema;

import io.github.resultexport.embulk.output.common.testing.PluginUnderTest;
import org.embulk.config.ConfigSource;
import org.embulk.spi.Schema;
import org.embulk.spi.type.Types;

/** The sfdc plugin's test data; configs need an {@code EmbulkTestRuntime} rule. */
final class SfdcFixtures {
    static final String PASSWORD = "pa55w0rd-x";
    static final String TOKEN = "7SMvicR9ojdPz0XLtlWi3Rtw";
    static final String SESSION_ID = "00D5g000004XyZ!AQ0AQHm1sEssion";

    static final PluginUnderTest<PluginTask> PLUGIN = new PluginUnderTest<>(SfdcOutputPlugin.class, PluginTask.class,
            SfdcOutputPlugin::configure, SfdcFixtures::base, SfdcFixtures::defaultSchema, PASSWORD, TOKEN, SESSION_ID);

    private SfdcFixtures() {
    }

    /** A valid minimal config: username, password and security token. */
    static ConfigSource base() {
        return config("type", "sfdc", "username", "user@example.com", "password", PASSWORD, "security_token", TOKEN,
                "object", "ResultOutput__c");
    }

    static Schema defaultSchema() {
        return schema("Name", Types.STRING, "Count__c", Types.LONG, "Closed__c", Types.BOOLEAN,
                "Due__c", Types.TIMESTAMP);
    }
}
