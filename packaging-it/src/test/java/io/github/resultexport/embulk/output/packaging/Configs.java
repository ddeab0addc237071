package io.github.resultexport.embulk.output.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small Embulk configs: a CSV file read by the standard file input and csv parser, into one output. */
final class Configs {
    private Configs() {}

    /** Three rows (id, name, score) for the postgresql plugin. */
    static final String SCORES_CSV = String.join("\n",
            "id,name,score",
            "1,Alice,91.5",
            "2,Zoë Müller,78.25",
            "3,\"O'Brien, \"\"Bobby\"\"\",64.0",
            "");

    static final String SCORES_COLUMNS = String.join("\n",
            "    - {name: id, type: long}",
            "    - {name: name, type: string}",
            "    - {name: score, type: double}");

    /** Rows in the shape salesforce_dmp needs (user_id, td_segment first); enough for td and sfdc too. */
    static final String SEGMENTS_CSV = String.join("\n",
            "user_id,td_segment,visits",
            "u-1,\"sports,news\",3",
            "u-2,travel,1",
            "");

    static final String SEGMENTS_COLUMNS = String.join("\n",
            "    - {name: user_id, type: string}",
            "    - {name: td_segment, type: string}",
            "    - {name: visits, type: long}");

    /**
     * Writes {@code data.csv} and {@code config.yml} into {@code dir}; {@code out} is the body of the {@code out:}
     * section, indented by two spaces. Returns the config's path.
     */
    static Path write(final Path dir, final String csv, final String columns, final String out) throws IOException {
        final Path data = dir.resolve("data.csv");
        Files.writeString(data, csv, StandardCharsets.UTF_8);
        final String config = String.join("\n",
                "in:",
                "  type: file",
                "  path_prefix: " + quote(data.toAbsolutePath().toString()),
                "  parser:",
                "    type: csv",
                "    charset: UTF-8",
                "    newline: LF",
                "    skip_header_lines: 1",
                "    columns:",
                columns,
                "out:",
                out,
                "");
        final Path path = dir.resolve("config.yml");
        Files.writeString(path, config, StandardCharsets.UTF_8);
        return path;
    }

    /** A single-quoted YAML scalar. */
    static String quote(final String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
