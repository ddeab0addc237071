package io.github.resultexport.embulk.output.sfdc;

import static io.github.resultexport.embulk.output.common.testing.SecretAssertions.assertNoSecret;
import static io.github.resultexport.embulk.output.common.testing.TestConfigs.PROXY_PASSWORD;
import static io.github.resultexport.embulk.output.common.testing.TestConfigs.config;
import static io.github.resultexport.embulk.output.common.testing.TestConfigs.httpProxy;
import static io.github.resultexport.embulk.output.sfdc.SfdcFixtures.PASSWORD;
import static io.github.resultexport.embulk.output.sfdc.SfdcFixtures.SESSION_ID;
import static io.github.resultexport.embulk.output.sfdc.SfdcFixtures.TOKEN;
import static io.github.resultexport.embulk.output.sfdc.SfdcFixtures.base;
import static io.github.resultexport.embulk.output.sfdc.SfdcFixtures.defaultSchema;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.github.resultexport.embulk.output.common.testing.OutputPluginContract;
import java.util.List;
import java.util.Optional;
import org.embulk.config.ConfigException;
import org.embulk.config.ConfigSource;
import org.junit.Test;

public class SfdcOutputPluginTest extends OutputPluginContract<PluginTask> {
    public SfdcOutputPluginTest() {
        super(SfdcFixtures.PLUGIN);
    }

    @Override
    protected String misspelledOption() {
        return "split_record";
    }

    @Override
    protected String checkedTextOption() {
        return "object";
    }

    @Override
    protected String numericOption() {
        return "split_records";
    }

    @Override
    protected ConfigSource configWithEverySecret() {
        return base().set("http_proxy", httpProxy());
    }

    @Override
    protected List<String> everySecret() {
        return List.of(PASSWORD, TOKEN, PROXY_PASSWORD);
    }

    @Test
    public void defaultsAreThoseOfTheSpec() {
        PluginTask task = SfdcOutputPlugin.configure(base(), defaultSchema());

        assertEquals(Optional.of("user@example.com"), task.getUsername());
        assertEquals(PASSWORD, task.getPassword().get().reveal());
        assertEquals(TOKEN, task.getSecurityToken().get().reveal());
        assertEquals(Optional.empty(), task.getSessionId());
        assertEquals("login.salesforce.com", task.getHostname());
        assertEquals(Optional.empty(), task.getLoginUrl());
        assertEquals("62.0", task.getApiVersion());
        assertEquals("ResultOutput__c", task.getObject());
        assertEquals(PluginTask.Mode.APPEND, task.getMode());
        assertFalse(task.getHardDelete());
        assertEquals(Optional.empty(), task.getUnique());
        assertTrue(task.getUpsert());
        assertEquals(PluginTask.ConcurrencyMode.PARALLEL, task.getConcurrencyMode());
        assertEquals(10000, task.getSplitRecords());
        assertEquals(2, task.getRetry());
        assertEquals(PluginTask.NullValue.EMPTY, task.getNullValue());
        assertEquals("UTC", task.getDefaultTimezone());
        assertEquals(2000L, task.getPollIntervalMillis());
        assertEquals(30000L, task.getPollMaxIntervalMillis());
        assertEquals(86400L, task.getJobTimeout());
        assertEquals(0L, task.getMaxErrorRecords());
        assertEquals(Optional.empty(), task.getErrorRecordsPath());
        assertEquals(Optional.empty(), task.getHttpProxy());
        assertFalse(task.getDryRun());
    }

    @Test
    public void validCombinations() {
        PluginTask update = SfdcOutputPlugin.configure(
                base().set("mode", "update").set("unique", "ExtId__c").set("upsert", false), defaultSchema());
        assertEquals(PluginTask.Mode.UPDATE, update.getMode());
        assertFalse(update.getUpsert());

        PluginTask truncate = SfdcOutputPlugin.configure(
                base().set("mode", "truncate").set("hard_delete", true), defaultSchema());
        assertTrue(truncate.getHardDelete());

        PluginTask session = SfdcOutputPlugin.configure(config("type", "sfdc", "session_id", SESSION_ID,
                "hostname", "mydomain.my.salesforce.com", "object", "Account"), defaultSchema());
        assertEquals(SESSION_ID, session.getSessionId().get().reveal());

        SfdcOutputPlugin.configure(base().set("login_url", "https://mydomain.my.salesforce.com"), defaultSchema());
        SfdcOutputPlugin.configure(base().set("login_url", "http://127.0.0.1:8443"), defaultSchema());
        SfdcOutputPlugin.configure(base().set("null_value", "NA").set("concurrency_mode", "serial")
                .set("default_timezone", "Asia/Tokyo").set("split_records", 1), defaultSchema());
    }

