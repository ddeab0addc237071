package io.github.resultexport.embulk.output.salesforce_dmp;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import org.embulk.config.ConfigException;
import org.junit.Test;

public class PathTemplateTest {
    private static final Map<String, String> VALUES = Map.of("client", "client-treasure-data", "date", "2024-03-10");

    @Test
    public void expandsTheDefaults() {
        assertEquals("client-treasure-data/uploads/2024-03-10/",
                PathTemplate.parse("path_template", "{client}/uploads/{date}/").expand(VALUES));
        assertEquals("client-treasure-data_first_party_segment.gz",
                PathTemplate.parse("file_name", "{client}_first_party_segment.gz").expand(VALUES));
    }

    @Test
    public void repeatedAndMissingPlaceholders() {
        PathTemplate twice = PathTemplate.parse("file_name", "{date}-{client}-{date}.txt");
        assertEquals("2024-03-10-client-treasure-data-2024-03-10.txt", twice.expand(VALUES));
        assertTrue(twice.uses("date"));

        PathTemplate plain = PathTemplate.parse("path_template", "fixed/");
        assertFalse(plain.uses("date"));
        assertEquals("fixed/", plain.expand(VALUES));
    }

    @Test
    public void rejectsMalformedTemplates() {
        for (String bad : new String[] {"{", "}", "{client", "client}", "{{client}}", "{}", "{Client}", "{date}}"}) {
            ConfigException e = assertThrows(bad, ConfigException.class, () -> PathTemplate.parse("file_name", bad));
            assertTrue(e.getMessage(), e.getMessage().contains("'file_name'"));
        }
    }
}
