package io.github.resultexport.embulk.output.postgresql;

import io.github.resultexport.embulk.output.common.testing.GeneratorInputPlugin;
import static org.junit.Assert.assertEquals;

import io.github.resultexport.embulk.output.common.ConfigMappers;
import java.util.Arrays;
import java.util.Collections;
import org.junit.Rule;
import org.junit.Test;

/** {@code embulk cleanup} removes a staging table that a failed run could not drop. */
public class CleanupTest {
    @Rule
    public final PgTestDatabase db = new PgTestDatabase();
    @Rule
    public final EmbulkRunner embulk = new EmbulkRunner();

    @Test
    public void cleanupDropsTheRunsStagingTableAndNothingElse() throws Exception {
        String staging = "embulk_stg_0badf00d_20260101000000_00000001";
        db.execute("CREATE TABLE " + db.schema() + "." + staging + " (id bigint)",
                "CREATE TABLE " + db.schema() + ".target (id bigint)");
        PluginTask task = ConfigMappers.map(db.outputConfig(embulk, "target"), PluginTask.class);
        task.setLoadTarget(new LoadTarget(db.schema(), staging, Collections.<LoadColumn>emptyList(), true,
                true));
        new PostgresqlOutputPlugin().cleanup(task.toTaskSource(), GeneratorInputPlugin.SCHEMA, 1,
                Collections.emptyList());
        assertEquals(Arrays.asList("target"), db.tablesLike(""));
    }
}
