package io.github.resultexport.embulk.output.common;

import static org.junit.Assert.assertEquals;

import ch.qos.logback.classic.Level;
import io.github.resultexport.embulk.output.common.testing.LogCapture;
import java.util.Arrays;
import java.util.Collections;
import org.embulk.config.ConfigSource;
import org.embulk.util.config.Config;
import org.embulk.util.config.ConfigDefault;
import org.embulk.util.config.Task;
import org.junit.Rule;
import org.junit.Test;

public class UnknownOptionsTest {
    /** Redeclares the retry getters with their option names, as every plugin task does. */
    public interface SampleTask extends Task, RetryOptions {
        @Config("mode")
        @ConfigDefault("\"append\"")
        String getMode();

        @Config("table")
        String getTable();

        @Config("retry_limit")
        @ConfigDefault("12")
        @Override
        int getRetryLimit();

        @Config("retry_initial_interval_millis")
        @ConfigDefault("1000")
        @Override
        long getRetryInitialIntervalMillis();

        @Config("retry_max_interval_millis")
        @ConfigDefault("60000")
        @Override
        long getRetryMaxIntervalMillis();
    }

    /** Options declared by a super-interface count too. */
    public interface ExtendedTask extends SampleTask {
        @Config("schema")
        @ConfigDefault("\"public\"")
        String getSchema();
    }

    @Rule
    public LogCapture logs = new LogCapture("test.unknown");

    private static ConfigSource config() {
        return ConfigMappers.factory().newConfigSource()
                .set("type", "postgresql")
                .set("url", "postgresql://u:pw@h/db/t")
                .set("mdoe", "replace")
                .set("table", "t")
                .set("retry_limt", 3)
                .set("schema", "s")
                .set("zzzzzz", true);
    }

    @Test
    public void findsKeysNoConfigMethodDeclares() {
        assertEquals(Arrays.asList("mdoe", "retry_limt", "schema", "zzzzzz"),
                UnknownOptions.find(config(), SampleTask.class));
        assertEquals(Arrays.asList("mdoe", "retry_limt", "zzzzzz"),
                UnknownOptions.find(config(), ExtendedTask.class));
    }

    @Test
    public void warnsOncePerKeyWithTheClosestName() {
        UnknownOptions.warn(config(), ExtendedTask.class, logs.logger());

        assertEquals(Arrays.asList(
                "unknown option 'mdoe' (did you mean 'mode'?) is ignored",
                "unknown option 'retry_limt' (did you mean 'retry_limit'?) is ignored",
                "unknown option 'zzzzzz' is ignored"), logs.lines(Level.WARN));
    }

    @Test
    public void aKnownConfigWarnsNothing() {
        ConfigSource config = ConfigMappers.factory().newConfigSource().set("type", "x").set("mode", "append");

        UnknownOptions.warn(config, SampleTask.class, logs.logger());

        assertEquals(Collections.emptyList(), logs.lines(Level.WARN));
    }

    @Test
    public void suggestsOnlyNearNames() {
        java.util.Set<String> known = new java.util.TreeSet<>(Arrays.asList("mode", "table", "schema"));
        assertEquals("table", UnknownOptions.closest("tabel", known));
        assertEquals(null, UnknownOptions.closest("x", known));
        assertEquals(null, UnknownOptions.closest("compression", known));
    }

    @Test
    public void editDistance() {
        assertEquals(0, UnknownOptions.editDistance("mode", "mode"));
        assertEquals(2, UnknownOptions.editDistance("mdoe", "mode"));
        assertEquals(3, UnknownOptions.editDistance("kitten", "sitting"));
        assertEquals(4, UnknownOptions.editDistance("", "mode"));
    }
}
