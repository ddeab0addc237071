package io.github.resultexport.embulk.output.postgresql;

import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Every identifier is quoted: hostile names are just names and nothing else in the database changes. */
public class IdentifiersTest {
    private static final String TABLE = "odd \"name\"; drop table sentinel; --";

    @Rule
    public final PgTestDatabase db = new PgTestDatabase();
    @Rule
    public final EmbulkRunner embulk = new EmbulkRunner();
    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void hostileTableAndColumnNamesLoadInEveryMode() throws Exception {
        db.execute("CREATE TABLE " + db.schema() + ".sentinel (v int)", "INSERT INTO " + db.schema()
                + ".sentinel VALUES (7)");
        Path in = tmp.newFile("in.csv").toPath();
        Files.write(in, Arrays.asList("1,a", "2,b"), StandardCharsets.UTF_8);
        String[] columns = {"Ünï \"q\":long", "semi;colon) DROP TABLE sentinel; --:string"};
        for (String mode : new String[] {"append", "replace", "truncate", "append_direct", "append"}) {
            embulk.run(embulk.csv(in.toString(), columns), db.outputConfig(embulk, TABLE).set("mode", mode));
        }
        String quotedTable = db.schema() + ".\"odd \"\"name\"\"; drop table sentinel; --\"";
        assertEquals("[[1, a], [1, a], [1, a], [2, b], [2, b], [2, b]]",
                db.query("SELECT \"Ünï \"\"q\"\"\", \"semi;colon) DROP TABLE sentinel; --\" FROM " + quotedTable
                        + " ORDER BY 1, 2").toString());
        assertEquals("[[7]]", db.query("SELECT v FROM " + db.schema() + ".sentinel").toString());
        assertEquals(Arrays.asList(TABLE, "sentinel"), db.tablesLike(""));
    }
}
