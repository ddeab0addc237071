package io.github.resultexport.embulk.output.common;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.embulk.config.ConfigSource;
import org.embulk.config.TaskSource;
import org.embulk.util.config.Config;
import org.embulk.util.config.ConfigDefault;
import org.embulk.util.config.Task;
import org.junit.Test;

public class SecretTest {
    private static final String VALUE = "1/0f3cafebabe5ecret";

    public interface SampleTask extends Task {
        @Config("apikey")
        Secret getApikey();

        @Config("password")
        @ConfigDefault("null")
        Optional<Secret> getPassword();
    }

    @Test
    public void toStringNeverShowsTheValue() {
        Secret secret = Secret.of(VALUE);

        assertEquals("***", secret.toString());
        assertEquals(VALUE, secret.reveal());
    }

    @Test
    public void anAbsentValueStaysAbsent() {
        assertNull(Secret.of(null));
    }

    @Test
    public void blankMeansEmptyOrWhitespace() {
        assertTrue(Secret.of("").isBlank());
        assertTrue(Secret.of(" \t").isBlank());
        assertFalse(Secret.of(" x ").isBlank());
    }

    @Test
    public void equalValuesAreEqualSecrets() {
        assertEquals(Secret.of(VALUE), Secret.of(VALUE));
        assertEquals(Secret.of(VALUE).hashCode(), Secret.of(VALUE).hashCode());
        assertNotEquals(Secret.of(VALUE), Secret.of("other"));
        assertNotEquals(Secret.of(VALUE), VALUE);
    }

    @Test
    public void jacksonReadsAndWritesThePlainValue() throws Exception {
        ObjectMapper mapper = new ObjectMapper();

        assertEquals("\"pw\"", mapper.writeValueAsString(Secret.of("pw")));
        assertEquals("pw", mapper.readValue("\"pw\"", Secret.class).reveal());
    }

    @Test
    public void aTaskHidesItsSecretsButCarriesThemToTheTasks() {
        ConfigSource config = ConfigMappers.factory().newConfigSource().set("apikey", VALUE).set("password", "pw-9");
        SampleTask task = ConfigMappers.map(config, SampleTask.class);

        TaskSource source = task.toTaskSource();
        SampleTask loaded = ConfigMappers.load(source, SampleTask.class);

        assertFalse(task.toString(), task.toString().contains(VALUE));
        assertFalse(task.toString(), task.toString().contains("pw-9"));
        assertEquals(VALUE, loaded.getApikey().reveal());
        assertEquals("pw-9", loaded.getPassword().get().reveal());
    }
}
