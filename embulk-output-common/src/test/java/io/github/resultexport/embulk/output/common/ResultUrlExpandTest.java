package io.github.resultexport.embulk.output.common;

import static org.hamcrest.CoreMatchers.containsString;
import static org.hamcrest.CoreMatchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.embulk.config.ConfigException;
import org.embulk.config.ConfigSource;
import org.embulk.util.config.Config;
import org.embulk.util.config.ConfigDefault;
import org.embulk.util.config.Task;
import org.junit.Test;

/** {@link ResultUrl#expandInto} and {@link ResultUrl#expandUrlOption} on real ConfigSources. */
public class ResultUrlExpandTest {
    /** A task shaped like the postgresql plugin's, to show the expanded config maps with the usual types. */
    public interface PostgresqlLikeTask extends Task {
        @Config("host")
        @ConfigDefault("\"localhost\"")
        String getHost();

        @Config("port")
        @ConfigDefault("5432")
        int getPort();

        @Config("user")
        String getUser();

        @Config("password")
        @ConfigDefault("\"\"")
        String getPassword();

        @Config("database")
        String getDatabase();

        @Config("table")
        String getTable();

        @Config("mode")
        @ConfigDefault("\"append\"")
        String getMode();

        @Config("merge_keys")
        @ConfigDefault("null")
        Optional<List<String>> getMergeKeys();

        @Config("dry_run")
        @ConfigDefault("false")
        boolean getDryRun();

        @Config("batch_size")
        @ConfigDefault("16777216")
        long getBatchSize();
    }

    private static ConfigSource config() {
        return ConfigMappers.factory().newConfigSource();
    }

    @Test
    public void expandsEveryOptionAndDropsTheUrl() {
        String url = "postgresql://app%40corp:pa%40ss@db.example.com:5433/sales/orders"
                + "?mode=merge&merge_keys=id&merge_keys=day&dry_run&batch_size=1024";
        ConfigSource given = config().set("type", "postgresql").set("url", url);

        ConfigSource expanded = ResultUrl.expandUrlOption(given);

        assertFalse(expanded.has("url"));
        assertEquals("postgresql", expanded.get(String.class, "type"));
        PostgresqlLikeTask task = ConfigMappers.map(expanded, PostgresqlLikeTask.class);
        assertEquals("db.example.com", task.getHost());
        assertEquals(5433, task.getPort());
        assertEquals("app@corp", task.getUser());
        assertEquals("pa@ss", task.getPassword());
        assertEquals("sales", task.getDatabase());
        assertEquals("orders", task.getTable());
        assertEquals("merge", task.getMode());
        assertEquals(Optional.of(Arrays.asList("id", "day")), task.getMergeKeys());
        assertTrue(task.getDryRun());
        assertEquals(1024L, task.getBatchSize());
    }

    @Test
    public void leavesTheGivenConfigUntouched() {
        ConfigSource given = config().set("url", "postgresql://u:pw@h/db/t").set("mode", "replace");
        String before = given.toJson();

        ResultUrl.expandUrlOption(given);

        assertEquals(before, given.toJson());
    }

    @Test
    public void configSuppliesWhatTheUrlLeavesOut() {
        ConfigSource given = config().set("url", "td://@/testdb/output_table?mode=replace").set("apikey", "1/abc");

        ConfigSource expanded = ResultUrl.expandUrlOption(given);

        assertEquals("1/abc", expanded.get(String.class, "apikey"));
        assertEquals("testdb", expanded.get(String.class, "database"));
        assertEquals("output_table", expanded.get(String.class, "table"));
        assertEquals("replace", expanded.get(String.class, "mode"));
    }

    @Test
    public void equalValuesGivenBothWaysAreFine() {
        ConfigSource given = config()
                .set("url", "postgresql://u:pw@h:5432/db/t?mode=merge&merge_keys=id&merge_keys=day&dry_run=true")
                .set("port", 5432)
                .set("password", "pw")
                .set("mode", "merge")
                .set("merge_keys", Arrays.asList("id", "day"))
                .set("dry_run", "true");

        ConfigSource expanded = ResultUrl.expandUrlOption(given);

        assertEquals(Integer.valueOf(5432), expanded.get(Integer.class, "port"));
        assertEquals(Arrays.asList("id", "day"), expanded.getListOf(String.class, "merge_keys"));
    }

    @Test
    public void aSingleParameterEqualsAOneElementList() {
        ConfigSource given = config()
                .set("url", "postgresql://u:pw@h/db/t?merge_keys=id")
                .set("merge_keys", Collections.singletonList("id"));

        ConfigSource expanded = ResultUrl.expandUrlOption(given);

        assertEquals(Collections.singletonList("id"), expanded.getListOf(String.class, "merge_keys"));
    }

    @Test
    public void aConfigNullIsFilledFromTheUrl() {
        ConfigSource given = config().set("url", "postgresql://u:pw@h/db/t?mode=truncate").set("mode", null);

        assertEquals("truncate", ResultUrl.expandUrlOption(given).get(String.class, "mode"));
    }

