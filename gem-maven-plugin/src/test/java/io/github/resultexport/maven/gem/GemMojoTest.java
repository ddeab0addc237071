package io.github.resultexport.maven.gem;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Instant;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.Test;

public class GemMojoTest {
    @Test
    public void outputTimestampIsReadAsMavenArchiverReadsIt() throws Exception {
        assertEquals(Instant.parse("2025-12-01T00:00:00Z"), GemMojo.parseTimestamp("2025-12-01T00:00:00Z"));
        assertEquals(Instant.parse("2025-12-01T00:00:00Z"), GemMojo.parseTimestamp("2025-12-01T09:00:00+09:00"));
        assertEquals(Instant.ofEpochSecond(1764547200L), GemMojo.parseTimestamp("1764547200"));
        assertEquals(GemMojo.DEFAULT_TIMESTAMP, GemMojo.parseTimestamp(null));
        assertEquals(GemMojo.DEFAULT_TIMESTAMP, GemMojo.parseTimestamp("-"));
        assertThrows(MojoExecutionException.class, () -> GemMojo.parseTimestamp("yesterday"));
    }

    @Test
    public void rejectsWhatEmbulkCouldNotLoad() {
        assertThrows(IllegalArgumentException.class, () -> new EmbulkPluginGem("out", "x", "a.B"));
        assertThrows(IllegalArgumentException.class, () -> new EmbulkPluginGem("output", "x-y\"", "a.B"));
        assertThrows(IllegalArgumentException.class, () -> new EmbulkPluginGem("output", "x", "a.B\");"));
    }
}
