package io.github.resultexport.embulk.output.td;

import io.github.resultexport.embulk.output.common.testing.EmbulkRule;
import io.github.resultexport.embulk.output.td.fake.FakeTreasureData;
import org.embulk.config.ConfigSource;

/** The embedded Embulk of the td tests, and {@code out:} configs that point the plugin at a {@link FakeTreasureData}. */
public final class TdEmbulk extends EmbulkRule {
    public TdEmbulk() {
        super("td", TdOutputPlugin.class);
    }

    /** {@code out:} for the fake: endpoint, port, plain HTTP, the key, database and table, fast retries. */
    public ConfigSource out(FakeTreasureData td, String apikey, String database, String table) {
        return newConfig().set("type", "td").set("endpoint", td.host()).set("port", td.port())
                .set("use_ssl", false).set("apikey", apikey).set("database", database).set("table", table)
                .set("retry_limit", 3).set("retry_initial_interval_millis", 10)
                .set("retry_max_interval_millis", 50);
    }
}
