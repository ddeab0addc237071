package io.github.resultexport.embulk.output.common;

import java.util.function.Supplier;
import org.embulk.config.ConfigException;
import org.embulk.config.ConfigSource;
import org.embulk.util.config.Task;
import org.slf4j.Logger;

/**
 * The start of every plugin's {@code transaction}: expands {@code url:}, warns about unknown options and maps the
 * task, with every error leaving with the configured secrets masked.
 *
 * <pre>{@code
 * PluginTask task = PluginConfigLoader.load(config, PluginTask.class, LOG, "apikey", "http_proxy.password")
 *         .validate((expanded, mapped) -> MyConfigValidator.validate(expanded, mapped));
 * }</pre>
 */
public final class PluginConfigLoader {
    private PluginConfigLoader() {
    }

    /**
     * Expands {@code url:} ({@link ResultUrl#expandUrlOption}), logs a warning per unknown option
     * ({@link UnknownOptions#warn}) and maps the expanded config onto {@code taskType}.
     *
     * @param config the config Embulk passes to {@code transaction}
     * @param taskType the plugin's task interface
     * @param log the plugin's logger, for the unknown-option warnings
     * @param secretOptions the options holding secrets, a nested one written with dots ({@code http_proxy.password});
     *     their values, where given as text, are masked in every exception leaving this method or
     *     {@link LoadedConfig#validate}
     * @return the expanded config, the mapped task and a masker for the configured secrets
     * @throws ConfigException for a malformed {@code url} or a config the task cannot be mapped from
     */
    public static <T extends Task> LoadedConfig<T> load(
            ConfigSource config, Class<T> taskType, Logger log, String... secretOptions) {
        ConfigSource expanded = ResultUrl.expandUrlOption(config);
        SecretMasker masker = secretsOf(expanded, secretOptions);
        T task = sanitizing(masker, () -> {
            UnknownOptions.warn(expanded, taskType, log);
            return ConfigMappers.map(expanded, taskType);
        });
        return new LoadedConfig<>(expanded, task, masker);
    }

    /**
     * Runs {@code body}; a RuntimeException leaves as the clearest ConfigException of its cause chain (or as itself if
     * there is none), passed through {@link SecretMasker#sanitize}.
     */
    public static <R> R sanitizing(SecretMasker masker, Supplier<R> body) {
        try {
            return body.get();
        } catch (RuntimeException e) {
            throw masker.sanitize(innermostConfigException(e));
        }
    }

    /**
     * A ConfigException that our own option parsing threw inside the config mapper arrives wrapped in Jackson's
     * and the mapper's messages; the innermost ConfigException says it best.
     */
    static RuntimeException innermostConfigException(RuntimeException e) {
        RuntimeException clearest = e;
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof ConfigException) {
                clearest = (ConfigException) cause;
            }
        }
        return clearest;
    }

    /** A masker for the text values of {@code secretOptions} in a raw (expanded, not yet mapped) config. */
    static SecretMasker secretsOf(ConfigSource config, String... secretOptions) {
        SecretMasker masker = SecretMasker.of();
        for (String option : secretOptions) {
            masker = masker.with(textAt(config, option));
        }
        return masker;
    }

    /** The text at a dotted option path, or null when any part of it is absent or not of the expected kind. */
    private static String textAt(ConfigSource config, String path) {
        String[] keys = path.split("\\.", -1);
        ConfigSource current = config;
        for (int i = 0; i < keys.length - 1 && current != null; i++) {
            current = nested(current, keys[i]);
        }
        return current == null ? null : textOf(current, keys[keys.length - 1]);
    }

    private static ConfigSource nested(ConfigSource config, String key) {
        if (!config.has(key)) {
            return null;
        }
        try {
            return config.getNested(key);
        } catch (RuntimeException notAMap) {
            return null;
        }
    }

    private static String textOf(ConfigSource config, String key) {
        if (!config.has(key)) {
            return null;
        }
        try {
            return config.get(String.class, key, null);
        } catch (RuntimeException notText) {
            return null;
        }
    }
}
