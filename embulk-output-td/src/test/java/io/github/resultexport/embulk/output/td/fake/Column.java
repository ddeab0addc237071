package io.github.resultexport.embulk.output.td.fake;

import java.util.List;

/**
 * A column of a table's schema: the record key it reads, its type ({@code string}, {@code long}, {@code double},
 * {@code int}, {@code float}, {@code array<...>}, {@code map<...,...>}) and its SQL alias.
 */
public record Column(String key, String type, String alias) {
    public Column(String key, String type) {
        this(key, type, key);
    }

    /** {@code [key, type]}, or {@code [key, type, alias]} when the alias differs, as TD's schema JSON has it. */
    List<String> toTuple() {
        return key.equals(alias) ? List.of(key, type) : List.of(key, type, alias);
    }
}
