package io.github.resultexport.embulk.output.sfdc;

import static io.github.resultexport.embulk.output.sfdc.TestConfigs.base;
import static io.github.resultexport.embulk.output.sfdc.TestConfigs.defaultSchema;
import static io.github.resultexport.embulk.output.sfdc.TestConfigs.map;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.embulk.config.ConfigException;
import org.embulk.config.ConfigSource;
import org.embulk.test.EmbulkTestRuntime;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/** Every rule of sfdc.md: a bad value is a ConfigException naming the option and what is allowed. */
@RunWith(Parameterized.class)
public class SfdcConfigValidatorTest {
    @Rule
    public EmbulkTestRuntime runtime = new EmbulkTestRuntime();

    private final String name;
    private final Consumer<ConfigSource> change;
    private final List<String> expected;

    public SfdcConfigValidatorTest(String name, Consumer<ConfigSource> change, List<String> expected) {
        this.name = name;
        this.change = change;
        this.expected = expected;
    }

    @Parameters(name = "{0}")
    public static Collection<Object[]> cases() {
        List<Object[]> cases = new ArrayList<>();
        add(cases, "no credentials at all", c -> c.remove("username").remove("password").remove("security_token"),
                "option 'username' is required", "'session_id'");
        add(cases, "username without password", c -> c.remove("password"), "option 'password' is required");
        add(cases, "password empty", c -> c.set("password", ""), "option 'password' is required");
        add(cases, "security_token empty", c -> c.set("security_token", " "), "'security_token'");
        add(cases, "session_id with username", c -> c.set("session_id", TestConfigs.SESSION_ID),
                "'session_id'", "'username'", "'password'");
        add(cases, "session_id with token only",
                c -> c.remove("username").remove("password").set("session_id", TestConfigs.SESSION_ID),
                "'session_id'", "'security_token'");
        add(cases, "session_id empty",
                c -> c.remove("username").remove("password").remove("security_token").set("session_id", " "),
                "option 'session_id' must not be empty");
        add(cases, "hostname with scheme", c -> c.set("hostname", "https://login.salesforce.com"),
                "'hostname'", "'login_url'");
        add(cases, "hostname and login_url",
                c -> c.set("hostname", "test.salesforce.com").set("login_url", "https://test.salesforce.com"),
                "'hostname'", "'login_url'");
        add(cases, "login_url not a URL", c -> c.set("login_url", "https://exa mple.com"), "'login_url'");
        add(cases, "login_url ftp", c -> c.set("login_url", "ftp://login.salesforce.com"), "'login_url'", "https");
        add(cases, "login_url plain http", c -> c.set("login_url", "http://login.salesforce.com"),
                "'login_url'", "https", "localhost");
        add(cases, "login_url with user", c -> c.set("login_url", "https://u:p@login.salesforce.com"), "'login_url'");
        add(cases, "api_version malformed", c -> c.set("api_version", "v62"), "'api_version'", "62.0");
        add(cases, "object missing", c -> c.remove("object"), "object");
        add(cases, "object with space", c -> c.set("object", "Result Output"), "'object'", "API name");
        add(cases, "mode unknown", c -> c.set("mode", "upsert"),
                "option 'mode' is 'upsert'; allowed values: append, truncate, update");
        add(cases, "update without unique", c -> c.set("mode", "update"), "option 'unique' is required", "update");
        add(cases, "unique malformed", c -> c.set("mode", "update").set("unique", "Ext Id"), "'unique'", "API name");
        add(cases, "unique with append", c -> c.set("unique", "ExtId__c"), "'unique'", "mode update", "append");
        add(cases, "hard_delete with append", c -> c.set("hard_delete", true),
                "'hard_delete'", "mode truncate", "append");
        add(cases, "hard_delete with update",
                c -> c.set("mode", "update").set("unique", "ExtId__c").set("hard_delete", true),
                "'hard_delete'", "truncate", "update");
        add(cases, "upsert false with truncate", c -> c.set("mode", "truncate").set("upsert", false),
                "'upsert: false'", "mode update");
        add(cases, "concurrency_mode unknown", c -> c.set("concurrency_mode", "batch"),
                "option 'concurrency_mode' is 'batch'; allowed values: parallel, serial");
        add(cases, "split_records 0", c -> c.set("split_records", 0), "'split_records'", "1 and 10000");
        add(cases, "split_records 10001", c -> c.set("split_records", 10001), "'split_records'", "1 and 10000");
        add(cases, "retry negative", c -> c.set("retry", -1), "'retry'");
        add(cases, "null_value unknown", c -> c.set("null_value", "null"),
                "option 'null_value' is 'null'; allowed values: empty, na");
        add(cases, "default_timezone unknown", c -> c.set("default_timezone", "JST9"), "default_timezone");
        add(cases, "poll_interval_millis 0", c -> c.set("poll_interval_millis", 0), "'poll_interval_millis'");
        add(cases, "poll max below interval", c -> c.set("poll_max_interval_millis", 1000),
                "'poll_max_interval_millis'", "'poll_interval_millis'");
        add(cases, "job_timeout 0", c -> c.set("job_timeout", 0), "'job_timeout'");
        add(cases, "max_error_records negative", c -> c.set("max_error_records", -1), "'max_error_records'");
        add(cases, "error_records_path empty", c -> c.set("error_records_path", ""), "'error_records_path'");
        add(cases, "proxy without host", c -> c.set("http_proxy", map("port", 8080)), "host");
        add(cases, "proxy port 0", c -> c.set("http_proxy", map("host", "proxy", "port", 0)), "'http_proxy.port'");
        add(cases, "proxy password without user",
                c -> c.set("http_proxy", map("host", "proxy", "port", 3128, "password", "pw")),
                "'http_proxy.password'", "'http_proxy.user'");
        return cases;
    }

    private static void add(List<Object[]> cases, String name, Consumer<ConfigSource> change, String... expected) {
        cases.add(new Object[] {name, change, List.of(expected)});
    }

    @Test
    public void rejectsWithMessageNamingTheOption() {
        ConfigSource config = base();
        change.accept(config);
        ConfigException e = assertThrows(name, ConfigException.class,
                () -> SfdcOutputPlugin.configure(config, defaultSchema()));
        String message = e.getMessage();
        for (String part : expected) {
            assertTrue(name + ": message should contain <" + part + "> but was <" + message + ">",
                    message.contains(part));
        }
        for (String secret : List.of(TestConfigs.PASSWORD, TestConfigs.TOKEN, TestConfigs.SESSION_ID)) {
            assertFalse(name + ": message leaks a secret: " + message, message.contains(secret));
        }
    }
}
