package io.github.resultexport.embulk.output.td.client;

import com.treasuredata.client.ProxyConfig;
import com.treasuredata.client.TDClient;
import com.treasuredata.client.TDClientBuilder;
import io.github.resultexport.embulk.output.common.HttpProxyOptions;
import io.github.resultexport.embulk.output.td.PluginTask;

/** Builds the td-client of a run or task from the options. */
public final class TdClients {
    private static final int CONNECT_TIMEOUT_MILLIS = 30_000;
    private static final int READ_TIMEOUT_MILLIS = 120_000;

    private TdClients() {
    }

    /**
     * A client that reads nothing but the options ({@code newBuilder(false)}: no {@code ~/.td/td.conf}, no
     * {@code TD_API_KEY}, no system properties) and never retries by itself: {@link TdApi} retries what is transient,
     * with the plugin's retry options, and re-checks what an unanswered request may already have done.
     */
    public static TDClient create(PluginTask task) {
        TDClientBuilder builder = TDClient.newBuilder(false)
                .setEndpoint(task.getEndpoint())
                .setUseSSL(task.getUseSsl())
                .setApiKey(task.getApikey().reveal())
                .setRetryLimit(0)
                .setConnectTimeoutMillis(CONNECT_TIMEOUT_MILLIS)
                .setReadTimeoutMillis(READ_TIMEOUT_MILLIS);
        if (task.getPort().isPresent()) {
            builder.setPort(task.getPort().get());
        }
        if (task.getHttpProxy().isPresent()) {
            builder.setProxy(proxy(task.getHttpProxy().get()));
        }
        return builder.build();
    }

    private static ProxyConfig proxy(HttpProxyOptions options) {
        ProxyConfig.ProxyConfigBuilder proxy = new ProxyConfig.ProxyConfigBuilder()
                .setHost(options.getHost())
                .setPort(options.getPort());
        proxy.useSSL(false);
        options.getUser().ifPresent(proxy::setUser);
        options.getPassword().ifPresent(p -> proxy.setPassword(p.reveal()));
        return proxy.createProxyConfig();
    }
}
