package io.github.resultexport.embulk.output.packaging;

import static io.github.resultexport.embulk.output.packaging.EmbulkAssertions.assertLoadedMavenStyle;
import static io.github.resultexport.embulk.output.packaging.EmbulkAssertions.assertNoClassLoadingError;
import static io.github.resultexport.embulk.output.packaging.EmbulkAssertions.assertSucceeded;
import static org.junit.Assert.assertEquals;

import io.github.resultexport.embulk.output.td.fake.FakeTreasureData;
import io.github.resultexport.embulk.output.td.fake.KeyRole;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * td installed Maven-style and run through the runtime jar ({@code java -jar}) appends to a Treasure Data table, here
 * the strict fake of the TD API on 127.0.0.1 that the plugin's own tests use: its runtime jars (td-client among them)
 * are enough, as users run it.
 */
public class TdIT {
    private FakeTreasureData td;

    @Before
    public void startFake() throws Exception {
        td = FakeTreasureData.start();
    }

    @After
    public void stopFake() {
        td.close();
    }

    @Test
    public void tdAppendsTheRecords() throws Exception {
        final String key = td.addKey(KeyRole.MASTER);
        final Path dir = ItEnvironment.workDirectory("td-append");
        final Path config = Configs.write(dir, Configs.SEGMENTS_CSV, Configs.SEGMENTS_COLUMNS, String.join("\n",
                "  type: td",
                "  apikey: " + Configs.quote(key),
                "  endpoint: " + td.host(),
                "  port: " + td.port(),
                "  use_ssl: false",
                "  database: packaging_it",
                "  table: segments",
                "  time_value: 1700000000"));

        final Embulk.Result result = Embulk.withRepository(ItEnvironment.m2()).run(dir, config);

        assertNoClassLoadingError(result);
        assertSucceeded(result);
        assertLoadedMavenStyle(result, "td");
        final List<Map<String, Object>> rows = td.state().rows("packaging_it", "segments");
        assertEquals(List.of("u-1|sports,news|3", "u-2|travel|1"), rows.stream()
                .map(r -> r.get("user_id") + "|" + r.get("td_segment") + "|" + r.get("visits"))
                .sorted().collect(Collectors.toList()));
        assertEquals(List.of(), td.state().sessions());
        assertEquals(false, result.output.contains(key));
    }
}
