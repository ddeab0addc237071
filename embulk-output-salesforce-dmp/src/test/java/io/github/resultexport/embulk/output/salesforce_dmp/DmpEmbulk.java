package io.github.resultexport.embulk.output.salesforce_dmp;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import org.embulk.EmbulkEmbed;
import org.embulk.config.ConfigSource;
import org.embulk.exec.ExecutionResult;
import org.embulk.input.file.LocalFileInputPlugin;
import org.embulk.parser.csv.CsvParserPlugin;
import org.junit.rules.ExternalResource;

/**
 * An embedded Embulk with this plugin, the test {@code segments} input, and the file input + csv parser;
 * {@link #run} executes a whole {@code in:/out:/exec:} config as {@code embulk run} does. As a {@link Supplier} it
 * builds the same Embulk for a {@code ChildEmbulk}.
 */
public final class DmpEmbulk extends ExternalResource implements Supplier<EmbulkEmbed> {
    /** The transaction time of the tests' runs unless they choose one: UTC day 2024-03-10. */
    static final String DAY = "2024-03-10";
    static final String TRANSACTION_TIME = DAY + " 09:30:00 UTC";
    static final String CLIENT = "client-treasure-data";

    private EmbulkEmbed embed;

    @Override
    public EmbulkEmbed get() {
        return new EmbulkEmbed.Bootstrap()
                .setEmbulkSystemProperties(new Properties())
                .builtinOutputPlugin("salesforce_dmp", SalesforceDmpOutputPlugin.class)
                .builtinInputPlugin("segments", SegmentsInputPlugin.class)
                .builtinFileInputPlugin("file", LocalFileInputPlugin.class)
                .builtinParserPlugin("csv", CsvParserPlugin.class)
                .initialize();
    }

    @Override
    protected void before() {
        embed = get();
    }

    ConfigSource newConfig() {
        return embed.newConfigLoader().newConfigSource();
    }

    /** The output into {@code endpoint} with the server's keys, path-style, quick retries. */
    ConfigSource out(String endpoint) {
        return newConfig().set("type", "salesforce_dmp").set("client_name", CLIENT)
                .set("aws_access_key_id", S3Server.ACCESS_KEY).set("aws_secret_access_key", S3Server.SECRET_KEY)
                .set("endpoint", endpoint).set("path_style_access", true)
                .set("retry_initial_interval_millis", 10).set("retry_max_interval_millis", 100);
    }

    /** {@code segments} input of {@code rows} records per task in {@code tasks} tasks. */
    ConfigSource segments(long rows, int tasks) {
        return newConfig().set("type", "segments").set("rows", rows).set("tasks", tasks);
    }

    /** {@code exec:} with the tests' transaction time and {@code tasks} output tasks (min and max threads). */
    ConfigSource exec(int tasks) {
        return execAt(TRANSACTION_TIME, tasks);
    }

    ConfigSource execAt(String transactionTime, int tasks) {
        return newConfig().set("transaction_time", transactionTime).set("min_output_tasks", tasks)
                .set("max_threads", Math.max(2, tasks));
    }

    /**
     * File input + csv parser over {@code path}; each column is {@code name:type} or {@code name:timestamp:format}
     * (the name may hold {@code :} itself).
     * Empty unquoted fields are NULL, {@code ""} is an empty string.
     */
    ConfigSource csv(String path, String... columns) {
        List<ConfigSource> cols = new ArrayList<>();
        for (String spec : columns) {
            int timestamp = spec.indexOf(":timestamp:");
            if (timestamp >= 0) {
                cols.add(newConfig().set("name", spec.substring(0, timestamp)).set("type", "timestamp")
                        .set("format", spec.substring(timestamp + ":timestamp:".length())));
            } else {
                int colon = spec.lastIndexOf(':');
                cols.add(newConfig().set("name", spec.substring(0, colon)).set("type", spec.substring(colon + 1)));
            }
        }
        ConfigSource parser = newConfig().set("type", "csv").set("charset", "UTF-8").set("newline", "LF")
                .set("delimiter", ",").set("quote", "\"").set("escape", "\"")
                .set("skip_header_lines", 0).set("allow_extra_columns", false).set("default_timezone", "UTC")
                .set("columns", cols);
        return newConfig().set("type", "file").set("path_prefix", path).set("parser", parser);
    }

    ExecutionResult run(ConfigSource in, ConfigSource out, ConfigSource exec) {
        return embed.run(newConfig().set("in", in).set("out", out).set("exec", exec));
    }

    /** The key of the day's file of {@link #CLIENT} with the default layout. */
    static String dailyKey(String day) {
        return CLIENT + "/uploads/" + day + "/" + CLIENT + "_first_party_segment.gz";
    }
}
