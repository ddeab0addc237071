package io.github.resultexport.embulk.output.td;

import static io.github.resultexport.embulk.output.td.TdPermissionsTest.rootConfigException;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.github.resultexport.embulk.output.common.testing.LogCapture;
import io.github.resultexport.embulk.output.td.fake.FakeTreasureData;
import io.github.resultexport.embulk.output.td.fake.KeyRole;
import io.github.resultexport.embulk.output.td.fake.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.embulk.config.ConfigException;
import org.embulk.spi.DataException;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/** {@code dry_run: true} checks the key, database, table and permissions, encodes every record, uploads nothing. */
public class TdDryRunTest {
    private static final Set<String> READS = Set.of("database/list", "database/show", "table/list", "table/show",
            "bulk_import/list", "bulk_import/show", "database/create");

    @Rule
    public final TdEmbulk embulk = new TdEmbulk();

    @Rule
    public final LogCapture logs = new LogCapture();

    private FakeTreasureData td;
    private String master;
    private String writeOnly;

    @Before
    public void startFake() throws Exception {
        td = FakeTreasureData.start();
        master = td.addKey(KeyRole.MASTER);
        writeOnly = td.addKey(KeyRole.WRITE_ONLY);
        td.state().createDatabase("db_dry");
        td.state().createTable("db_dry", "events", List.of(List.of("id", "long")));
        td.state().insertRows("db_dry", "events", List.of(Map.of("time", 1L, "id", 100L)));
    }

    @After
    public void stopFake() {
        td.close();
    }

    @Test
    public void readsAndEncodesEveryRecordAndChangesNothing() throws Exception {
        embulk.run(embulk.generator(1000, 2), embulk.out(td, master, "db_dry", "events").set("mode", "replace")
                .set("dry_run", true));

        assertEquals(List.of("events"), td.state().tables("db_dry"));
        assertEquals(List.of(List.of("id", "long")), td.state().schema("db_dry", "events"));
        assertEquals(1, td.state().rows("db_dry", "events").size());
        assertEquals(List.of(), td.state().sessions());
        for (RecordedRequest r : td.requests().entries()) {
            assertTrue("only reads and the permission probe: " + r, READS.contains(r.endpoint()));
            assertTrue("the probe changed nothing: " + r, !r.endpoint().equals("database/create") || !r.applied());
        }
        assertEquals(1, logs.linesContaining("td dry run (nothing uploaded): 2,000 rows").size());
    }

    @Test
    public void findsThatTheKeyCannotReplace() {
        ConfigException e = rootConfigException(() -> embulk.run(embulk.generator(10, 1),
                embulk.out(td, writeOnly, "db_dry", "events").set("mode", "replace").set("dry_run", true)));

        assertTrue(e.getMessage(), e.getMessage().contains("master key"));
    }

    @Test
    public void findsARecordThatCannotBeEncoded() throws Exception {
        Throwable e = assertThrows(Throwable.class, () -> embulk.run(
                embulk.csv(List.of("id:long", "n:string"), "1,12", "2,twelve"),
                embulk.out(td, master, "db_dry", "events").set("dry_run", true)
                        .set("column_options", Map.of("n", Map.of("type", "long")))));

        Throwable data = e;
        while (data != null && !(data instanceof DataException)) {
            data = data.getCause();
        }
        assertTrue(String.valueOf(e), data != null);
        assertTrue(data.getMessage(), data.getMessage().contains("column 'n'"));
        assertTrue(data.getMessage(), data.getMessage().contains("row 2"));
        assertEquals(List.of(), td.state().sessions());
    }
}
