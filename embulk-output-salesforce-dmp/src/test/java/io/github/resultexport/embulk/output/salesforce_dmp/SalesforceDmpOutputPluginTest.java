package io.github.resultexport.embulk.output.salesforce_dmp;

import static io.github.resultexport.embulk.output.common.testing.SecretAssertions.assertNoSecret;
import static io.github.resultexport.embulk.output.common.testing.TestConfigs.config;
import static io.github.resultexport.embulk.output.common.testing.TestConfigs.schema;
import static io.github.resultexport.embulk.output.salesforce_dmp.SalesforceDmpFixtures.SECRET;
import static io.github.resultexport.embulk.output.salesforce_dmp.SalesforceDmpFixtures.base;
import static io.github.resultexport.embulk.output.salesforce_dmp.SalesforceDmpFixtures.defaultSchema;
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
import org.embulk.spi.type.Types;
import org.junit.Test;

public class SalesforceDmpOutputPluginTest extends OutputPluginContract<PluginTask> {
    public SalesforceDmpOutputPluginTest() {
        super(SalesforceDmpFixtures.PLUGIN);
    }

    @Override
    protected String misspelledOption() {
        return "bucket_name";
    }

    @Override
    protected String checkedTextOption() {
        return "client_name";
    }

    @Override
    protected String numericOption() {
        return "retry_limit";
    }

    @Test
    public void defaultsAreThoseOfTheSpec() {
        PluginTask task = SalesforceDmpOutputPlugin.configure(base(), defaultSchema());

        assertEquals("client-treasure-data", task.getClientName());
        assertEquals("AKIAIOSFODNN7EXAMPLE", task.getAwsAccessKeyId());
        assertEquals(SECRET, task.getAwsSecretAccessKey().reveal());
        assertEquals(PluginTask.ExportType.FIRST_PARTY_SEGMENT, task.getExportType());
        assertEquals("krux-partners", task.getBucket());
        assertEquals("{client}/uploads/{date}/", task.getPathTemplate());
        assertEquals("{client}_first_party_segment.gz", task.getFileName());
        assertFalse(task.getAppendToDateFolder());
        assertEquals(PluginTask.Compression.GZIP, task.getCompression());
        assertEquals(1, task.getCompressionLevel());
        assertEquals("{client}/embulk-staging/", task.getStagingPathTemplate());
        assertEquals(8L * 1024 * 1024, task.getPartSize());
        assertEquals(600L, task.getStaleRunTimeout());
        assertFalse(task.getSkipInvalidRecords());
        assertEquals(Optional.empty(), task.getEndpoint());
        assertEquals("us-east-1", task.getRegion());
        assertFalse(task.getPathStyleAccess());
        assertEquals(PluginTask.ChecksumValidation.WHEN_SUPPORTED, task.getChecksumValidation());
        assertEquals(12, task.getRetryLimit());
        assertEquals(1000L, task.getRetryInitialIntervalMillis());
        assertEquals(60000L, task.getRetryMaxIntervalMillis());
        assertFalse(task.getDryRun());
    }

    @Test
    public void clientPrefixIsAddedWhenMissing() {
        assertEquals("client-treasure-data", SalesforceDmpOutputPlugin.configure(
                base().set("client_name", "treasure-data"), defaultSchema()).getClientName());
        assertEquals("client-treasure-data", SalesforceDmpOutputPlugin.configure(
                base().set("client_name", "client-treasure-data"), defaultSchema()).getClientName());
    }

    @Test
    public void normalizedClientNameTravelsToTheTasks() {
        PluginTask task = SalesforceDmpOutputPlugin.configure(base().set("client_name", "acme"), defaultSchema());

        PluginTask loaded = plugin.load(task.toTaskSource());

        assertEquals("client-acme", loaded.getClientName());
        assertEquals(SECRET, loaded.getAwsSecretAccessKey().reveal());
    }

