package io.github.resultexport.embulk.output.td;

import static io.github.resultexport.embulk.output.td.TdModesTest.ids;
import static io.github.resultexport.embulk.output.td.TdPermissionsTest.rootConfigException;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import io.github.resultexport.embulk.output.common.testing.LogCapture;
import io.github.resultexport.embulk.output.td.fake.FakeTreasureData;
import io.github.resultexport.embulk.output.td.fake.KeyRole;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.embulk.config.ConfigException;
import org.embulk.config.ConfigSource;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * Configuration mistakes fail before any request, a refused key fails at once, the seed URL form and an HTTP proxy
 * work, and the API key shows up nowhere: not in a log line, an exception or a task report.
 */
public class TdConnectionTest {
    @Rule
    public final TdEmbulk embulk = new TdEmbulk();

    @Rule
    public final LogCapture logs = new LogCapture();

    private FakeTreasureData td;
    private String master;

    @Before
    public void startFake() throws Exception {
        td = FakeTreasureData.start();
        master = td.addKey(KeyRole.MASTER);
    }

    /** The one test whose fake echoes the key in an error message: td-client's own WARN line quotes it verbatim. */
    private boolean serverEchoesTheKey;

    @After
    public void stopFake() {
        td.close();
        assertKeyNowhere();
    }

    @Test
    public void badConfigurationFailsBeforeAnyRequestNamingTheOption() throws Exception {
        ConfigSource in = embulk.csv(List.of("id:long", "created:long"), "1,1700000000");
        Map<String, ConfigSource> cases = Map.of(
                "database", embulk.out(td, master, "Bad-Name", "events"),
                "table", embulk.out(td, master, "db_conf", "x"),
                "file_split_size", embulk.out(td, master, "db_conf", "events").set("file_split_size", 1024),
                "time_value", embulk.out(td, master, "db_conf", "events").set("time_column", "created")
                        .set("time_value", 1700000000),
                "column_options", embulk.out(td, master, "db_conf", "events")
                        .set("column_options", Map.of("missing", Map.of("type", "long"))));
        for (Map.Entry<String, ConfigSource> c : cases.entrySet()) {
            ConfigException e = rootConfigException(() -> embulk.run(in, c.getValue()));
            assertTrue(c.getKey() + ": " + e.getMessage(), e.getMessage().contains(c.getKey()));
        }
        assertEquals("requests: " + td.requests(), 0, td.requests().entries().size());
    }

    @Test
    public void aRefusedKeyFailsAtOnceWithoutRetries() throws Exception {
        String unknown = "1/" + "f".repeat(40);
        ConfigException e = rootConfigException(() -> embulk.run(embulk.csv(List.of("id:long"), "1"),
                embulk.out(td, unknown, "db_conf", "events").set("retry_limit", 5)));

        assertTrue(e.getMessage(), e.getMessage().contains("apikey"));
        assertTrue(e.getMessage(), e.getMessage().contains("401"));
        assertEquals("one request, no retry: " + td.requests(), 1, td.requests().entries().size());
        assertFalse(e.getMessage().contains(unknown));
    }

    @Test
    public void seedUrlWithAPercentEncodedKeyReplaces() throws Exception {
        td.state().createDatabase("db_url");
        td.state().createTable("db_url", "events", List.of(List.of("legacy", "string")));
        td.state().insertRows("db_url", "events", List.of(Map.of("time", 1L, "legacy", "old")));
        String url = "td://" + URLEncoder.encode(master, StandardCharsets.UTF_8) + "@" + td.host()
                + "/db_url/events?mode=replace";
        assertTrue("the key's slash is percent-encoded", url.contains("%2F"));

        embulk.run(embulk.csv(List.of("id:long"), "5", "6"), embulk.newConfig().set("type", "td").set("url", url)
                .set("port", td.port()).set("use_ssl", false));

        assertEquals(List.of(5L, 6L), ids(td.state().rows("db_url", "events")));
        assertEquals(List.of(List.of("id", "long")), td.state().schema("db_url", "events"));
    }

    @Test
    public void everyRequestGoesThroughTheHttpProxy() throws Exception {
        try (ForwardProxy proxy = new ForwardProxy()) {
            embulk.run(embulk.csv(List.of("id:long"), "1", "2", "3"), embulk.out(td, master, "db_proxy", "events")
                    .set("http_proxy", Map.of("host", "127.0.0.1", "port", proxy.port())));

            assertEquals(List.of(1L, 2L, 3L), ids(td.state().rows("db_proxy", "events")));
            assertTrue("through the proxy: " + proxy.forwarded(), proxy.forwarded() > 5);
            assertEquals(td.requests().entries().size(), proxy.forwarded());
        }
    }

    @Test
    public void aFailingRunKeepsTheKeySecretToo() throws Exception {
        serverEchoesTheKey = true;
        td.faults().add(io.github.resultexport.embulk.output.td.fake.FaultRule.on("commit").fromNth(1)
                .respond(500, "commit exploded for key " + master));
        Throwable e = assertThrows(Throwable.class, () -> embulk.run(embulk.csv(List.of("id:long"), "1"),
                embulk.out(td, master, "db_secret", "events").set("retry_limit", 1)));

        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertFalse(trace.toString(), trace.toString().contains(master));
        assertTrue(trace.toString(), trace.toString().contains("commit exploded for key ***"));
    }

    private void assertKeyNowhere() {
        for (ILoggingEvent event : logs.events()) {
            if (serverEchoesTheKey && event.getLoggerName().startsWith("com.treasuredata.client.")) {
                continue;
            }
            String line = event.getFormattedMessage();
            assertFalse(line, line.contains(master));
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                assertFalse(t.getMessage(), String.valueOf(t.getMessage()).contains(master));
            }
        }
    }
}
