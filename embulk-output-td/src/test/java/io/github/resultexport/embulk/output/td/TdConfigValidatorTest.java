package io.github.resultexport.embulk.output.td;

import static io.github.resultexport.embulk.output.td.TestConfigs.base;
import static io.github.resultexport.embulk.output.td.TestConfigs.defaultSchema;
import static io.github.resultexport.embulk.output.td.TestConfigs.map;
import static io.github.resultexport.embulk.output.td.TestConfigs.schema;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.embulk.config.ConfigException;
import org.embulk.config.ConfigSource;
import org.embulk.spi.Schema;
import org.embulk.spi.type.Types;
import org.embulk.test.EmbulkTestRuntime;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/** Every rule of td.md: a bad value is a ConfigException naming the option and what is allowed. */
@RunWith(Parameterized.class)
public class TdConfigValidatorTest {
    @Rule
    public EmbulkTestRuntime runtime = new EmbulkTestRuntime();

    private final String name;
    private final Consumer<ConfigSource> change;
    private final Supplier<Schema> schema;
    private final List<String> expected;

    public TdConfigValidatorTest(String name, Consumer<ConfigSource> change, Supplier<Schema> schema,
            List<String> expected) {
        this.name = name;
        this.change = change;
        this.schema = schema;
        this.expected = expected;
    }

