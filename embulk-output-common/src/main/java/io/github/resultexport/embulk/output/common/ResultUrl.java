package io.github.resultexport.embulk.output.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.embulk.config.ConfigException;
import org.embulk.config.ConfigSource;

/**
 * A result output URL of the product documents, expanded into the options the YAML configuration uses.
 *
 * <ul>
 *   <li>{@code postgresql://user:password@host[:port]/database[/table]} → {@code user}, {@code password},
 *       {@code host}, {@code port} (int), {@code database}, {@code table}</li>
 *   <li>{@code td://APIKEY@host[:port]/database[/table]}, {@code td://@/database[/table]} → {@code apikey},
 *       {@code endpoint}, {@code port} (int), {@code database}, {@code table}</li>
 *   <li>{@code sfdc://username:passwordTOKEN@hostname[:port]/object_name}, {@code sfdc://} → {@code username},
 *       {@code password} (password and security token as written, concatenated), {@code hostname}
 *       ({@code host:port} when a port is given), {@code object}</li>
 *   <li>{@code salesforce-dmp://ACCESS_KEY_ID:SECRET@client-name} → {@code aws_access_key_id},
 *       {@code aws_secret_access_key}, {@code client_name}</li>
 * </ul>
 *
 * <p>User info, host and path segments are percent-decoded as UTF-8 ({@code %40} → {@code @}); {@code +} stays
 * {@code +}. Everything before the last {@code @} is user info, so secrets may contain {@code /}, {@code ?} or
 * {@code @} unencoded; an {@code @} in the path or query must be written {@code %40}. Empty parts count as absent.
 *
 * <p>Query parameters become options by name: {@code true}/{@code false} become booleans, a bare {@code ?dry_run}
 * becomes {@code true}, a parameter given several times becomes a list, every other value stays a string.
 *
 * <p>{@link #toString()} and every exception message show the URL with its secrets replaced by {@code ***}.
 */
public final class ResultUrl {
    /** The option holding the URL in a plugin's configuration. */
    public static final String URL_OPTION = "url";

    private static final Pattern SECRET_NAME =
            Pattern.compile(".*(password|secret|token|apikey|api_key|session_id).*");

    private final String scheme;
    private final Map<String, Object> options;
    private final Set<String> secretOptionNames;
    private final String masked;
    private final List<String> rawSecrets;

    ResultUrl(String scheme, Map<String, Object> options, String schemeSecretOption, String masked,
            List<String> rawSecrets) {
        Map<String, Object> copy = new LinkedHashMap<>();
        Set<String> secrets = new LinkedHashSet<>();
        secrets.add(schemeSecretOption);
        for (Map.Entry<String, Object> option : options.entrySet()) {
            Object value = option.getValue();
            copy.put(option.getKey(), value instanceof List
                    ? Collections.unmodifiableList(new ArrayList<>((List<?>) value)) : value);
            if (isSecretOptionName(option.getKey())) {
                secrets.add(option.getKey());
            }
        }
        this.scheme = scheme;
        this.options = Collections.unmodifiableMap(copy);
        this.secretOptionNames = Collections.unmodifiableSet(secrets);
        this.masked = masked;
        this.rawSecrets = Collections.unmodifiableList(new ArrayList<>(rawSecrets));
    }

    /**
     * Parses a result URL.
     *
     * @throws ConfigException when the URL is empty or malformed (unknown scheme, missing database, table, object
     *     or client name, bad port, bad percent-encoding, empty host where one is required); the message shows the
     *     URL masked
     */
    public static ResultUrl parse(String url) {
        return ResultUrlParser.parse(url);
    }

    /**
     * If {@code config} has {@code url}, returns a copy with the URL expanded into options (see
     * {@link #expandInto(ConfigSource)}); otherwise {@code config} itself. Plugins call this first in
     * {@code transaction}, before mapping the task.
     */
    public static ConfigSource expandUrlOption(ConfigSource config) {
        String url = urlOf(config);
        if (url == null) {
            return config.has(URL_OPTION) ? config.deepCopy().remove(URL_OPTION) : config;
        }
        return parse(url).expandInto(config);
    }

