package io.github.resultexport.embulk.output.common;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;

import java.util.Optional;
import org.embulk.config.ConfigException;
import org.embulk.config.ConfigSource;
import org.embulk.config.TaskSource;
import org.embulk.util.config.Config;
import org.embulk.util.config.ConfigDefault;
import org.embulk.util.config.Task;
import org.junit.Test;

public class ConfigMappersTest {
    public interface SampleTask extends Task {
        @Config("table")
        String getTable();

        @Config("batch_size")
        @ConfigDefault("16777216")
        long getBatchSize();

        @Config("schema")
        @ConfigDefault("null")
        Optional<String> getSchema();
    }

    @Test
    public void theFactoryIsShared() {
        assertSame(ConfigMappers.factory(), ConfigMappers.factory());
    }

    @Test
    public void mapsAConfigWithDefaults() {
        ConfigSource config = ConfigMappers.factory().newConfigSource().set("table", "orders");

        SampleTask task = ConfigMappers.map(config, SampleTask.class);

        assertEquals("orders", task.getTable());
        assertEquals(16777216L, task.getBatchSize());
        assertEquals(Optional.empty(), task.getSchema());
    }

    @Test
    public void loadsATaskBackFromItsTaskSource() {
        ConfigSource config = ConfigMappers.factory().newConfigSource().set("table", "t").set("schema", "s")
                .set("batch_size", 42);
        TaskSource taskSource = ConfigMappers.map(config, SampleTask.class).toTaskSource();

        SampleTask task = ConfigMappers.load(taskSource, SampleTask.class);

        assertEquals("t", task.getTable());
        assertEquals(42L, task.getBatchSize());
        assertEquals(Optional.of("s"), task.getSchema());
    }

    @Test(expected = ConfigException.class)
    public void aMissingRequiredOptionIsAConfigException() {
        ConfigMappers.map(ConfigMappers.factory().newConfigSource(), SampleTask.class);
    }
}
