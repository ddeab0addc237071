package io.github.resultexport.embulk.output.common;

import static io.github.resultexport.embulk.output.common.testing.SecretAssertions.assertNoSecret;
import static io.github.resultexport.embulk.output.common.testing.TestConfigs.config;
import static io.github.resultexport.embulk.output.common.testing.TestConfigs.map;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.github.resultexport.embulk.output.common.testing.LogCapture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.embulk.config.ConfigException;
import org.embulk.config.ConfigSource;
import org.embulk.util.config.Config;
import org.embulk.util.config.ConfigDefault;
import org.embulk.util.config.Task;
import org.junit.Rule;
import org.junit.Test;

public class PluginConfigLoaderTest {
    private static final String APIKEY = "1/0f3cafebabe5ecret";
    private static final String PROXY_PASSWORD = "proxy-pw-123";

    public interface SampleTask extends Task {
        @Config("apikey")
        Secret getApikey();

        @Config("endpoint")
        @ConfigDefault("\"api.treasuredata.com\"")
        String getEndpoint();

        @Config("database")
        String getDatabase();

        @Config("table")
        String getTable();

        @Config("mode")
        @ConfigDefault("\"append\"")
        Mode getMode();

        @Config("batch_size")
        @ConfigDefault("100")
        int getBatchSize();

        @Config("http_proxy")
        @ConfigDefault("null")
        Optional<Proxy> getHttpProxy();

        interface Proxy extends Task {
            @Config("host")
            String getHost();

            @Config("password")
            @ConfigDefault("null")
            Optional<Secret> getPassword();
        }

        enum Mode {
            APPEND, REPLACE;

            @JsonCreator
            public static Mode fromString(String value) {
                return ConfigEnums.parse(Mode.class, "mode", value);
            }

            @JsonValue
            @Override
            public String toString() {
                return ConfigEnums.configName(this);
            }
        }
    }

    @Rule
    public LogCapture logs = new LogCapture("test.loader");

    private static ConfigSource base() {
        return config("type", "td", "apikey", APIKEY, "database", "db1", "table", "tbl1");
    }

    private LoadedConfig<SampleTask> load(ConfigSource config) {
        return PluginConfigLoader.load(config, SampleTask.class, logs.logger(), "apikey", "http_proxy.password");
    }

    @Test
    public void expandsTheUrlThenMapsTheTask() {
        ConfigSource config = config("type", "td",
                "url", "td://1%2F0f3cafebabe5ecret@api.example.com/db1/tbl1?mode=replace");

        LoadedConfig<SampleTask> loaded = load(config);

        assertEquals(APIKEY, loaded.task().getApikey().reveal());
        assertEquals("api.example.com", loaded.task().getEndpoint());
        assertEquals("db1", loaded.task().getDatabase());
        assertEquals(SampleTask.Mode.REPLACE, loaded.task().getMode());
        assertFalse(loaded.config().has("url"));
        assertEquals("tbl1", loaded.config().get(String.class, "table"));
        assertEquals("key ***", loaded.masker().mask("key " + APIKEY));
    }

    @Test
    public void warnsAboutUnknownOptions() {
        load(base().set("tabel", "x"));

        assertEquals(Collections.singletonList("unknown option 'tabel' (did you mean 'table'?) is ignored"),
                logs.lines(Level.WARN));
    }

    @Test
    public void aSecretEchoedByTheMapperIsMasked() {
        ConfigSource config = base().set("batch_size", APIKEY);
        ConfigException unmasked = assertThrows(ConfigException.class,
                () -> PluginConfigLoader.load(config, SampleTask.class, logs.logger()));
        assertTrue("the mapper echoes the value", printed(unmasked).contains(APIKEY));

        ConfigException masked = assertThrows(ConfigException.class, () -> load(config));

        assertNoSecret(masked, APIKEY);
    }

    @Test
    public void theInnermostConfigExceptionOfTheMapperIsReported() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(base().set("mode", "upsert")));

        assertEquals("option 'mode' is 'upsert'; allowed values: append, replace", e.getMessage());
    }

    @Test
    public void validateSeesTheExpandedConfigAndReturnsTheTask() {
        LoadedConfig<SampleTask> loaded = load(base().set("url", "td://@/db1/tbl1"));
        AtomicReference<ConfigSource> seen = new AtomicReference<>();

        SampleTask task = loaded.validate((config, mapped) -> seen.set(config));

        assertSame(loaded.task(), task);
        assertSame(loaded.config(), seen.get());
    }

    @Test
    public void aNestedSecretIsMaskedInValidationErrors() {
        LoadedConfig<SampleTask> loaded = load(base()
                .set("http_proxy", map("host", "proxy.local", "password", PROXY_PASSWORD)));

        ConfigException e = assertThrows(ConfigException.class, () -> loaded.validate((config, task) -> {
            throw new ConfigException("option 'http_proxy.host' cannot be used with " + PROXY_PASSWORD);
        }));

        assertEquals("option 'http_proxy.host' cannot be used with ***", e.getMessage());
        assertNoSecret(e, PROXY_PASSWORD);
    }

    @Test
    public void aWrappedConfigExceptionIsUnwrapped() {
        LoadedConfig<SampleTask> loaded = load(base());
        ConfigException inner = new ConfigException("option 'table' is bad");

        RuntimeException e = assertThrows(RuntimeException.class, () -> loaded.validate((config, task) -> {
            throw new IllegalStateException("mapping failed", new RuntimeException("wrapped", inner));
        }));

        assertSame(inner, e);
    }

    @Test
    public void anExceptionWithoutSecretsLeavesAsItself() {
        LoadedConfig<SampleTask> loaded = load(base());
        IllegalStateException clean = new IllegalStateException("no secret here");

        RuntimeException e = assertThrows(RuntimeException.class, () -> loaded.validate((config, task) -> {
            throw clean;
        }));

        assertSame(clean, e);
    }

    @Test
    public void aBlankSecretDoesNotGarbleMessages() {
        LoadedConfig<SampleTask> loaded = load(base().set("apikey", " "));

        ConfigException e = assertThrows(ConfigException.class, () -> loaded.validate((config, task) -> {
            throw new ConfigException("option 'apikey' must not be empty");
        }));

        assertEquals("option 'apikey' must not be empty", e.getMessage());
    }

    @Test
    public void secretOptionsThatAreAbsentOrNotTextAreSkipped() {
        ConfigSource config = config("apikey", map("nested", "x"), "http_proxy", "proxy.local");

        SecretMasker masker = PluginConfigLoader.secretsOf(config, "apikey", "http_proxy.password", "session_id",
                "a.b.c");

        assertEquals("x proxy.local", masker.mask("x proxy.local"));
    }

    @Test
    public void sanitizingReturnsTheBodysValue() {
        assertEquals("done", PluginConfigLoader.sanitizing(SecretMasker.of(APIKEY), () -> "done"));
    }

    private static String printed(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
