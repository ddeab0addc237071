package io.github.resultexport.embulk.output.td;

import static io.github.resultexport.embulk.output.common.testing.TestConfigs.map;
import static io.github.resultexport.embulk.output.common.testing.TestConfigs.schema;

import io.github.resultexport.embulk.output.common.testing.ConfigRejectionContract;
import io.github.resultexport.embulk.output.common.testing.RejectedConfig;
import io.github.resultexport.embulk.output.common.testing.RejectedConfigs;
import java.util.List;
import org.embulk.spi.type.Types;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/** Every rule of td.md: a bad value is a ConfigException naming the option and what is allowed. */
@RunWith(Parameterized.class)
public class TdConfigValidatorTest extends ConfigRejectionContract<PluginTask> {
    public TdConfigValidatorTest(RejectedConfig rejected) {
        super(TdFixtures.PLUGIN, rejected);
    }

    @Parameters(name = "{0}")
    public static List<Object[]> cases() {
        RejectedConfigs cases = new RejectedConfigs();
        cases.add("apikey missing", c -> c.remove("apikey"), "apikey");
        cases.add("apikey empty", c -> c.set("apikey", " "), "option 'apikey' must not be empty");
        cases.add("database too short", c -> c.set("database", "db"), "'database'", "3 to 128", "[a-z0-9_]");
        cases.add("database upper case", c -> c.set("database", "TestDb"), "'database'", "[a-z0-9_]");
        cases.add("table too long", c -> c.set("table", "t".repeat(129)), "'table'", "3 to 128");
        cases.add("table with hyphen", c -> c.set("table", "output-table"), "'table'", "[a-z0-9_]");
        cases.add("file_split_size below 16 MB", c -> c.set("file_split_size", 16383),
                "'file_split_size'", "16384", "524288");
        cases.add("file_split_size above 512 MB", c -> c.set("file_split_size", 524289),
                "'file_split_size'", "16384", "524288");
        cases.add("upload_concurrency 0", c -> c.set("upload_concurrency", 0), "'upload_concurrency'", "1 and 8");
        cases.add("upload_concurrency 9", c -> c.set("upload_concurrency", 9), "'upload_concurrency'", "1 and 8");
        cases.add("mode unknown", c -> c.set("mode", "upsert"),
                "option 'mode' is 'upsert'; allowed values: append, replace, truncate");
        cases.add("region unknown", c -> c.set("region", "mars"), "'region'", "us, jp, eu01, ap02");
        cases.add("region and other endpoint", c -> c.set("region", "jp").set("endpoint", "api.treasuredata.com"),
                "'region'", "'endpoint'", "api.treasuredata.co.jp");
        cases.add("endpoint with scheme", c -> c.set("endpoint", "https://api.treasuredata.com"), "'endpoint'");
        cases.add("endpoint with port", c -> c.set("endpoint", "api.treasuredata.com:443"), "'endpoint'", "'port'");
        cases.add("port 0", c -> c.set("port", 0), "'port'", "1 and 65535");
        cases.add("proxy port out of range", c -> c.set("http_proxy", map("host", "proxy", "port", 70000)),
                "'http_proxy.port'");
        cases.add("proxy password without user",
                c -> c.set("http_proxy", map("host", "proxy", "port", 8080, "password", "pw")),
                "'http_proxy.password'", "'http_proxy.user'");
        cases.add("unix_timestamp_unit unknown", c -> c.set("unix_timestamp_unit", "hour"),
                "'unix_timestamp_unit'", "sec, milli, micro, nano");
        cases.add("timestamp conversion unknown", c -> c.set("default_timestamp_type_convert_to", "milli"),
                "'default_timestamp_type_convert_to'", "string, sec");
        cases.add("displayed_error_records_count_limit negative",
                c -> c.set("displayed_error_records_count_limit", -1), "'displayed_error_records_count_limit'");
        cases.add("job_timeout 0", c -> c.set("job_timeout", 0), "'job_timeout'");
        cases.add("retry_limit negative", c -> c.set("retry_limit", -1), "'retry_limit'");
        cases.add("retry_initial_interval_millis 0", c -> c.set("retry_initial_interval_millis", 0),
                "'retry_initial_interval_millis'");
        cases.add("retry max below initial",
                c -> c.set("retry_initial_interval_millis", 5000).set("retry_max_interval_millis", 1000),
                "'retry_max_interval_millis'", "'retry_initial_interval_millis'");
        cases.add("pool_name empty", c -> c.set("pool_name", ""), "'pool_name'");
        cases.add("default_timezone unknown", c -> c.set("default_timezone", "Mars/Olympus_Mons"),
                "default_timezone");
        cases.add("default_timestamp_format empty", c -> c.set("default_timestamp_format", ""),
                "'default_timestamp_format'");
        cases.add("time_column with time_value",
                c -> c.set("time_column", "created_at").set("time_value", 1700000000L),
                "'time_column'", "'time_value'");
        cases.add("time_value negative", c -> c.set("time_value", -1), "'time_value.value'", "0 and 253402300799");
        cases.add("time_value after year 9999", c -> c.set("time_value", 253402300800L), "'time_value.value'");
        cases.add("time_value fixed_time without value", c -> c.set("time_value", map("mode", "fixed_time")),
                "'time_value'", "'value'");
        cases.add("time_value fixed_time with from",
                c -> c.set("time_value", map("mode", "fixed_time", "value", 1, "from", 1)), "'time_value.from'");
        cases.add("time_value incremental without to", c -> c.set("time_value", map("from", 1700000000L)),
                "'time_value'", "'from' and 'to'");
        cases.add("time_value incremental from after to",
                c -> c.set("time_value", map("mode", "incremental_time", "from", 20, "to", 10)),
                "'time_value.from'", "'time_value.to'");
        cases.add("time_value incremental with value",
                c -> c.set("time_value", map("mode", "incremental_time", "from", 1, "to", 2, "value", 3)),
                "'time_value.value'");
        cases.add("time_value mode unknown", c -> c.set("time_value", map("mode", "sometimes", "value", 1)),
                "'time_value.mode'", "fixed_time, incremental_time");
        cases.add("time_value key misspelled", c -> c.set("time_value", map("mode", "fixed_time", "valeu", 1)),
                "'valeu'", "'time_value'", "mode, value, from, to");
        cases.add("time_value not a number", c -> c.set("time_value", "yesterday"), "'time_value'");
        cases.add("column type malformed", c -> c.set("column_options", map("payload", map("type", "array<int"))),
                "'column_options.payload.type'", "array<T>");
        cases.add("column type unknown", c -> c.set("column_options", map("code", map("type", "varchar"))),
                "'column_options.code.type'");
        cases.add("column value_type unknown", c -> c.set("column_options", map("code", map("value_type", "date"))),
                "value_type", "string, long, double, boolean, json");
        cases.add("column timezone unknown",
                c -> c.set("column_options", map("created_at", map("timezone", "Nowhere/Town"))),
                "column_options.created_at.timezone");

        // Schema rules.
        cases.addWithSchema("time_column not in input", c -> c.set("time_column", "updated_at"),
                TdFixtures::defaultSchema, "'time_column'", "updated_at", "code, cnt, created_at, payload");
        cases.addWithSchema("time_column of type string", c -> c.set("time_column", "code"),
                TdFixtures::defaultSchema, "time_column 'code'", "long", "timestamp");
        cases.addWithSchema("time_column beside a time column", c -> c.set("time_column", "created_at"),
                () -> schema("time", Types.LONG, "created_at", Types.TIMESTAMP), "'time_column'", "'time'");
        cases.addSchema("time column of type string",
                () -> schema("time", Types.STRING, "code", Types.STRING), "column 'time'", "long", "timestamp");
        cases.addSchema("reserved column v",
                () -> schema("code", Types.STRING, "v", Types.STRING), "column 'v'", "reserved");
        cases.addWithSchema("column_options for a missing column",
                c -> c.set("column_options", map("missing", map("type", "string"))),
                TdFixtures::defaultSchema, "'column_options'", "missing");
        cases.addWithSchema("timezone on a long column",
                c -> c.set("column_options", map("cnt", map("timezone", "Asia/Tokyo"))),
                TdFixtures::defaultSchema, "column_options.cnt", "timestamp");
        return cases.parameters();
    }
}
