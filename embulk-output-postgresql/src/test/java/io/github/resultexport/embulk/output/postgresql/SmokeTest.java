package io.github.resultexport.embulk.output.postgresql;

import static org.junit.Assert.assertEquals;

import org.junit.Rule;
import org.junit.Test;

public class SmokeTest {
    @Rule
    public final PgTestDatabase db = new PgTestDatabase();
    @Rule
    public final EmbulkRunner embulk = new EmbulkRunner();

    @Test
    public void generatorIntoNewTable() throws Exception {
        embulk.run(embulk.generator(1000, 2), db.outputConfig(embulk, "t1"));
        assertEquals(2000, db.count("t1"));
        assertEquals("[[0, name-0, 0, t, 2024-01-01 00:00:00+00, {\"s\": \"x\", \"id\": 0}]]",
                db.query("SELECT id, name, score, flag, ts::text, doc::text FROM " + db.schema()
                        + ".t1 WHERE id = 0").toString());
    }
}
