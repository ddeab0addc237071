package io.github.resultexport.embulk.output.common.testing;

import static org.junit.Assert.assertThrows;

import io.github.resultexport.embulk.output.common.ConfigMappers;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.embulk.config.ConfigException;
import org.embulk.config.ConfigSource;
import org.embulk.config.TaskSource;
import org.embulk.spi.OutputPlugin;
import org.embulk.spi.Schema;
import org.embulk.util.config.Task;

/**
 * What the shared tests ({@link OutputPluginContract}, {@link ConfigRejectionContract}) need to know about one output
 * plugin: how to configure it, a valid config and schema, and the secrets its tests use.
 *
 * @param <T> the plugin's task interface
 */
public final class PluginUnderTest<T extends Task> {
    private final Class<? extends OutputPlugin> pluginClass;
    private final Class<T> taskType;
    private final BiFunction<ConfigSource, Schema, T> configure;
    private final Supplier<ConfigSource> validConfig;
    private final Supplier<Schema> validSchema;
    private final List<String> secrets;

    /**
     * @param pluginClass the plugin (public, with a public no-argument constructor); its logger warns about unknown
     *     options
     * @param taskType the plugin's task interface
     * @param configure the plugin's own configuration step: url expansion, mapping and validation
     * @param validConfig a new valid minimal config on each call
     * @param validSchema an input schema that fits {@code validConfig}
     * @param secrets the secrets the tests put into configs (those of {@code validConfig} and any others); no error
     *     message may show them
     */
    public PluginUnderTest(Class<? extends OutputPlugin> pluginClass, Class<T> taskType,
            BiFunction<ConfigSource, Schema, T> configure, Supplier<ConfigSource> validConfig,
            Supplier<Schema> validSchema, String... secrets) {
        this.pluginClass = pluginClass;
        this.taskType = taskType;
        this.configure = configure;
        this.validConfig = validConfig;
        this.validSchema = validSchema;
        this.secrets = Collections.unmodifiableList(Arrays.asList(secrets.clone()));
    }

    public Class<? extends OutputPlugin> pluginClass() {
        return pluginClass;
    }

    /** A new instance of the plugin, as Embulk creates one. */
    public OutputPlugin newPlugin() {
        try {
            return pluginClass.getConstructor().newInstance();
        } catch (InstantiationException | IllegalAccessException | NoSuchMethodException
                | InvocationTargetException e) {
            throw new AssertionError("cannot create " + pluginClass.getName(), e);
        }
    }

    /** A new valid minimal config. */
    public ConfigSource validConfig() {
        return validConfig.get();
    }

    public Schema validSchema() {
        return validSchema.get();
    }

    /** The secrets the tests put into configs. */
    public List<String> secrets() {
        return secrets;
    }

    /** The task the plugin makes of {@code config} with the valid schema. */
    public T configure(ConfigSource config) {
        return configure(config, validSchema());
    }

    public T configure(ConfigSource config, Schema schema) {
        return configure.apply(config, schema);
    }

    /** The ConfigException the plugin rejects {@code config} with (fails when it accepts it). */
    public ConfigException rejected(ConfigSource config) {
        return assertThrows(ConfigException.class, () -> configure(config));
    }

    /** The task as each Embulk task gets it back from its TaskSource. */
    public T load(TaskSource taskSource) {
        return ConfigMappers.load(taskSource, taskType);
    }
}
