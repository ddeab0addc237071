package io.github.resultexport.embulk.output.common.testing;

import static io.github.resultexport.embulk.output.common.testing.SecretAssertions.assertNoSecret;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.embulk.config.ConfigException;
import org.embulk.config.ConfigSource;
import org.embulk.spi.Schema;
import org.embulk.test.EmbulkTestRuntime;
import org.embulk.util.config.Task;
import org.junit.Rule;
import org.junit.Test;

/**
 * Every configuration rule of a plugin, one {@link RejectedConfig} per case: the plugin rejects the config with a
 * ConfigException whose message names the option and what is allowed, and shows none of the config's secrets.
 *
 * <p>A plugin's {@code *ConfigValidatorTest} extends this class, runs with {@code Parameterized} and lists its cases
 * with {@link RejectedConfigs}:
 * <pre>{@code
 * @RunWith(Parameterized.class)
 * public class MyConfigValidatorTest extends ConfigRejectionContract<PluginTask> {
 *     public MyConfigValidatorTest(RejectedConfig rejected) {
 *         super(MyFixtures.PLUGIN, rejected);
 *     }
 *
 *     @Parameters(name = "{0}")
 *     public static List<Object[]> cases() {
 *         return new RejectedConfigs()
 *                 .add("mode unknown", c -> c.set("mode", "upsert"), "'mode'", "append, replace")
 *                 .parameters();
 *     }
 * }
 * }</pre>
 *
 * @param <T> the plugin's task interface
 */
public abstract class ConfigRejectionContract<T extends Task> {
    @Rule
    public EmbulkTestRuntime runtime = new EmbulkTestRuntime();

    private final PluginUnderTest<T> plugin;
    private final RejectedConfig rejected;

    protected ConfigRejectionContract(PluginUnderTest<T> plugin, RejectedConfig rejected) {
        this.plugin = plugin;
        this.rejected = rejected;
    }

    @Test
    public void rejectsWithMessageNamingTheOption() {
        String name = rejected.name();
        ConfigSource config = rejected.config(plugin);
        Schema schema = rejected.schema(plugin);

        ConfigException e = assertThrows(name, ConfigException.class, () -> plugin.configure(config, schema));

        String message = e.getMessage();
        for (String part : rejected.expected()) {
            assertTrue(name + ": message should contain <" + part + "> but was <" + message + ">",
                    message.contains(part));
        }
        assertNoSecret(e, plugin.secrets());
    }
}
