package io.github.resultexport.embulk.output.salesforce_dmp;

import static io.github.resultexport.embulk.output.common.testing.TestConfigs.schema;

import io.github.resultexport.embulk.output.common.testing.ConfigRejectionContract;
import io.github.resultexport.embulk.output.common.testing.RejectedConfig;
import io.github.resultexport.embulk.output.common.testing.RejectedConfigs;
import java.util.List;
import org.embulk.spi.type.Types;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/** Every rule of salesforce-dmp.md: a bad value is a ConfigException naming the option (or column). */
@RunWith(Parameterized.class)
public class SalesforceDmpConfigValidatorTest extends ConfigRejectionContract<PluginTask> {
    public SalesforceDmpConfigValidatorTest(RejectedConfig rejected) {
        super(SalesforceDmpFixtures.PLUGIN, rejected);
    }

    @Parameters(name = "{0}")
    public static List<Object[]> cases() {
        RejectedConfigs cases = new RejectedConfigs();
        cases.add("client_name missing", c -> c.remove("client_name"), "client_name");
        cases.add("client_name only the prefix", c -> c.set("client_name", "client-"), "'client_name'");
        cases.add("client_name with slash", c -> c.set("client_name", "treasure/data"), "'client_name'",
                "letters, digits");
        cases.add("access key id missing", c -> c.remove("aws_access_key_id"), "aws_access_key_id");
        cases.add("access key id with space", c -> c.set("aws_access_key_id", "AKIA EXAMPLE"),
                "'aws_access_key_id'");
        cases.add("secret missing", c -> c.remove("aws_secret_access_key"), "aws_secret_access_key");
        cases.add("secret empty", c -> c.set("aws_secret_access_key", " "),
                "option 'aws_secret_access_key' must not be empty");
        cases.add("export_type unknown", c -> c.set("export_type", "third_party_segment"),
                "option 'export_type' is 'third_party_segment'; allowed values: first_party_segment");
        cases.add("compression unknown", c -> c.set("compression", "zstd"),
                "option 'compression' is 'zstd'; allowed values: gzip, none");
        cases.add("checksum_validation unknown", c -> c.set("checksum_validation", "never"),
                "option 'checksum_validation' is 'never'; allowed values: when_supported, when_required");
        cases.add("bucket upper case", c -> c.set("bucket", "Krux-Partners"), "'bucket'", "3 to 63");
        cases.add("bucket too short", c -> c.set("bucket", "kp"), "'bucket'");
        cases.add("bucket double dot", c -> c.set("bucket", "krux..partners"), "'bucket'");
        cases.add("path_template absolute", c -> c.set("path_template", "/{client}/uploads/{date}/"),
                "'path_template'", "'/'");
        cases.add("path_template not a folder", c -> c.set("path_template", "{client}/uploads/{date}"),
                "'path_template'", "ending with '/'");
        cases.add("path_template empty segment", c -> c.set("path_template", "{client}//{date}/"),
                "'path_template'", "'//'");
        cases.add("path_template unknown placeholder", c -> c.set("path_template", "{client}/{day}/"),
                "'path_template'", "'{day}'", "{client}, {date}");
        cases.add("path_template unclosed brace", c -> c.set("path_template", "{client/uploads/"),
                "'path_template'", "'{' without '}'");
        cases.add("path_template stray closing brace", c -> c.set("path_template", "client}/uploads/"),
                "'path_template'", "'}' without '{'");
        cases.add("file_name with folder", c -> c.set("file_name", "sub/{client}.gz"), "'file_name'", "'/'");
        cases.add("file_name empty", c -> c.set("file_name", ""), "'file_name'");
        cases.add("file_name unknown placeholder", c -> c.set("file_name", "{client}_{time}.gz"),
                "'file_name'", "'{time}'");
        cases.add("endpoint without scheme", c -> c.set("endpoint", "127.0.0.1:9000"), "'endpoint'", "http or https");
        cases.add("endpoint with path", c -> c.set("endpoint", "http://127.0.0.1:9000/bucket"), "'endpoint'");
        cases.add("endpoint ftp", c -> c.set("endpoint", "ftp://s3.example.com"), "'endpoint'", "http or https");
        cases.add("region malformed", c -> c.set("region", "US East"), "'region'", "us-east-1");
        cases.add("compression_level 0", c -> c.set("compression_level", 0), "'compression_level'", "1 (fastest)");
        cases.add("compression_level 10", c -> c.set("compression_level", 10), "'compression_level'", "9 (smallest)");
        cases.add("part_size below 5 MiB", c -> c.set("part_size", 5242879), "'part_size'", "5242880");
        cases.add("part_size above 1 GiB", c -> c.set("part_size", 1073741825L), "'part_size'", "1073741824");
        cases.add("stale_run_timeout 1", c -> c.set("stale_run_timeout", 1), "'stale_run_timeout'", "2 seconds");
        cases.add("staging_path_template not a folder", c -> c.set("staging_path_template", "{client}/tmp"),
                "'staging_path_template'", "ending with '/'");
        cases.add("staging_path_template empty", c -> c.set("staging_path_template", ""),
                "'staging_path_template'");
        cases.add("staging_path_template inside the day's folder",
                c -> c.set("staging_path_template", "{client}/uploads/{date}/tmp/"), "'staging_path_template'",
                "inside the folder of path_template");
        cases.add("staging_path_template unknown placeholder",
                c -> c.set("staging_path_template", "{client}/{run}/"), "'staging_path_template'", "'{run}'");
        cases.add("retry_limit negative", c -> c.set("retry_limit", -1), "'retry_limit'");
        cases.add("retry_initial_interval_millis 0", c -> c.set("retry_initial_interval_millis", 0),
                "'retry_initial_interval_millis'");
        cases.add("retry max below initial", c -> c.set("retry_max_interval_millis", 10),
                "'retry_max_interval_millis'");

        // Record requirements from the schema.
        cases.addSchema("no columns", () -> schema(), "first column", "'user_id'");
        cases.addSchema("only user_id", () -> schema("user_id", Types.STRING),
                "second column", "'td_segment'");
        cases.addSchema("first column misnamed", () -> schema("uid", Types.STRING, "td_segment", Types.STRING),
                "first column", "'user_id'", "'uid'");
        cases.addSchema("columns swapped",
                () -> schema("td_segment", Types.STRING, "user_id", Types.STRING), "first column", "'user_id'");
        cases.addSchema("user_id not a string", () -> schema("user_id", Types.LONG, "td_segment", Types.STRING),
                "column 'user_id'", "string", "long");
        cases.addSchema("td_segment not a string",
                () -> schema("user_id", Types.STRING, "td_segment", Types.JSON), "column 'td_segment'", "string");
        cases.addSchema("attribute name with colon",
                () -> schema("user_id", Types.STRING, "td_segment", Types.STRING, "a:b", Types.STRING),
                "column 'a:b'", "':'");
        cases.addSchema("attribute name with caret",
                () -> schema("user_id", Types.STRING, "td_segment", Types.STRING, "a^b", Types.STRING),
                "column 'a^b'");
        cases.addSchema("attribute name with semicolon",
                () -> schema("user_id", Types.STRING, "td_segment", Types.STRING, "a;b", Types.STRING),
                "column 'a;b'");
        cases.addSchema("attribute name with line break",
                () -> schema("user_id", Types.STRING, "td_segment", Types.STRING, "a\nb", Types.STRING),
                "column 'a\\nb'");
        cases.addSchema("attribute named segment",
                () -> schema("user_id", Types.STRING, "td_segment", Types.STRING, "segment", Types.STRING),
                "column 'segment'");
        cases.addSchema("attribute named user_id again",
                () -> schema("user_id", Types.STRING, "td_segment", Types.STRING, "user_id", Types.STRING),
                "column 'user_id' appears twice");
        cases.addSchema("attribute twice", () -> schema("user_id", Types.STRING, "td_segment", Types.STRING,
                "email", Types.STRING, "email", Types.STRING), "column 'email'", "twice");
        return cases.parameters();
    }
}