    /**
     * Like {@link #expandUrlOption(ConfigSource)}, and also rejects a URL of another scheme than
     * {@code expectedScheme} (a {@code td://} URL given to the postgresql plugin, say).
     */
    public static ConfigSource expandUrlOption(ConfigSource config, String expectedScheme) {
        String url = urlOf(config);
        if (url == null) {
            return expandUrlOption(config);
        }
        ResultUrl parsed = parse(url);
        if (!parsed.scheme().equals(expectedScheme.toLowerCase(Locale.ROOT))) {
            throw new ConfigException("url '" + parsed + "' has scheme '" + parsed.scheme()
                    + "', but this plugin takes " + expectedScheme + ":// urls");
        }
        return parsed.expandInto(config);
    }

    private static String urlOf(ConfigSource config) {
        if (!config.has(URL_OPTION)) {
            return null;
        }
        JsonNode node = ConfigJson.read(config).get(URL_OPTION);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new ConfigException("option 'url' must be a string, like postgresql://user:password@host/db/table");
        }
        return node.asText();
    }

    /** The scheme in lower case: {@code postgresql}, {@code td}, {@code sfdc} or {@code salesforce-dmp}. */
    public String scheme() {
        return scheme;
    }

    /**
     * The options the URL expands into, in URL order: values are {@link String}, {@link Boolean},
     * {@link Integer} ({@code port}) or a {@link List} of those. Unmodifiable.
     */
    public Map<String, Object> options() {
        return options;
    }

    /**
     * The names of options holding secrets: the scheme's credential ({@code password}, {@code apikey},
     * {@code aws_secret_access_key}) whether the URL gives it or not, plus secret-looking query parameters
     * (names containing {@code password}, {@code secret}, {@code token}, {@code apikey}, {@code session_id}).
     */
    public Set<String> secretOptionNames() {
        return secretOptionNames;
    }

    /** A masker for the secrets of this URL, both decoded and as written in the URL. */
    public SecretMasker secretMasker() {
        SecretMasker masker = SecretMasker.of(rawSecrets.toArray(new String[0]));
        for (String name : secretOptionNames) {
            Object value = options.get(name);
            if (value != null) {
                for (String text : OptionText.of(value)) {
                    masker = masker.with(text);
                }
            }
        }
        return masker;
    }

    /**
     * Returns a copy of {@code config} without {@code url} and with every option of this URL set.
     *
     * @throws ConfigException naming every option that the URL and the config both give with different values
     *     (compared as text, lists element by element; a secret shows as {@code ***})
     */
    public ConfigSource expandInto(ConfigSource config) {
        ObjectNode given = ConfigJson.read(config);
        ConfigSource expanded = config.deepCopy().remove(URL_OPTION);
        List<String> conflicts = new ArrayList<>();
        for (Map.Entry<String, Object> option : options.entrySet()) {
            String name = option.getKey();
            JsonNode existing = given.get(name);
            if (existing == null || existing.isNull()) {
                expanded.set(name, option.getValue());
                continue;
            }
            List<String> fromUrl = OptionText.of(option.getValue());
            List<String> fromConfig = OptionText.of(existing);
            if (!fromUrl.equals(fromConfig)) {
                boolean secret = secretOptionNames.contains(name);
                conflicts.add("option '" + name + "' is '" + (secret ? SecretMasker.MASK : OptionText.render(fromUrl))
                        + "' in url but '" + (secret ? SecretMasker.MASK : OptionText.render(fromConfig))
                        + "' in the config");
            }
        }
        if (!conflicts.isEmpty()) {
            throw new ConfigException(String.join("; ", conflicts) + " (url '" + masked + "'); give each option once");
        }
        return expanded;
    }

    /** The URL with its secrets replaced by {@code ***}, e.g. {@code postgresql://user:***@host/db/table}. */
    @Override
    public String toString() {
        return masked;
    }

    static boolean isSecretOptionName(String name) {
        return SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches();
    }
}
