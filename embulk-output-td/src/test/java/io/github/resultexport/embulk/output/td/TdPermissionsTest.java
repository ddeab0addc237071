package io.github.resultexport.embulk.output.td;

import static io.github.resultexport.embulk.output.td.TdModesTest.ids;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.github.resultexport.embulk.output.td.fake.FakeTreasureData;
import io.github.resultexport.embulk.output.td.fake.KeyRole;
import java.util.List;
import java.util.Map;
import org.embulk.config.ConfigException;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/** What a write-only key can do (import into an existing table) and what it cannot, refused before any change. */
public class TdPermissionsTest {
    @Rule
    public final TdEmbulk embulk = new TdEmbulk();

    private FakeTreasureData td;
    private String writeOnly;

    @Before
    public void startFake() throws Exception {
        td = FakeTreasureData.start();
        writeOnly = td.addKey(KeyRole.WRITE_ONLY);
        td.state().createDatabase("db_perm");
        td.state().createTable("db_perm", "events", List.of(List.of("id", "long"), List.of("name", "string")));
        td.state().insertRows("db_perm", "events", List.of(Map.of("time", 1L, "id", 100L, "name", "old")));
    }

    @After
    public void stopFake() {
        td.close();
    }

    @Test
    public void appendIntoAnExistingTableNeedsNoCreateOrAlterCall() throws Exception {
        embulk.run(embulk.csv(List.of("id:long", "name:string"), "1,a", "2,b"),
                embulk.out(td, writeOnly, "db_perm", "events"));

        assertEquals(List.of(1L, 2L, 100L), ids(td.state().rows("db_perm", "events")));
        for (String refused : List.of("database/create", "table/create", "table/append-schema",
                "table/update-schema", "table/rename", "table/delete")) {
            assertTrue(refused + " was called: " + td.requests(), td.requests().entries(refused).stream()
                    .allMatch(r -> r.endpoint().equals("database/create") && r.status() == 403));
        }
        assertEquals(List.of(), td.state().sessions());
    }

    @Test
    public void replaceWithAWriteOnlyKeyAsksForAMasterKeyAndChangesNothing() throws Exception {
        ConfigException e = rootConfigException(() -> embulk.run(embulk.csv(List.of("id:long"), "1"),
                embulk.out(td, writeOnly, "db_perm", "events").set("mode", "replace")));

        assertTrue(e.getMessage(), e.getMessage().contains("master key"));
        assertTrue(e.getMessage(), e.getMessage().contains("write-only"));
        assertUnchanged();
        assertEquals("no upload was started", 0, td.requests().count("bulk_import/create"));
    }

    @Test
    public void appendOfNewColumnsWithAWriteOnlyKeyFailsBeforeUploading() throws Exception {
        ConfigException e = rootConfigException(() -> embulk.run(
                embulk.csv(List.of("id:long", "name:string", "extra:string"), "1,a,x"),
                embulk.out(td, writeOnly, "db_perm", "events")));

        assertTrue(e.getMessage(), e.getMessage().contains("extra"));
        assertTrue(e.getMessage(), e.getMessage().contains("master key"));
        assertUnchanged();
        assertEquals(0, td.requests().count("upload_part"));
    }

    @Test
    public void appendIntoAMissingTableWithAWriteOnlyKeyFailsBeforeUploading() throws Exception {
        ConfigException e = rootConfigException(() -> embulk.run(embulk.csv(List.of("id:long"), "1"),
                embulk.out(td, writeOnly, "db_perm", "missing_table")));

        assertTrue(e.getMessage(), e.getMessage().contains("db_perm.missing_table does not exist"));
        assertEquals(List.of("events"), td.state().tables("db_perm"));
    }

    private void assertUnchanged() {
        assertEquals(List.of("events"), td.state().tables("db_perm"));
        assertEquals(List.of(List.of("id", "long"), List.of("name", "string")), td.state().schema("db_perm", "events"));
        assertEquals(List.of(100L), ids(td.state().rows("db_perm", "events")));
        assertEquals(List.of(), td.state().sessions());
    }

    static ConfigException rootConfigException(org.junit.function.ThrowingRunnable run) {
        Throwable t = assertThrows(Throwable.class, run);
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConfigException) {
                return (ConfigException) c;
            }
        }
        throw new AssertionError("no ConfigException in the cause chain", t);
    }
}