    @Test
    public void differentValuesNameBothPlaces() {
        ConfigSource given = config().set("url", "postgresql://u:pw@h/db/t?mode=replace").set("mode", "append");

        ConfigException e = expectConfigException(given);

        assertThat(e.getMessage(), containsString("option 'mode' is 'replace' in url but 'append' in the config"));
    }

    @Test
    public void everyConflictIsReportedAtOnce() {
        ConfigSource given = config()
                .set("url", "postgresql://u:pw@h/db/t?mode=replace&merge_keys=a&merge_keys=b")
                .set("table", "other")
                .set("merge_keys", Arrays.asList("b", "a"));

        ConfigException e = expectConfigException(given);

        assertThat(e.getMessage(), containsString("option 'table' is 't' in url but 'other' in the config"));
        assertThat(e.getMessage(), containsString("option 'merge_keys' is '[a, b]' in url but '[b, a]' in the config"));
    }

    @Test
    public void conflictingSecretsAreMasked() {
        ConfigSource given = config().set("url", "postgresql://u:fromUrlSecret@h/db/t").set("password", "fromConfigSecret");

        ConfigException e = expectConfigException(given);

        assertThat(e.getMessage(), containsString("option 'password' is '***' in url but '***' in the config"));
        assertThat(e.getMessage(), not(containsString("fromUrlSecret")));
        assertThat(e.getMessage(), not(containsString("fromConfigSecret")));
    }

    @Test
    public void conflictingQuerySecretsAreMasked() {
        ConfigSource given = config().set("url", "sfdc://h/Obj?session_id=urlSession").set("session_id", "cfgSession");

        ConfigException e = expectConfigException(given);

        assertThat(e.getMessage(), containsString("option 'session_id' is '***' in url but '***' in the config"));
        assertThat(e.getMessage(), not(containsString("urlSession")));
        assertThat(e.getMessage(), not(containsString("cfgSession")));
    }

    @Test
    public void withoutUrlTheConfigIsReturnedAsIs() {
        ConfigSource given = config().set("host", "h");

        assertSame(given, ResultUrl.expandUrlOption(given));
        assertSame(given, ResultUrl.expandUrlOption(given, "postgresql"));
    }

    @Test
    public void aNullUrlIsDropped() {
        ConfigSource given = config().set("url", null).set("host", "h");

        ConfigSource expanded = ResultUrl.expandUrlOption(given);

        assertFalse(expanded.has("url"));
        assertEquals("h", expanded.get(String.class, "host"));
    }

    @Test
    public void aUrlThatIsNotAStringIsAConfigException() {
        ConfigSource given = config().set("url", Collections.singletonMap("host", "h"));

        try {
            ResultUrl.expandUrlOption(given);
            fail();
        } catch (ConfigException e) {
            assertThat(e.getMessage(), containsString("option 'url' must be a string"));
        }
    }

    @Test
    public void aUrlOfAnotherPluginIsAConfigException() {
        ConfigSource given = config().set("url", "td://KEY1234@api.treasuredata.com/db/t");

        try {
            ResultUrl.expandUrlOption(given, "postgresql");
            fail();
        } catch (ConfigException e) {
            assertThat(e.getMessage(), containsString("has scheme 'td', but this plugin takes postgresql:// urls"));
            assertThat(e.getMessage(), not(containsString("KEY1234")));
        }
    }

    @Test
    public void theExpectedSchemeExpands() {
        ConfigSource given = config().set("url", "sfdc://u%40example.com:pwTOKEN@test.salesforce.com/Account");

        ConfigSource expanded = ResultUrl.expandUrlOption(given, "sfdc");

        assertEquals("u@example.com", expanded.get(String.class, "username"));
        assertEquals("pwTOKEN", expanded.get(String.class, "password"));
        assertEquals("test.salesforce.com", expanded.get(String.class, "hostname"));
        assertEquals("Account", expanded.get(String.class, "object"));
    }

    @Test
    public void secretOptionNamesAndMasker() {
        ResultUrl url = ResultUrl.parse("sfdc://u:p%40ss@h/Obj?security_token=TOK123&mode=append");

        assertEquals(Arrays.asList("password", "security_token"), Arrays.asList(url.secretOptionNames().toArray()));
        SecretMasker masker = url.secretMasker();
        assertEquals("*** *** *** mode", masker.mask("p@ss p%40ss TOK123 mode"));
        assertEquals(Collections.singleton("apikey"), ResultUrl.parse("td://@/db").secretOptionNames());
    }

    @Test(expected = UnsupportedOperationException.class)
    public void optionsAreUnmodifiable() {
        ResultUrl.parse("postgresql://u:pw@h/db").options().put("x", "y");
    }

    @SuppressWarnings("unchecked")
    @Test(expected = UnsupportedOperationException.class)
    public void listOptionsAreUnmodifiable() {
        ((List<Object>) ResultUrl.parse("postgresql://u:pw@h/db?k=a&k=b").options().get("k")).add("c");
    }

    private static ConfigException expectConfigException(ConfigSource given) {
        try {
            ResultUrl.expandUrlOption(given);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigException");
    }
}
