package io.github.resultexport.embulk.output.sfdc;

import io.github.resultexport.embulk.output.common.NetworkOptions;
import io.github.resultexport.embulk.output.common.Zones;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.embulk.config.ConfigException;
import org.embulk.config.ConfigSource;

/**
 * The rules of {@code sfdc.md} that can be checked before logging in: authentication choice, mode-specific
 * options, ranges and names. Every violation is a ConfigException naming the option and what is allowed.
 */
final class SfdcConfigValidator {
    static final int SPLIT_RECORDS_MIN = 1;
    /** Bulk API limit: records per batch. */
    static final int SPLIT_RECORDS_MAX = 10_000;

    private static final Pattern API_VERSION = Pattern.compile("[1-9][0-9]*\\.[0-9]+");
    /** API names of objects and fields: letters, digits and '_', starting with a letter. */
    private static final Pattern API_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Set<String> LOOPBACK_HOSTS =
            new HashSet<>(Arrays.asList("localhost", "127.0.0.1", "[::1]", "::1"));

    private SfdcConfigValidator() {
    }

    /**
     * Checks the options of a mapped task. {@code config} is the expanded config the task was mapped from; it tells
     * which options were given explicitly.
     */
    static void validate(ConfigSource config, PluginTask task) {
        task.setRun(Optional.empty());
        checkAuthentication(task);
        checkLoginHost(config, task);
        if (!API_VERSION.matcher(task.getApiVersion()).matches()) {
            throw new ConfigException("option 'api_version' must look like 62.0, got '" + task.getApiVersion() + "'");
        }
        checkApiName("object", task.getObject(), "e.g. Account or ResultOutput__c");
        checkModeOptions(task);
        if (task.getSplitRecords() < SPLIT_RECORDS_MIN || task.getSplitRecords() > SPLIT_RECORDS_MAX) {
            throw new ConfigException("option 'split_records' must be between " + SPLIT_RECORDS_MIN + " and "
                    + SPLIT_RECORDS_MAX + " (records per Bulk API batch), got " + task.getSplitRecords());
        }
        if (task.getRetry() < 0) {
            throw new ConfigException("option 'retry' must be 0 or more, got " + task.getRetry());
        }
        Zones.parse("default_timezone", task.getDefaultTimezone());
        if (task.getPollIntervalMillis() <= 0) {
            throw new ConfigException("option 'poll_interval_millis' must be greater than 0, got "
                    + task.getPollIntervalMillis());
        }
        if (task.getPollMaxIntervalMillis() < task.getPollIntervalMillis()) {
            throw new ConfigException("option 'poll_max_interval_millis' must be at least 'poll_interval_millis' ("
                    + task.getPollIntervalMillis() + "), got " + task.getPollMaxIntervalMillis());
        }
        if (task.getJobTimeout() <= 0) {
            throw new ConfigException("option 'job_timeout' must be a number of seconds greater than 0, got "
                    + task.getJobTimeout());
        }
        if (task.getMaxErrorRecords() < 0) {
            throw new ConfigException("option 'max_error_records' must be 0 or more (0: any failed row fails the run),"
                    + " got " + task.getMaxErrorRecords());
        }
        if (task.getErrorRecordsPath().isPresent() && task.getErrorRecordsPath().get().trim().isEmpty()) {
            throw new ConfigException("option 'error_records_path' must not be empty when given");
        }
        if (task.getHttpProxy().isPresent()) {
            NetworkOptions.checkHttpProxy(task.getHttpProxy().get());
        }
    }

    private static void checkAuthentication(PluginTask task) {
        if (task.getSessionId().isPresent()) {
            if (task.getSessionId().get().isBlank()) {
                throw new ConfigException("option 'session_id' must not be empty when given");
            }
            if (task.getUsername().isPresent() || task.getPassword().isPresent()
                    || task.getSecurityToken().isPresent()) {
                throw new ConfigException("option 'session_id' replaces 'username', 'password' and 'security_token';"
                        + " give either session_id or username and password");
            }
            return;
        }
        if (!task.getUsername().isPresent() || task.getUsername().get().trim().isEmpty()) {
            throw new ConfigException("option 'username' is required (with 'password'), unless 'session_id' is given");
        }
        if (!task.getPassword().isPresent() || task.getPassword().get().isBlank()) {
            throw new ConfigException("option 'password' is required with 'username', unless 'session_id' is given");
        }
        if (task.getSecurityToken().isPresent() && task.getSecurityToken().get().isBlank()) {
            throw new ConfigException("option 'security_token' must not be empty when given");
        }
    }

