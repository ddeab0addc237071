package io.github.resultexport.embulk.output.common.testing;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.embulk.config.ConfigSource;
import org.embulk.spi.Schema;

/**
 * One case of {@link ConfigRejectionContract}: a change that makes the valid config (or schema) invalid, and the
 * parts the ConfigException's message must contain.
 */
public final class RejectedConfig {
    private final String name;
    private final Consumer<ConfigSource> change;
    private final Supplier<Schema> schema;
    private final List<String> expected;

    /** @param schema the input schema, or {@code null} for the plugin's valid schema */
    RejectedConfig(String name, Consumer<ConfigSource> change, Supplier<Schema> schema, List<String> expected) {
        this.name = name;
        this.change = change;
        this.schema = schema;
        this.expected = expected;
    }

    public String name() {
        return name;
    }

    /** The valid config of {@code plugin} with this case's change applied. */
    ConfigSource config(PluginUnderTest<?> plugin) {
        ConfigSource config = plugin.validConfig();
        change.accept(config);
        return config;
    }

    Schema schema(PluginUnderTest<?> plugin) {
        return schema == null ? plugin.validSchema() : schema.get();
    }

    List<String> expected() {
        return expected;
    }

    /** The name, which JUnit shows as the name of the case. */
    @Override
    public String toString() {
        return name;
    }
}
