package io.github.resultexport.embulk.output.common;

import java.util.Optional;
import org.embulk.util.config.Config;
import org.embulk.util.config.ConfigDefault;
import org.embulk.util.config.Task;

/**
 * The {@code http_proxy} option of the plugins that talk HTTP to their destination. Checked by
 * {@link NetworkOptions#checkHttpProxy}; its password is a secret ({@code http_proxy.password} for
 * {@link PluginConfigLoader#load}).
 */
public interface HttpProxyOptions extends Task {
    /** Proxy host name. Required. */
    @Config("host")
    String getHost();

    /** Proxy port, 1–65535. Required. */
    @Config("port")
    int getPort();

    /** User for proxy authentication. Default: none. */
    @Config("user")
    @ConfigDefault("null")
    Optional<String> getUser();

    /** Password for proxy authentication (needs {@code user}); a secret. Default: none. */
    @Config("password")
    @ConfigDefault("null")
    Optional<Secret> getPassword();
}
