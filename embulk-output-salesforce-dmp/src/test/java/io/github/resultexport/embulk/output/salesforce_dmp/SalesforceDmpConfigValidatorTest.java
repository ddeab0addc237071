package io.github.resultexport.embulk.output.salesforce_dmp;

import static io.github.resultexport.embulk.output.salesforce_dmp.TestConfigs.base;
import static io.github.resultexport.embulk.output.salesforce_dmp.TestConfigs.schema;
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

/** Every rule of salesforce-dmp.md: a bad value is a ConfigException naming the option (or column). */
@RunWith(Parameterized.class)
public class SalesforceDmpConfigValidatorTest {
    @Rule
    public EmbulkTestRuntime runtime = new EmbulkTestRuntime();

    private final String name;
    private final Consumer<ConfigSource> change;
    private final Supplier<Schema> schema;
    private final List<String> expected;

    public SalesforceDmpConfigValidatorTest(String name, Consumer<ConfigSource> change, Supplier<Schema> schema,
            List<String> expected) {
        this.name = name;
        this.change = change;
        this.schema = schema;
        this.expected = expected;
    }

    @Parameters(name = "{0}")
    public static Collection<Object[]> cases() {
        List<Object[]> cases = new ArrayList<>();
        add(cases, "client_name missing", c -> c.remove("client_name"), "client_name");
        add(cases, "client_name only the prefix", c -> c.set("client_name", "client-"), "'client_name'");
        add(cases, "client_name with slash", c -> c.set("client_name", "treasure/data"), "'client_name'",
                "letters, digits");
        add(cases, "access key id missing", c -> c.remove("aws_access_key_id"), "aws_access_key_id");
        add(cases, "access key id with space", c -> c.set("aws_access_key_id", "AKIA EXAMPLE"),
                "'aws_access_key_id'");
        add(cases, "secret missing", c -> c.remove("aws_secret_access_key"), "aws_secret_access_key");
        add(cases, "secret empty", c -> c.set("aws_secret_access_key", " "),
                "option 'aws_secret_access_key' must not be empty");
        add(cases, "export_type unknown", c -> c.set("export_type", "third_party_segment"),
                "option 'export_type' is 'third_party_segment'; allowed values: first_party_segment");
        add(cases, "compression unknown", c -> c.set("compression", "zstd"),
                "option 'compression' is 'zstd'; allowed values: gzip, none");
        add(cases, "checksum_validation unknown", c -> c.set("checksum_validation", "never"),
                "option 'checksum_validation' is 'never'; allowed values: when_supported, when_required");
        add(cases, "bucket upper case", c -> c.set("bucket", "Krux-Partners"), "'bucket'", "3 to 63");
        add(cases, "bucket too short", c -> c.set("bucket", "kp"), "'bucket'");
        add(cases, "bucket double dot", c -> c.set("bucket", "krux..partners"), "'bucket'");
        add(cases, "path_template absolute", c -> c.set("path_template", "/{client}/uploads/{date}/"),
                "'path_template'", "'/'");
        add(cases, "path_template not a folder", c -> c.set("path_template", "{client}/uploads/{date}"),
                "'path_template'", "ending with '/'");
        add(cases, "path_template empty segment", c -> c.set("path_template", "{client}//{date}/"),
                "'path_template'", "'//'");
        add(cases, "path_template unknown placeholder", c -> c.set("path_template", "{client}/{day}/"),
                "'path_template'", "'{day}'", "{client}, {date}");
        add(cases, "path_template unclosed brace", c -> c.set("path_template", "{client/uploads/"),
                "'path_template'", "'{' without '}'");
        add(cases, "path_template stray closing brace", c -> c.set("path_template", "client}/uploads/"),
                "'path_template'", "'}' without '{'");
        add(cases, "file_name with folder", c -> c.set("file_name", "sub/{client}.gz"), "'file_name'", "'/'");
        add(cases, "file_name empty", c -> c.set("file_name", ""), "'file_name'");
        add(cases, "file_name unknown placeholder", c -> c.set("file_name", "{client}_{time}.gz"),
                "'file_name'", "'{time}'");
        add(cases, "endpoint without scheme", c -> c.set("endpoint", "127.0.0.1:9000"), "'endpoint'", "http or https");
        add(cases, "endpoint with path", c -> c.set("endpoint", "http://127.0.0.1:9000/bucket"), "'endpoint'");
        add(cases, "endpoint ftp", c -> c.set("endpoint", "ftp://s3.example.com"), "'endpoint'", "http or https");
        add(cases, "region malformed", c -> c.set("region", "US East"), "'region'", "us-east-1");
        add(cases, "retry_limit negative", c -> c.set("retry_limit", -1), "'retry_limit'");
        add(cases, "retry_initial_interval_millis 0", c -> c.set("retry_initial_interval_millis", 0),
                "'retry_initial_interval_millis'");
        add(cases, "retry max below initial", c -> c.set("retry_max_interval_millis", 10),
                "'retry_max_interval_millis'");

        // Record requirements from the schema.
        addWithSchema(cases, "no columns", TestConfigs::schema, "first column", "'user_id'");
        addWithSchema(cases, "only user_id", () -> schema("user_id", Types.STRING),
                "second column", "'td_segment'");
        addWithSchema(cases, "first column misnamed", () -> schema("uid", Types.STRING, "td_segment", Types.STRING),
                "first column", "'user_id'", "'uid'");
        addWithSchema(cases, "columns swapped",
                () -> schema("td_segment", Types.STRING, "user_id", Types.STRING), "first column", "'user_id'");
        addWithSchema(cases, "user_id not a string", () -> schema("user_id", Types.LONG, "td_segment", Types.STRING),
                "column 'user_id'", "string", "long");
        addWithSchema(cases, "td_segment not a string",
                () -> schema("user_id", Types.STRING, "td_segment", Types.JSON), "column 'td_segment'", "string");
        addWithSchema(cases, "attribute name with colon",
                () -> schema("user_id", Types.STRING, "td_segment", Types.STRING, "a:b", Types.STRING),
                "column 'a:b'", "':'");
        addWithSchema(cases, "attribute name with caret",
                () -> schema("user_id", Types.STRING, "td_segment", Types.STRING, "a^b", Types.STRING),
                "column 'a^b'");
        addWithSchema(cases, "attribute name with semicolon",
                () -> schema("user_id", Types.STRING, "td_segment", Types.STRING, "a;b", Types.STRING),
                "column 'a;b'");
        addWithSchema(cases, "attribute name with line break",
                () -> schema("user_id", Types.STRING, "td_segment", Types.STRING, "a\nb", Types.STRING),
                "column 'a\\nb'");
        addWithSchema(cases, "attribute named segment",
                () -> schema("user_id", Types.STRING, "td_segment", Types.STRING, "segment", Types.STRING),
                "column 'segment'");
        addWithSchema(cases, "attribute named user_id again",
                () -> schema("user_id", Types.STRING, "td_segment", Types.STRING, "user_id", Types.STRING),
                "column 'user_id' appears twice");
        addWithSchema(cases, "attribute twice", () -> schema("user_id", Types.STRING, "td_segment", Types.STRING,
                "email", Types.STRING, "email", Types.STRING), "column 'email'", "twice");
        return cases;
    }

    private static void add(List<Object[]> cases, String name, Consumer<ConfigSource> change, String... expected) {
        cases.add(new Object[] {name, change, (Supplier<Schema>) TestConfigs::defaultSchema, List.of(expected)});
    }

    private static void addWithSchema(List<Object[]> cases, String name, Supplier<Schema> schema,
            String... expected) {
        cases.add(new Object[] {name, (Consumer<ConfigSource>) c -> { }, schema, List.of(expected)});
    }

    @Test
    public void rejectsWithMessageNamingTheOption() {
        ConfigSource config = base();
        change.accept(config);
        ConfigException e = assertThrows(name, ConfigException.class,
                () -> SalesforceDmpOutputPlugin.configure(config, schema.get()));
        String message = e.getMessage();
        for (String part : expected) {
            assertTrue(name + ": message should contain <" + part + "> but was <" + message + ">",
                    message.contains(part));
        }
        assertFalse(name + ": message leaks the secret: " + message, message.contains(TestConfigs.SECRET));
    }
}