    @Test
    public void seedUrlExpandsIntoOptions() {
        ConfigSource config = config("type", "sfdc",
                "url", "sfdc://user%40example.com:passTOKEN@login.salesforce.com/Account?mode=append");

        PluginTask task = SfdcOutputPlugin.configure(config, defaultSchema());

        assertEquals(Optional.of("user@example.com"), task.getUsername());
        assertEquals("passTOKEN", task.getPassword().get().reveal());
        assertEquals(Optional.empty(), task.getSecurityToken());
        assertEquals("login.salesforce.com", task.getHostname());
        assertEquals("Account", task.getObject());
        assertEquals(PluginTask.Mode.APPEND, task.getMode());
        assertEquals(Optional.empty(), task.getUrl());
    }

    @Test
    public void urlQueryOptionsAreTyped() {
        ConfigSource config = config("type", "sfdc", "url",
                "sfdc://user%40example.com:passTOKEN@test.salesforce.com/Contact"
                        + "?mode=update&unique=ExtId__c&upsert=false&concurrency_mode=serial&split_records=500");

        PluginTask task = SfdcOutputPlugin.configure(config, defaultSchema());

        assertEquals("test.salesforce.com", task.getHostname());
        assertEquals(PluginTask.Mode.UPDATE, task.getMode());
        assertEquals(Optional.of("ExtId__c"), task.getUnique());
        assertFalse(task.getUpsert());
        assertEquals(PluginTask.ConcurrencyMode.SERIAL, task.getConcurrencyMode());
        assertEquals(500, task.getSplitRecords());
    }

    @Test
    public void bareSchemeTakesEverythingFromTheConfig() {
        PluginTask task = SfdcOutputPlugin.configure(base().set("url", "sfdc://"), defaultSchema());

        assertEquals("ResultOutput__c", task.getObject());
    }

    @Test
    public void urlAndConfigDisagreeing() {
        ConfigSource config = base().remove("username").remove("password")
                .set("url", "sfdc://user%40example.com:passTOKEN@login.salesforce.com/Account");

        ConfigException e = rejected(config);

        assertTrue(e.getMessage(), e.getMessage().contains("object"));
        assertNoSecret(e, "passTOKEN");
    }

    @Test
    public void taskSurvivesTheTaskSourceRoundTrip() {
        PluginTask task = SfdcOutputPlugin.configure(base().set("mode", "update").set("unique", "ExtId__c")
                .set("http_proxy", httpProxy()),
                defaultSchema());

        PluginTask loaded = plugin.load(task.toTaskSource());

        assertEquals(PASSWORD, loaded.getPassword().get().reveal());
        assertEquals(TOKEN, loaded.getSecurityToken().get().reveal());
        assertEquals(PluginTask.Mode.UPDATE, loaded.getMode());
        assertEquals(PROXY_PASSWORD, loaded.getHttpProxy().get().getPassword().get().reveal());
    }

    @Test
    public void taskToStringHidesTheSessionId() {
        String withSession = SfdcOutputPlugin.configure(
                config("type", "sfdc", "session_id", SESSION_ID, "object", "Account"), defaultSchema()).toString();

        assertFalse(withSession, withSession.contains(SESSION_ID));
    }

    @Test
    public void sessionIdEchoedByAMappingErrorIsMasked() {
        ConfigException sessionAsNumber = assertThrows(ConfigException.class, () -> SfdcOutputPlugin.configure(
                config("type", "sfdc", "session_id", SESSION_ID, "object", "Account", "retry", SESSION_ID),
                defaultSchema()));
        assertNoSecret(sessionAsNumber, SESSION_ID);
    }

    @Test
    public void secretInUrlIsMaskedInErrors() {
        ConfigSource config = config("type", "sfdc",
                "url", "sfdc://user%40example.com:s3cretTOKEN@login.salesforce.com/Bad-Object?mode=append");

        ConfigException e = rejected(config);

        assertTrue(e.getMessage(), e.getMessage().contains("'object'"));
        assertNoSecret(e, "s3cretTOKEN");
    }
}
