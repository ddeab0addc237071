package io.github.resultexport.embulk.output.sfdc.client;

import com.sforce.ws.ConnectorConfig;
import io.github.resultexport.embulk.output.common.HttpProxyOptions;
import io.github.resultexport.embulk.output.sfdc.PluginTask;

/** force-wsc connection settings shared by the SOAP and the Bulk connections of a run or task. */
final class Connections {
    private static final int CONNECT_TIMEOUT_MILLIS = 30_000;
    private static final int READ_TIMEOUT_MILLIS = 180_000;

    private Connections() {
    }

    static ConnectorConfig config(PluginTask task) {
        ConnectorConfig config = new ConnectorConfig();
        config.setConnectionTimeout(CONNECT_TIMEOUT_MILLIS);
        config.setReadTimeout(READ_TIMEOUT_MILLIS);
        config.setCompression(true);
        config.setTraceMessage(false);
        config.setPrettyPrintXml(false);
        if (task.getHttpProxy().isPresent()) {
            HttpProxyOptions proxy = task.getHttpProxy().get();
            config.setProxy(proxy.getHost(), proxy.getPort());
            proxy.getUser().ifPresent(config::setProxyUsername);
            proxy.getPassword().ifPresent(p -> config.setProxyPassword(p.reveal()));
        }
        return config;
    }

    static String soapEndpoint(PluginTask task) {
        return task.getLoginBaseUrl().get() + "/services/Soap/u/" + task.getApiVersion();
    }
}
