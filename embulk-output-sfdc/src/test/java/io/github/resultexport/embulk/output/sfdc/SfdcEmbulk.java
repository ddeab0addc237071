package io.github.resultexport.embulk.output.sfdc;

import io.github.resultexport.embulk.output.common.testing.EmbulkRule;
import io.github.resultexport.embulk.output.sfdc.fake.FakeSalesforce;
import org.embulk.config.ConfigSource;

/** The embedded Embulk of the sfdc tests, and {@code out:} configs that point the plugin at a {@link FakeSalesforce}. */
public final class SfdcEmbulk extends EmbulkRule {
    public SfdcEmbulk() {
        super("sfdc", SfdcOutputPlugin.class);
    }

    /** {@code out:} for the fake: its login URL, the user, the object, fast polling. */
    public ConfigSource out(FakeSalesforce sf, String username, String password, String token, String object) {
        return newConfig().set("type", "sfdc").set("login_url", sf.baseUrl()).set("username", username)
                .set("password", password).set("security_token", token).set("object", object)
                .set("poll_interval_millis", 5).set("poll_max_interval_millis", 50);
    }
}
