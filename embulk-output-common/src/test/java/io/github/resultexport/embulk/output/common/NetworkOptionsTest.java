package io.github.resultexport.embulk.output.common;

import static io.github.resultexport.embulk.output.common.testing.TestConfigs.config;
import static io.github.resultexport.embulk.output.common.testing.TestConfigs.map;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Optional;
import org.embulk.config.ConfigException;
import org.embulk.util.config.Config;
import org.embulk.util.config.ConfigDefault;
import org.embulk.util.config.Task;
import org.junit.Test;

public class NetworkOptionsTest {
    public interface SampleTask extends Task {
        @Config("http_proxy")
        @ConfigDefault("null")
        Optional<HttpProxyOptions> getHttpProxy();
    }

    @Test
    public void hostNamesAreBare() {
        assertTrue(NetworkOptions.isHostName("api.treasuredata.com"));
        assertTrue(NetworkOptions.isHostName("127.0.0.1"));
        assertTrue(NetworkOptions.isHostName("proxy-1"));
        assertFalse(NetworkOptions.isHostName(""));
        assertFalse(NetworkOptions.isHostName("https://api.treasuredata.com"));
        assertFalse(NetworkOptions.isHostName("api.treasuredata.com:443"));
        assertFalse(NetworkOptions.isHostName("-proxy"));
        assertFalse(NetworkOptions.isHostName("a..b"));
    }

    @Test
    public void portsAreFrom1To65535() {
        NetworkOptions.checkPort("port", 1);
        NetworkOptions.checkPort("port", 65535);

        assertEquals("option 'port' must be between 1 and 65535, got 0",
                assertThrows(ConfigException.class, () -> NetworkOptions.checkPort("port", 0)).getMessage());
        assertEquals("option 'http_proxy.port' must be between 1 and 65535, got 65536", assertThrows(
                ConfigException.class, () -> NetworkOptions.checkPort("http_proxy.port", 65536)).getMessage());
    }

    @Test
    public void aValidProxyMapsAndPasses() {
        HttpProxyOptions proxy = proxy(map("host", "proxy.local", "port", 3128, "user", "u", "password", "pw"));

        NetworkOptions.checkHttpProxy(proxy);

        assertEquals("proxy.local", proxy.getHost());
        assertEquals(Optional.of("u"), proxy.getUser());
        assertEquals("pw", proxy.getPassword().get().reveal());
    }

    @Test
    public void badProxiesNameTheOption() {
        assertRejected(map("host", "http://proxy", "port", 3128), "option 'http_proxy.host' must be a host name");
        assertRejected(map("host", "proxy", "port", 0), "option 'http_proxy.port'");
        assertRejected(map("host", "proxy", "port", 3128, "password", "pw"),
                "option 'http_proxy.password' needs 'http_proxy.user'");
    }

    private static void assertRejected(Object proxyOption, String expected) {
        HttpProxyOptions proxy = proxy(proxyOption);

        ConfigException e = assertThrows(ConfigException.class, () -> NetworkOptions.checkHttpProxy(proxy));

        assertTrue(e.getMessage(), e.getMessage().contains(expected));
    }

    private static HttpProxyOptions proxy(Object proxyOption) {
        return ConfigMappers.map(config("http_proxy", proxyOption), SampleTask.class).getHttpProxy().get();
    }
}