    @Parameters(name = "{0}")
    public static Collection<Object[]> cases() {
        List<Object[]> cases = new ArrayList<>();
        add(cases, "apikey missing", c -> c.remove("apikey"), "apikey");
        add(cases, "apikey empty", c -> c.set("apikey", " "), "option 'apikey' must not be empty");
        add(cases, "database too short", c -> c.set("database", "db"), "'database'", "3 to 128", "[a-z0-9_]");
        add(cases, "database upper case", c -> c.set("database", "TestDb"), "'database'", "[a-z0-9_]");
        add(cases, "table too long", c -> c.set("table", "t".repeat(129)), "'table'", "3 to 128");
        add(cases, "table with hyphen", c -> c.set("table", "output-table"), "'table'", "[a-z0-9_]");
        add(cases, "file_split_size below 16 MB", c -> c.set("file_split_size", 16383),
                "'file_split_size'", "16384", "524288");
        add(cases, "file_split_size above 512 MB", c -> c.set("file_split_size", 524289),
                "'file_split_size'", "16384", "524288");
        add(cases, "upload_concurrency 0", c -> c.set("upload_concurrency", 0), "'upload_concurrency'", "1 and 8");
        add(cases, "upload_concurrency 9", c -> c.set("upload_concurrency", 9), "'upload_concurrency'", "1 and 8");
        add(cases, "mode unknown", c -> c.set("mode", "upsert"),
                "option 'mode' is 'upsert'; allowed values: append, replace, truncate");
        add(cases, "region unknown", c -> c.set("region", "mars"), "'region'", "us, jp, eu01, ap02");
        add(cases, "region and other endpoint", c -> c.set("region", "jp").set("endpoint", "api.treasuredata.com"),
                "'region'", "'endpoint'", "api.treasuredata.co.jp");
        add(cases, "endpoint with scheme", c -> c.set("endpoint", "https://api.treasuredata.com"), "'endpoint'");
        add(cases, "endpoint with port", c -> c.set("endpoint", "api.treasuredata.com:443"), "'endpoint'", "'port'");
        add(cases, "port 0", c -> c.set("port", 0), "'port'", "1 and 65535");
        add(cases, "proxy port out of range", c -> c.set("http_proxy", map("host", "proxy", "port", 70000)),
                "'http_proxy.port'");
        add(cases, "proxy password without user",
                c -> c.set("http_proxy", map("host", "proxy", "port", 8080, "password", "pw")),
                "'http_proxy.password'", "'http_proxy.user'");
        add(cases, "unix_timestamp_unit unknown", c -> c.set("unix_timestamp_unit", "hour"),
                "'unix_timestamp_unit'", "sec, milli, micro, nano");
        add(cases, "timestamp conversion unknown", c -> c.set("default_timestamp_type_convert_to", "milli"),
                "'default_timestamp_type_convert_to'", "string, sec");
        add(cases, "displayed_error_records_count_limit negative",
                c -> c.set("displayed_error_records_count_limit", -1), "'displayed_error_records_count_limit'");
        add(cases, "job_timeout 0", c -> c.set("job_timeout", 0), "'job_timeout'");
        add(cases, "retry_limit negative", c -> c.set("retry_limit", -1), "'retry_limit'");
        add(cases, "retry_initial_interval_millis 0", c -> c.set("retry_initial_interval_millis", 0),
                "'retry_initial_interval_millis'");
        add(cases, "retry max below initial",
                c -> c.set("retry_initial_interval_millis", 5000).set("retry_max_interval_millis", 1000),
                "'retry_max_interval_millis'", "'retry_initial_interval_millis'");
        add(cases, "pool_name empty", c -> c.set("pool_name", ""), "'pool_name'");
        add(cases, "default_timezone unknown", c -> c.set("default_timezone", "Mars/Olympus_Mons"),
                "default_timezone");
        add(cases, "default_timestamp_format empty", c -> c.set("default_timestamp_format", ""),
                "'default_timestamp_format'");
        add(cases, "time_column with time_value",
                c -> c.set("time_column", "created_at").set("time_value", 1700000000L),
                "'time_column'", "'time_value'");
        add(cases, "time_value negative", c -> c.set("time_value", -1), "'time_value.value'", "0 and 253402300799");
        add(cases, "time_value after year 9999", c -> c.set("time_value", 253402300800L), "'time_value.value'");
        add(cases, "time_value fixed_time without value", c -> c.set("time_value", map("mode", "fixed_time")),
                "'time_value'", "'value'");
        add(cases, "time_value fixed_time with from",
                c -> c.set("time_value", map("mode", "fixed_time", "value", 1, "from", 1)), "'time_value.from'");
        add(cases, "time_value incremental without to", c -> c.set("time_value", map("from", 1700000000L)),
                "'time_value'", "'from' and 'to'");
        add(cases, "time_value incremental from after to",
                c -> c.set("time_value", map("mode", "incremental_time", "from", 20, "to", 10)),
                "'time_value.from'", "'time_value.to'");
        add(cases, "time_value incremental with value",
                c -> c.set("time_value", map("mode", "incremental_time", "from", 1, "to", 2, "value", 3)),
                "'time_value.value'");
        add(cases, "time_value mode unknown", c -> c.set("time_value", map("mode", "sometimes", "value", 1)),
                "'time_value.mode'", "fixed_time, incremental_time");
        add(cases, "time_value key misspelled", c -> c.set("time_value", map("mode", "fixed_time", "valeu", 1)),
                "'valeu'", "'time_value'", "mode, value, from, to");
        add(cases, "time_value not a number", c -> c.set("time_value", "yesterday"), "'time_value'");
        add(cases, "column type malformed", c -> c.set("column_options", map("payload", map("type", "array<int"))),
                "'column_options.payload.type'", "array<T>");
        add(cases, "column type unknown", c -> c.set("column_options", map("code", map("type", "varchar"))),
                "'column_options.code.type'");
        add(cases, "column value_type unknown", c -> c.set("column_options", map("code", map("value_type", "date"))),
                "value_type", "string, long, double, boolean, json");
        add(cases, "column timezone unknown",
                c -> c.set("column_options", map("created_at", map("timezone", "Nowhere/Town"))),
                "column_options.created_at.timezone");

        // Schema rules.
        addWithSchema(cases, "time_column not in input", c -> c.set("time_column", "updated_at"),
                TestConfigs::defaultSchema, "'time_column'", "updated_at", "code, cnt, created_at, payload");
        addWithSchema(cases, "time_column of type string", c -> c.set("time_column", "code"),
                TestConfigs::defaultSchema, "time_column 'code'", "long", "timestamp");
        addWithSchema(cases, "time_column beside a time column", c -> c.set("time_column", "created_at"),
                () -> schema("time", Types.LONG, "created_at", Types.TIMESTAMP), "'time_column'", "'time'");
        addWithSchema(cases, "time column of type string", c -> { },
                () -> schema("time", Types.STRING, "code", Types.STRING), "column 'time'", "long", "timestamp");
        addWithSchema(cases, "reserved column v", c -> { },
                () -> schema("code", Types.STRING, "v", Types.STRING), "column 'v'", "reserved");
        addWithSchema(cases, "column_options for a missing column",
                c -> c.set("column_options", map("missing", map("type", "string"))),
                TestConfigs::defaultSchema, "'column_options'", "missing");
        addWithSchema(cases, "timezone on a long column",
                c -> c.set("column_options", map("cnt", map("timezone", "Asia/Tokyo"))),
                TestConfigs::defaultSchema, "column_options.cnt", "timestamp");
        return cases;
    }

    private static void add(List<Object[]> cases, String name, Consumer<ConfigSource> change, String... expected) {
        addWithSchema(cases, name, change, TestConfigs::defaultSchema, expected);
    }

    private static void addWithSchema(List<Object[]> cases, String name, Consumer<ConfigSource> change,
            Supplier<Schema> schema, String... expected) {
        cases.add(new Object[] {name, change, schema, List.of(expected)});
    }

    @Test
    public void rejectsWithMessageNamingTheOption() {
        ConfigSource config = base();
        change.accept(config);
        ConfigException e = assertThrows(name, ConfigException.class,
                () -> TdOutputPlugin.configure(config, schema.get()));
        String message = e.getMessage();
        for (String part : expected) {
            assertTrue(name + ": message should contain <" + part + "> but was <" + message + ">",
                    message.contains(part));
        }
        assertFalse(name + ": message leaks the apikey: " + message, message.contains(TestConfigs.APIKEY));
    }
}
