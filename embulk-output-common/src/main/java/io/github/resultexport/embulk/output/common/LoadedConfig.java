package io.github.resultexport.embulk.output.common;

import java.util.function.BiConsumer;
import org.embulk.config.ConfigSource;
import org.embulk.util.config.Task;

/**
 * A plugin's configuration as {@link PluginConfigLoader#load} leaves it: the config with {@code url:} expanded,
 * the task mapped from it, and a masker for the configured secrets.
 *
 * @param <T> the plugin's task interface
 */
public final class LoadedConfig<T extends Task> {
    private final ConfigSource config;
    private final T task;
    private final SecretMasker masker;

    LoadedConfig(ConfigSource config, T task, SecretMasker masker) {
        this.config = config;
        this.task = task;
        this.masker = masker;
    }

    /** The config after {@code url:} expansion; unlike the task, it tells which options were given explicitly. */
    public ConfigSource config() {
        return config;
    }

    /** The mapped task. */
    public T task() {
        return task;
    }

    /** Masks the secrets of the config in text and exceptions. */
    public SecretMasker masker() {
        return masker;
    }

    /**
     * Runs the plugin's own rules on the expanded config and the task, then returns the task. An exception leaves as
     * from {@link PluginConfigLoader#sanitizing}: the clearest ConfigException of its chain, secrets masked.
     */
    public T validate(BiConsumer<ConfigSource, ? super T> rules) {
        return PluginConfigLoader.sanitizing(masker, () -> {
            rules.accept(config, task);
            return task;
        });
    }
}
