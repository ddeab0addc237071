package io.github.resultexport.maven.gem;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import org.junit.Test;

public class GemSpecificationTest {
    @Test
    public void mavenVersionsBecomeGemVersions() {
        assertEquals("0.1.0.snapshot", GemSpecification.gemVersionOf("0.1.0-SNAPSHOT"));
        assertEquals("1.2.3", GemSpecification.gemVersionOf("1.2.3"));
        assertEquals("1.0.rc.1", GemSpecification.gemVersionOf("1.0-RC_1"));
        assertThrows(IllegalArgumentException.class, () -> GemSpecification.gemVersionOf("latest"));
    }

    /** The YAML {@code gem build} of RubyGems 3.6.3 wrote for the same specification, byte for byte. */
    @Test
    public void yamlIsWhatRubyGemsWritesForTheSameSpecification() {
        final GemSpecification spec = new GemSpecification("embulk-output-x", "0.1.0.snapshot", "java",
                Collections.singletonList("Someone"), "Embulk output plugin: a thing: with colons",
                "Embulk output plugin: a thing: with colons", null, Collections.singletonList("MIT"),
                Instant.parse("2025-12-01T13:14:15Z"),
                Arrays.asList("lib/embulk/output/x.rb", "classpath/a.jar"));
        assertEquals(String.join("\n",
                "--- !ruby/object:Gem::Specification",
                "name: embulk-output-x",
                "version: !ruby/object:Gem::Version",
                "  version: 0.1.0.snapshot",
                "platform: java",
                "authors:",
                "- Someone",
                "bindir: bin",
                "cert_chain: []",
                "date: 2025-12-01 00:00:00.000000000 Z",
                "dependencies: []",
                "description: 'Embulk output plugin: a thing: with colons'",
                "executables: []",
                "extensions: []",
                "extra_rdoc_files: []",
                "files:",
                "- classpath/a.jar",
                "- lib/embulk/output/x.rb",
                "licenses:",
                "- MIT",
                "metadata: {}",
                "rdoc_options: []",
                "require_paths:",
                "- lib",
                "required_ruby_version: !ruby/object:Gem::Requirement",
                "  requirements:",
                "  - - \">=\"",
                "    - !ruby/object:Gem::Version",
                "      version: '0'",
                "required_rubygems_version: !ruby/object:Gem::Requirement",
                "  requirements:",
                "  - - \">=\"",
                "    - !ruby/object:Gem::Version",
                "      version: '0'",
                "requirements: []",
                "rubygems_version: 3.6.3",
                "specification_version: 4",
                "summary: 'Embulk output plugin: a thing: with colons'",
                "test_files: []",
                ""), spec.toYaml());
        assertEquals("embulk-output-x-0.1.0.snapshot-java.gem", spec.fileName());
    }

    @Test
    public void scalarsReadBackAsTheSameStrings() {
        assertEquals("Someone", GemSpecification.scalar("Someone"));
        assertEquals("classpath/td-client-1.1.1-shade.jar",
                GemSpecification.scalar("classpath/td-client-1.1.1-shade.jar"));
        assertEquals("0.1.0.snapshot", GemSpecification.scalar("0.1.0.snapshot"));
        assertEquals("'1.0'", GemSpecification.scalar("1.0"));
        assertEquals("'true'", GemSpecification.scalar("true"));
        assertEquals("'No'", GemSpecification.scalar("No"));
        assertEquals("''", GemSpecification.scalar(""));
        assertEquals("'O''Brien: #1'", GemSpecification.scalar("O'Brien: #1"));
        assertEquals("'Zoë'", GemSpecification.scalar("Zoë"));
        assertEquals("\"a\\tb \\\"c\\\" \\\\ \\u0001\"", GemSpecification.scalar("a\tb \"c\" \\ \u0001"));
    }

    @Test
    public void descriptionsBecomeOneLine() {
        final GemSpecification spec = new GemSpecification("embulk-output-x", "1.0.0", "java",
                Collections.singletonList("A"), "  Writes\n    rows   into x  ", null, null,
                Collections.emptyList(), Instant.EPOCH, Collections.singletonList("lib/x.rb"));
        assertEquals("Writes rows into x", spec.summary);
    }

    @Test
    public void rejectsWhatRubyGemsWouldReject() {
        assertThrows(IllegalArgumentException.class, () -> new GemSpecification("bad name", "1.0.0", "java",
                Collections.singletonList("A"), "s", null, null, Collections.emptyList(), Instant.EPOCH,
                Collections.emptyList()));
        assertThrows(IllegalArgumentException.class, () -> new GemSpecification("x", "1.0.0", "java",
                Collections.emptyList(), "s", null, null, Collections.emptyList(), Instant.EPOCH,
                Collections.emptyList()));
    }
}
