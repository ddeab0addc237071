package io.github.resultexport.embulk.output.td.fake;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A database and its tables by name. Guarded by the {@link TdState} lock. */
final class FakeDatabase {
    final long id;
    final String name;
    final Map<String, FakeTable> tables = new LinkedHashMap<>();
    final Instant createdAt;

    FakeDatabase(long id, String name, Instant now) {
        this.id = id;
        this.name = name;
        this.createdAt = now;
    }

    long rowCount() {
        return tables.values().stream().mapToLong(t -> t.rows.size()).sum();
    }
}