    private static void checkLoginHost(ConfigSource config, PluginTask task) {
        HostPort host = HostPort.parse("hostname", task.getHostname());
        boolean https = task.getUseSsl();
        if (task.getLoginUrl().isPresent()) {
            String loginUrl = task.getLoginUrl().get();
            URI uri;
            try {
                uri = new URI(loginUrl);
            } catch (URISyntaxException e) {
                throw new ConfigException("option 'login_url' is not a URL: '" + loginUrl + "'");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                    || !(scheme.equals("https") || scheme.equals("http"))
                    || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
                throw new ConfigException("option 'login_url' must be an https URL with a host (and port) and no"
                        + " user, path or query, e.g. https://login.salesforce.com, got '" + loginUrl + "'");
            }
            HostPort fromUrl = new HostPort(uri.getHost(), uri.getPort());
            if (config.has("hostname") && !fromUrl.equals(host)) {
                throw new ConfigException("options 'hostname' (" + task.getHostname() + ", also filled by the url"
                        + " form) and 'login_url' (" + loginUrl + ") name different hosts; give one, or the same"
                        + " host and port in both");
            }
            host = fromUrl;
            https = scheme.equals("https");
        }
        if (!https && !LOOPBACK_HOSTS.contains(host.host.toLowerCase(Locale.ROOT))) {
            throw new ConfigException("the login host must be reached over https ('use_ssl: false' and http"
                    + " 'login_url' are only for localhost), got " + host);
        }
        task.setLoginBaseUrl(Optional.of((https ? "https://" : "http://") + host));
    }

    /** {@code host[:port]} of the login host. */
    static final class HostPort {
        final String host;
        final int port;

        HostPort(String host, int port) {
            this.host = host;
            this.port = port;
        }

        static HostPort parse(String optionName, String text) {
            String host = text;
            int port = -1;
            int colon = text.lastIndexOf(':');
            if (text.contains("/")) {
                colon = -1;
            }
            if (colon > 0 && !text.endsWith("]")) {
                host = text.substring(0, colon);
                try {
                    port = Integer.parseInt(text.substring(colon + 1));
                } catch (NumberFormatException e) {
                    port = 0;
                }
                NetworkOptions.checkPort(optionName + " (port)", port);
            }
            if (!NetworkOptions.isHostName(host) && !LOOPBACK_HOSTS.contains(host)) {
                throw new ConfigException("option '" + optionName + "' must be a host name with an optional port,"
                        + " without scheme or path (e.g. login.salesforce.com; use 'login_url' for a full URL), got '"
                        + text + "'");
            }
            return new HostPort(host, port);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof HostPort && ((HostPort) o).host.equalsIgnoreCase(host) && ((HostPort) o).port == port;
        }

        @Override
        public int hashCode() {
            return host.toLowerCase(Locale.ROOT).hashCode() * 31 + port;
        }

        @Override
        public String toString() {
            return port < 0 ? host : host + ":" + port;
        }
    }

    private static void checkModeOptions(PluginTask task) {
        PluginTask.Mode mode = task.getMode();
        if (mode == PluginTask.Mode.UPDATE) {
            if (!task.getUnique().isPresent()) {
                throw new ConfigException("option 'unique' is required with mode update: name the external-id field"
                        + " that identifies a record");
            }
            checkApiName("unique", task.getUnique().get(), "an external-id field such as ExtId__c");
        } else if (task.getUnique().isPresent()) {
            throw new ConfigException("option 'unique' applies only to mode update, but mode is " + mode);
        }
        if (task.getHardDelete() && mode != PluginTask.Mode.TRUNCATE) {
            throw new ConfigException("option 'hard_delete' applies only to mode truncate, but mode is " + mode);
        }
        if (!task.getUpsert() && mode != PluginTask.Mode.UPDATE) {
            throw new ConfigException("option 'upsert: false' applies only to mode update, but mode is " + mode);
        }
    }

    private static void checkApiName(String optionName, String value, String example) {
        if (!API_NAME.matcher(value).matches()) {
            throw new ConfigException("option '" + optionName + "' must be an API name (letters, digits and '_',"
                    + " starting with a letter; " + example + "), got '" + value + "'");
        }
    }
}
