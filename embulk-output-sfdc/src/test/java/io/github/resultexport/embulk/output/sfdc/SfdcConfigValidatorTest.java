package io.github.resultexport.embulk.output.sfdc;

import static io.github.resultexport.embulk.output.common.testing.TestConfigs.map;
import static io.github.resultexport.embulk.output.sfdc.SfdcFixtures.SESSION_ID;

import io.github.resultexport.embulk.output.common.testing.ConfigRejectionContract;
import io.github.resultexport.embulk.output.common.testing.RejectedConfig;
import io.github.resultexport.embulk.output.common.testing.RejectedConfigs;
import java.util.List;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/** Every rule of sfdc.md: a bad value is a ConfigException naming the option and what is allowed. */
@RunWith(Parameterized.class)
public class SfdcConfigValidatorTest extends ConfigRejectionContract<PluginTask> {
    public SfdcConfigValidatorTest(RejectedConfig rejected) {
        super(SfdcFixtures.PLUGIN, rejected);
    }

    @Parameters(name = "{0}")
    public static List<Object[]> cases() {
        RejectedConfigs cases = new RejectedConfigs();
        cases.add("no credentials at all", c -> c.remove("username").remove("password").remove("security_token"),
                "option 'username' is required", "'session_id'");
        cases.add("username without password", c -> c.remove("password"), "option 'password' is required");
        cases.add("password empty", c -> c.set("password", ""), "option 'password' is required");
        cases.add("security_token empty", c -> c.set("security_token", " "), "'security_token'");
        cases.add("session_id with username", c -> c.set("session_id", SESSION_ID),
                "'session_id'", "'username'", "'password'");
        cases.add("session_id with token only",
                c -> c.remove("username").remove("password").set("session_id", SESSION_ID),
                "'session_id'", "'security_token'");
        cases.add("session_id empty",
                c -> c.remove("username").remove("password").remove("security_token").set("session_id", " "),
                "option 'session_id' must not be empty");
        cases.add("hostname with scheme", c -> c.set("hostname", "https://login.salesforce.com"),
                "'hostname'", "'login_url'");
        cases.add("hostname and login_url naming different hosts",
                c -> c.set("hostname", "test.salesforce.com").set("login_url", "https://login.salesforce.com"),
                "'hostname'", "'login_url'");
        cases.add("hostname and login_url naming different ports",
                c -> c.set("hostname", "127.0.0.1:8443").set("login_url", "http://127.0.0.1:8444"),
                "'hostname'", "'login_url'");
        cases.add("plain http to a remote host", c -> c.set("use_ssl", false), "https", "localhost");
        cases.add("hostname with a bad port", c -> c.set("hostname", "login.salesforce.com:99999"), "'hostname");
        cases.add("login_url not a URL", c -> c.set("login_url", "https://exa mple.com"), "'login_url'");
        cases.add("login_url ftp", c -> c.set("login_url", "ftp://login.salesforce.com"), "'login_url'", "https");
        cases.add("login_url plain http", c -> c.set("login_url", "http://login.salesforce.com"),
                "'login_url'", "https", "localhost");
        cases.add("login_url with user", c -> c.set("login_url", "https://u:p@login.salesforce.com"), "'login_url'");
        cases.add("api_version malformed", c -> c.set("api_version", "v62"), "'api_version'", "62.0");
        cases.add("object missing", c -> c.remove("object"), "object");
        cases.add("object with space", c -> c.set("object", "Result Output"), "'object'", "API name");
        cases.add("mode unknown", c -> c.set("mode", "upsert"),
                "option 'mode' is 'upsert'; allowed values: append, truncate, update");
        cases.add("update without unique", c -> c.set("mode", "update"), "option 'unique' is required", "update");
        cases.add("unique malformed", c -> c.set("mode", "update").set("unique", "Ext Id"), "'unique'", "API name");
        cases.add("unique with append", c -> c.set("unique", "ExtId__c"), "'unique'", "mode update", "append");
        cases.add("hard_delete with append", c -> c.set("hard_delete", true),
                "'hard_delete'", "mode truncate", "append");
        cases.add("hard_delete with update",
                c -> c.set("mode", "update").set("unique", "ExtId__c").set("hard_delete", true),
                "'hard_delete'", "truncate", "update");
        cases.add("upsert false with truncate", c -> c.set("mode", "truncate").set("upsert", false),
                "'upsert: false'", "mode update");
        cases.add("concurrency_mode unknown", c -> c.set("concurrency_mode", "batch"),
                "option 'concurrency_mode' is 'batch'; allowed values: parallel, serial");
        cases.add("split_records 0", c -> c.set("split_records", 0), "'split_records'", "1 and 10000");
        cases.add("split_records 10001", c -> c.set("split_records", 10001), "'split_records'", "1 and 10000");
        cases.add("retry negative", c -> c.set("retry", -1), "'retry'");
        cases.add("null_value unknown", c -> c.set("null_value", "null"),
                "option 'null_value' is 'null'; allowed values: empty, na");
        cases.add("default_timezone unknown", c -> c.set("default_timezone", "JST9"), "default_timezone");
        cases.add("poll_interval_millis 0", c -> c.set("poll_interval_millis", 0), "'poll_interval_millis'");
        cases.add("poll max below interval", c -> c.set("poll_max_interval_millis", 1000),
                "'poll_max_interval_millis'", "'poll_interval_millis'");
        cases.add("job_timeout 0", c -> c.set("job_timeout", 0), "'job_timeout'");
        cases.add("max_error_records negative", c -> c.set("max_error_records", -1), "'max_error_records'");
        cases.add("error_records_path empty", c -> c.set("error_records_path", ""), "'error_records_path'");
        cases.add("proxy without host", c -> c.set("http_proxy", map("port", 8080)), "host");
        cases.add("proxy port 0", c -> c.set("http_proxy", map("host", "proxy", "port", 0)), "'http_proxy.port'");
        cases.add("proxy password without user",
                c -> c.set("http_proxy", map("host", "proxy", "port", 3128, "password", "pw")),
                "'http_proxy.password'", "'http_proxy.user'");
        return cases.parameters();
    }
}
