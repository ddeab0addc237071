package io.github.resultexport.embulk.output.common;

import java.util.regex.Pattern;
import org.embulk.config.ConfigException;

/** Checks of options that name a host, a port or an HTTP proxy; each failure is a ConfigException naming the option. */
public final class NetworkOptions {
    /** Dot-separated labels of letters, digits and inner hyphens: no scheme, port, path or blanks. */
    private static final Pattern HOST_NAME = Pattern.compile(
            "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*");
    private static final int MAX_PORT = 65_535;

    private NetworkOptions() {
    }

    /** Whether {@code value} is a bare host name or IPv4 address (no scheme, port or path). */
    public static boolean isHostName(String value) {
        return HOST_NAME.matcher(value).matches();
    }

    /** @throws ConfigException naming {@code optionName} unless {@code port} is 1–65535 */
    public static void checkPort(String optionName, int port) {
        if (port < 1 || port > MAX_PORT) {
            throw new ConfigException("option '" + optionName + "' must be between 1 and " + MAX_PORT + ", got "
                    + port);
        }
    }

    /** @throws ConfigException for a bad host or port, or a password without a user */
    public static void checkHttpProxy(HttpProxyOptions proxy) {
        if (!isHostName(proxy.getHost())) {
            throw new ConfigException("option 'http_proxy.host' must be a host name, got '" + proxy.getHost() + "'");
        }
        checkPort("http_proxy.port", proxy.getPort());
        if (proxy.getPassword().isPresent() && !proxy.getUser().isPresent()) {
            throw new ConfigException("option 'http_proxy.password' needs 'http_proxy.user'");
        }
    }
}
