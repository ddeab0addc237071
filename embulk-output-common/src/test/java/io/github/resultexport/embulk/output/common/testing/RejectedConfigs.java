package io.github.resultexport.embulk.output.common.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.embulk.config.ConfigSource;
import org.embulk.spi.Schema;

/** Collects the cases of a {@link ConfigRejectionContract} test as JUnit {@code Parameterized} parameters. */
public final class RejectedConfigs {
    private final List<Object[]> parameters = new ArrayList<>();

    /** A config change the plugin must reject (with its valid schema) with a message holding every {@code expected}. */
    public RejectedConfigs add(String name, Consumer<ConfigSource> change, String... expected) {
        return addWithSchema(name, change, null, expected);
    }

    /** A config change the plugin must reject with another input schema. */
    public RejectedConfigs addWithSchema(String name, Consumer<ConfigSource> change, Supplier<Schema> schema,
            String... expected) {
        parameters.add(new Object[] {new RejectedConfig(name, change, schema, Arrays.asList(expected.clone()))});
        return this;
    }

    /** The valid config with an input schema the plugin must reject. */
    public RejectedConfigs addSchema(String name, Supplier<Schema> schema, String... expected) {
        return addWithSchema(name, config -> { }, schema, expected);
    }

    /** One {@link RejectedConfig} per parameter set, in the order added. */
    public List<Object[]> parameters() {
        return Collections.unmodifiableList(parameters);
    }
}
