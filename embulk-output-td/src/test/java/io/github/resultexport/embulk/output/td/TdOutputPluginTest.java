package io.github.resultexport.embulk.output.td;

import static io.github.resultexport.embulk.output.common.testing.SecretAssertions.assertNoSecret;
import static io.github.resultexport.embulk.output.common.testing.TestConfigs.PROXY_PASSWORD;
import static io.github.resultexport.embulk.output.common.testing.TestConfigs.config;
import static io.github.resultexport.embulk.output.common.testing.TestConfigs.httpProxy;
import static io.github.resultexport.embulk.output.common.testing.TestConfigs.map;
import static io.github.resultexport.embulk.output.common.testing.TestConfigs.schema;
import static io.github.resultexport.embulk.output.td.TdFixtures.APIKEY;
import static io.github.resultexport.embulk.output.td.TdFixtures.base;
import static io.github.resultexport.embulk.output.td.TdFixtures.defaultSchema;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.resultexport.embulk.output.common.testing.LogCapture;
import io.github.resultexport.embulk.output.common.testing.OutputPluginContract;
import java.util.List;
import java.util.Optional;
import org.embulk.config.ConfigException;
import org.embulk.config.ConfigSource;
import org.embulk.config.TaskSource;
import org.embulk.spi.type.Types;
import org.junit.Test;

public class TdOutputPluginTest extends OutputPluginContract<PluginTask> {
    public TdOutputPluginTest() {
        super(TdFixtures.PLUGIN);
    }

    @Override
    protected String misspelledOption() {
        return "tabel";
    }

    @Override
    protected String checkedTextOption() {
        return "table";
    }

    @Override
    protected String numericOption() {
        return "upload_concurrency";
    }

    @Override
    protected ConfigSource configWithEverySecret() {
        return base().set("http_proxy", httpProxy());
    }

    @Override
    protected List<String> everySecret() {
        return List.of(APIKEY, PROXY_PASSWORD);
    }

    @Test
    public void defaultsAreThoseOfTheSpec() {
        PluginTask task = TdOutputPlugin.configure(base(), defaultSchema());

        assertEquals(APIKEY, task.getApikey().reveal());
        assertEquals("testdb", task.getDatabase());
        assertEquals("output_table", task.getTable());
        assertEquals("api.treasuredata.com", task.getEndpoint());
        assertEquals(Optional.empty(), task.getRegion());
        assertTrue(task.getUseSsl());
        assertEquals(Optional.empty(), task.getPort());
        assertEquals(Optional.empty(), task.getHttpProxy());
        assertEquals(PluginTask.Mode.APPEND, task.getMode());
        assertTrue(task.getAutoCreateTable());
        assertEquals(Optional.empty(), task.getTimeColumn());
        assertEquals(Optional.empty(), task.getTimeValue());
        assertEquals(PluginTask.UnixTimestampUnit.SEC, task.getUnixTimestampUnit());
        assertEquals(16384L, task.getFileSplitSize());
        assertEquals(2, task.getUploadConcurrency());
        assertTrue(task.getColumnOptions().isEmpty());
        assertEquals(PluginTask.TimestampConversion.STRING, task.getDefaultTimestampTypeConvertTo());
        assertEquals("UTC", task.getDefaultTimezone());
        assertEquals("%Y-%m-%d %H:%M:%S.%3N", task.getDefaultTimestampFormat());
        assertFalse(task.getStopOnInvalidRecord());
        assertEquals(10, task.getDisplayedErrorRecordsCountLimit());
        assertEquals(Optional.empty(), task.getPoolName());
        assertEquals(20, task.getRetryLimit());
        assertEquals(1000L, task.getRetryInitialIntervalMillis());
        assertEquals(90000L, task.getRetryMaxIntervalMillis());
        assertEquals(86400L, task.getJobTimeout());
        assertFalse(task.getDryRun());
    }

    @Test
    public void regionPicksItsEndpoint() {
        assertEquals("api.treasuredata.co.jp",
                TdOutputPlugin.configure(base().set("region", "jp"), defaultSchema()).getEndpoint());
        assertEquals("api.eu01.treasuredata.com",
                TdOutputPlugin.configure(base().set("region", "EU01"), defaultSchema()).getEndpoint());
        assertEquals("api.ap02.treasuredata.com", TdOutputPlugin.configure(
                base().set("region", "ap02").set("endpoint", "api.ap02.treasuredata.com"), defaultSchema())
                .getEndpoint());
    }

    @Test
    public void seedUrlExpandsIntoOptions() {
        ConfigSource config = config("type", "td", "apikey", APIKEY, "url", "td://@/testdb/output_table?mode=replace");

        PluginTask task = TdOutputPlugin.configure(config, defaultSchema());

        assertEquals("testdb", task.getDatabase());
        assertEquals("output_table", task.getTable());
        assertEquals(PluginTask.Mode.REPLACE, task.getMode());
        assertEquals(APIKEY, task.getApikey().reveal());
        assertEquals("api.treasuredata.com", task.getEndpoint());
        assertEquals(Optional.empty(), task.getUrl());
    }