    @Test
    public void s3CompatibleSettingsAreAccepted() {
        PluginTask task = SalesforceDmpOutputPlugin.configure(base().set("endpoint", "http://127.0.0.1:9000")
                .set("path_style_access", true).set("checksum_validation", "when_required")
                .set("bucket", "test.bucket-1")
                .set("compression", "none").set("file_name", "{client}_{date}.txt").set("path_template", ""),
                defaultSchema());

        assertEquals(Optional.of("http://127.0.0.1:9000"), task.getEndpoint());
        assertEquals(PluginTask.ChecksumValidation.WHEN_REQUIRED, task.getChecksumValidation());
        assertEquals(PluginTask.Compression.NONE, task.getCompression());
    }

    @Test
    public void onlyTheTwoLeadingColumnsAreRequired() {
        SalesforceDmpOutputPlugin.configure(base(), schema("user_id", Types.STRING, "td_segment", Types.STRING));
    }

    @Test
    public void seedUrlExpandsIntoOptions() {
        ConfigSource config = config("type", "salesforce_dmp",
                "url", "salesforce-dmp://AKID:SECRET@client-treasure-data");

        PluginTask task = SalesforceDmpOutputPlugin.configure(config, defaultSchema());

        assertEquals("AKID", task.getAwsAccessKeyId());
        assertEquals("SECRET", task.getAwsSecretAccessKey().reveal());
        assertEquals("client-treasure-data", task.getClientName());
        assertEquals(Optional.empty(), task.getUrl());
    }

    @Test
    public void urlQueryOptionsAreTyped() {
        ConfigSource config = config("type", "salesforce_dmp", "url",
                "salesforce-dmp://AKID:SECRET@treasure-data?append_to_date_folder=true&skip_invalid_records=true"
                        + "&export_type=first_party_segment");

        PluginTask task = SalesforceDmpOutputPlugin.configure(config, defaultSchema());

        assertEquals("client-treasure-data", task.getClientName());
        assertTrue(task.getAppendToDateFolder());
        assertTrue(task.getSkipInvalidRecords());
    }

    @Test
    public void urlAndConfigDisagreeing() {
        ConfigSource config = base().remove("aws_access_key_id").remove("aws_secret_access_key")
                .set("url", "salesforce-dmp://AKID:SECRET-123@client-other");

        ConfigException e = rejected(config);

        assertTrue(e.getMessage(), e.getMessage().contains("client_name"));
        assertNoSecret(e, "SECRET-123");
    }

    @Test
    public void secretInUrlIsMaskedInErrors() {
        ConfigSource config = config("type", "salesforce_dmp",
                "url", "salesforce-dmp://AKID:Sup3rS3cret@client-treasure-data?bucket=Bad_Bucket");

        ConfigException e = rejected(config);

        assertTrue(e.getMessage(), e.getMessage().contains("'bucket'"));
        assertNoSecret(e, "Sup3rS3cret");
    }

    @Test
    public void suspiciousLayoutsAreWarned() {
        List<ILoggingEvent> noDate = LogCapture.eventsOf(SalesforceDmpConfigValidator.class,
                () -> SalesforceDmpOutputPlugin.configure(base().set("path_template", "{client}/uploads/"),
                        defaultSchema()));
        assertTrue(noDate.toString(), noDate.stream().anyMatch(ev -> ev.getLevel() == Level.WARN
                && ev.getFormattedMessage().contains("{date}")));

        List<ILoggingEvent> plainGz = LogCapture.eventsOf(SalesforceDmpConfigValidator.class,
                () -> SalesforceDmpOutputPlugin.configure(base().set("compression", "none"), defaultSchema()));
        assertTrue(plainGz.toString(), plainGz.stream().anyMatch(ev -> ev.getLevel() == Level.WARN
                && ev.getFormattedMessage().contains(".gz")));

        List<ILoggingEvent> defaults = LogCapture.eventsOf(SalesforceDmpConfigValidator.class,
                () -> SalesforceDmpOutputPlugin.configure(base(), defaultSchema()));
        assertTrue(defaults.toString(), defaults.isEmpty());
    }

    @Test
    public void transactionChecksTheSchemaFirst() {
        ConfigException e = assertThrows(ConfigException.class, () -> new SalesforceDmpOutputPlugin()
                .transaction(base(), schema("email", Types.STRING), 1, taskSource -> List.of()));

        assertTrue(e.getMessage(), e.getMessage().contains("user_id"));
    }
}
