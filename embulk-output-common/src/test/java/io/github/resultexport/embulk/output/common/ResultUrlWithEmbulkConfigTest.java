package io.github.resultexport.embulk.output.common;

import static org.hamcrest.CoreMatchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.fail;

import java.util.Arrays;
import org.embulk.config.ConfigException;
import org.embulk.config.ConfigSource;
import org.embulk.test.EmbulkTestRuntime;
import org.junit.Rule;
import org.junit.Test;

/** The same expansion on the ConfigSource implementation of Embulk itself, which plugins receive at run time. */
public class ResultUrlWithEmbulkConfigTest {
    @Rule
    public EmbulkTestRuntime runtime = new EmbulkTestRuntime();

    @Test
    public void expandsAnEmbulkConfigSource() {
        ConfigSource given = runtime.getExec().newConfigSource()
                .set("type", "postgresql")
                .set("url", "postgresql://u:pw@h:5433/db/t?merge_keys=a&merge_keys=b&dry_run")
                .set("mode", "merge");

        ConfigSource expanded = ResultUrl.expandUrlOption(given, "postgresql");

        assertFalse(expanded.has("url"));
        assertEquals(Integer.valueOf(5433), expanded.get(Integer.class, "port"));
        assertEquals(Arrays.asList("a", "b"), expanded.getListOf(String.class, "merge_keys"));
        assertEquals(Boolean.TRUE, expanded.get(Boolean.class, "dry_run"));
        assertEquals("merge", expanded.get(String.class, "mode"));
    }

    @Test
    public void detectsConflictsInAnEmbulkConfigSource() {
        ConfigSource given = runtime.getExec().newConfigSource()
                .set("url", "postgresql://u:pw@h/db/t?mode=replace")
                .set("mode", "append");
        try {
            ResultUrl.expandUrlOption(given);
            fail();
        } catch (ConfigException e) {
            assertThat(e.getMessage(), containsString("option 'mode' is 'replace' in url but 'append' in the config"));
        }
    }
}