    @Test
    public void urlCarriesApikeyAndEndpoint() {
        ConfigSource config = config("type", "td",
                "url", "td://1%2F0f3cafebabe5ecret@api.treasuredata.co.jp/testdb/output_table?mode=append");

        PluginTask task = TdOutputPlugin.configure(config, defaultSchema());

        assertEquals(APIKEY, task.getApikey().reveal());
        assertEquals("api.treasuredata.co.jp", task.getEndpoint());
        assertEquals(PluginTask.Mode.APPEND, task.getMode());
    }

    @Test
    public void urlAndConfigDisagreeing() {
        ConfigSource config = base().set("url", "td://@/testdb/output_table?mode=replace").set("mode", "append");

        ConfigException e = rejected(config);

        assertTrue(e.getMessage(), e.getMessage().contains("mode"));
    }

    @Test
    public void urlWithoutApikeyNeedsTheOption() {
        ConfigSource config = config("type", "td", "url", "td://@/testdb/output_table");

        ConfigException e = rejected(config);

        assertTrue(e.getMessage(), e.getMessage().contains("apikey"));
    }

    @Test
    public void timeValueForms() {
        TimeValue fixed = TdOutputPlugin.configure(base().set("time_value", 1700000000L), defaultSchema())
                .getTimeValue().get();
        assertEquals(TimeValue.Mode.FIXED_TIME, fixed.getMode());
        assertEquals(Optional.of(1700000000L), fixed.getValue());

        TimeValue inferredFixed = TdOutputPlugin.configure(base().set("time_value", map("value", 5)), defaultSchema())
                .getTimeValue().get();
        assertEquals(TimeValue.Mode.FIXED_TIME, inferredFixed.getMode());

        TimeValue incremental = TdOutputPlugin.configure(
                base().set("time_value", map("from", 1700000000L, "to", 1700003600L)), defaultSchema())
                .getTimeValue().get();
        assertEquals(TimeValue.Mode.INCREMENTAL_TIME, incremental.getMode());
        assertEquals(Optional.of(1700000000L), incremental.getFrom());
        assertEquals(Optional.of(1700003600L), incremental.getTo());
    }

    @Test
    public void taskSurvivesTheTaskSourceRoundTrip() {
        ConfigSource config = base().set("region", "jp")
                .set("time_value", map("mode", "incremental_time", "from", 10, "to", 20))
                .set("http_proxy", httpProxy())
                .set("column_options", map("payload", map("type", "map<string, array<long>>", "value_type", "json")));
        PluginTask task = TdOutputPlugin.configure(config, defaultSchema());

        TaskSource source = task.toTaskSource();
        PluginTask loaded = plugin.load(source);

        assertEquals(APIKEY, loaded.getApikey().reveal());
        assertEquals("api.treasuredata.co.jp", loaded.getEndpoint());
        assertEquals(PluginTask.Region.JP, loaded.getRegion().get());
        assertEquals(TimeValue.Mode.INCREMENTAL_TIME, loaded.getTimeValue().get().getMode());
        assertEquals(Optional.of(20L), loaded.getTimeValue().get().getTo());
        assertEquals(PROXY_PASSWORD, loaded.getHttpProxy().get().getPassword().get().reveal());
        assertEquals(PluginTask.ColumnValueType.JSON,
                loaded.getColumnOptions().get("payload").getValueType().get());
    }

    @Test
    public void secretInUrlIsMaskedInErrors() {
        ConfigSource config = config("type", "td",
                "url", "td://0f3cafe5ecret@api.treasuredata.com/Bad-Db/output_table");

        ConfigException e = rejected(config);

        assertTrue(e.getMessage(), e.getMessage().contains("'database'"));
        assertNoSecret(e, "0f3cafe5ecret");
    }

    @Test
    public void proxyPasswordIsMaskedInErrors() {
        ConfigSource config = base()
                .set("http_proxy", map("host", "proxy.local", "port", "proxy-pw-123", "password", "proxy-pw-123"));

        ConfigException e = rejected(config);

        assertNoSecret(e, "proxy-pw-123");
    }

    @Test
    public void timeValueIsIgnoredBesideATimeColumn() {
        List<ILoggingEvent> events = LogCapture.eventsOf(TdConfigValidator.class,
                () -> TdOutputPlugin.configure(base().set("time_value", 1700000000L),
                        schema("time", Types.TIMESTAMP, "code", Types.STRING)));

        assertTrue(events.toString(), events.stream().anyMatch(
                ev -> ev.getLevel() == Level.WARN && ev.getFormattedMessage().contains("time_value")));
    }

    @Test
    public void transactionReportsConfigErrorsFirst() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new TdOutputPlugin().transaction(base().set("mode", "merge"), defaultSchema(), 1,
                        taskSource -> List.of()));

        assertTrue(e.getMessage(), e.getMessage().contains("'mode'"));
    }
}
