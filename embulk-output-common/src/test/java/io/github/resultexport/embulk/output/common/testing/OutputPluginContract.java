package io.github.resultexport.embulk.output.common.testing;

import static io.github.resultexport.embulk.output.common.testing.SecretAssertions.assertNoSecret;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.embulk.config.ConfigException;
import org.embulk.config.ConfigSource;
import org.embulk.config.TaskSource;
import org.embulk.spi.OutputPlugin;
import org.embulk.test.EmbulkTestRuntime;
import org.embulk.util.config.Task;
import org.junit.AssumptionViolatedException;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestRule;
import org.junit.runners.model.Statement;

/**
 * Tests every output plugin must pass; a plugin's {@code *OutputPluginTest} extends this class, supplies the plugin
 * and adds its own cases.
 *
 * @param <T> the plugin's task interface
 */
public abstract class OutputPluginContract<T extends Task> {
    @Rule
    public EmbulkTestRuntime runtime = new EmbulkTestRuntime();

    /**
     * Skips the {@link WhileNotAvailable} tests for a plugin that writes. It wraps the runtime rule (which would
     * turn the skip into an error), hence the lowest order.
     */
    @Rule(order = Integer.MIN_VALUE)
    public final TestRule onlyWhileNotAvailable = (base, description) -> {
        if (description.getAnnotation(WhileNotAvailable.class) == null || notAvailableMessage() != null) {
            return base;
        }
        return new Statement() {
            @Override
            public void evaluate() {
                throw new AssumptionViolatedException("the plugin writes");
            }
        };
    };

    /** A test of a plugin that maps and validates its options but does not write yet. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    protected @interface WhileNotAvailable {
    }

    protected final PluginUnderTest<T> plugin;

    protected OutputPluginContract(PluginUnderTest<T> plugin) {
        this.plugin = plugin;
    }

    /** An option name one typo away from a real one, like {@code tabel}. */
    protected abstract String misspelledOption();

    /** A text option whose validation message echoes a bad value, like {@code table}; no secret is valid there. */
    protected abstract String checkedTextOption();

    /** A numeric option, like {@code retry_limit}: the config mapper's message about a text there echoes it. */
    protected abstract String numericOption();

    /**
     * The message of the ConfigException that transaction, resume and open throw while writing is not available;
     * null (the default) for a plugin that writes, whose own tests show what its transaction does.
     */
    protected String notAvailableMessage() {
        return null;
    }

    /** A valid config holding every kind of secret the plugin takes at once; by default the valid config. */
    protected ConfigSource configWithEverySecret() {
        return plugin.validConfig();
    }

    /** The secrets in {@link #configWithEverySecret()}; by default all the plugin's test secrets. */
    protected List<String> everySecret() {
        return plugin.secrets();
    }

    /** The ConfigException the plugin rejects {@code config} with, using the valid schema. */
    protected ConfigException rejected(ConfigSource config) {
        return plugin.rejected(config);
    }

    @Test
    public void unknownOptionIsWarned() {
        String misspelled = misspelledOption();
        List<ILoggingEvent> events = LogCapture.eventsOf(plugin.pluginClass(),
                () -> plugin.configure(plugin.validConfig().set(misspelled, "x")));

        assertTrue(events.toString(), events.stream().anyMatch(
                ev -> ev.getLevel() == Level.WARN && ev.getFormattedMessage().contains(misspelled)));
    }

    @Test
    public void secretEchoedByAValidationMessageIsMasked() {
        // A secret pasted into the wrong option: the message about that option must not show it.
        for (String secret : everySecret()) {
            ConfigException e = rejected(configWithEverySecret().set(checkedTextOption(), secret));

            assertTrue(e.getMessage(), e.getMessage().contains("'" + checkedTextOption() + "'"));
            assertNoSecret(e, everySecret());
        }
    }

    @Test
    public void secretEchoedByAMappingErrorIsMasked() {
        for (String secret : everySecret()) {
            ConfigException e = rejected(configWithEverySecret().set(numericOption(), secret));

            assertNoSecret(e, everySecret());
        }
    }

    @Test
    public void taskToStringHidesSecrets() {
        ConfigSource config = configWithEverySecret();

        String text = plugin.configure(config).toString();

        for (String secret : everySecret()) {
            assertFalse(text, text.contains(secret));
        }
        // Only the secrets are hidden: every other option given as text shows.
        for (String key : config.getAttributeNames()) {
            Object value = config.get(Object.class, key);
            if (!key.equals("type") && value instanceof String && !everySecret().contains(value)) {
                assertTrue(key + " in " + text, text.contains((String) value));
            }
        }
    }

    @Test
    public void everyOptionSurvivesTheTaskSourceRoundTrip() throws IOException {
        TaskSource source = plugin.configure(configWithEverySecret()).toTaskSource();

        T loaded = plugin.load(source);

        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree(source.toJson()), json.readTree(loaded.toTaskSource().toJson()));
        for (String secret : everySecret()) {
            assertTrue("the tasks need the secret", source.toJson().contains(secret));
        }
    }

    @Test
    public void invalidConfigStopsTheTransactionBeforeAnyTask() {
        AtomicBoolean ran = new AtomicBoolean();
        OutputPlugin.Control control = taskSource -> {
            ran.set(true);
            return List.of();
        };
        ConfigSource invalid = plugin.validConfig().set(numericOption(), "not-a-number");

        assertThrows(ConfigException.class,
                () -> plugin.newPlugin().transaction(invalid, plugin.validSchema(), 1, control));

        assertFalse(ran.get());
    }

    @Test
    @WhileNotAvailable
    public void transactionStopsWithoutRunningTasks() {
        AtomicBoolean ran = new AtomicBoolean();
        OutputPlugin.Control control = taskSource -> {
            ran.set(true);
            return List.of();
        };

        ConfigException e = assertThrows(ConfigException.class,
                () -> plugin.newPlugin().transaction(plugin.validConfig(), plugin.validSchema(), 1, control));

        assertEquals(notAvailableMessage(), e.getMessage());
        assertFalse(ran.get());
    }

    @Test
    @WhileNotAvailable
    public void resumeAndOpenAreNotAvailable() {
        OutputPlugin instance = plugin.newPlugin();
        TaskSource source = plugin.configure(plugin.validConfig()).toTaskSource();

        assertEquals(notAvailableMessage(), assertThrows(ConfigException.class,
                () -> instance.resume(source, plugin.validSchema(), 1, taskSource -> List.of())).getMessage());
        assertEquals(notAvailableMessage(), assertThrows(ConfigException.class,
                () -> instance.open(source, plugin.validSchema(), 0)).getMessage());
    }
}
