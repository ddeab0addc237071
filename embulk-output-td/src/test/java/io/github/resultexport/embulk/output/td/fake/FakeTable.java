package io.github.resultexport.embulk.output.td.fake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A log table: its name, schema and rows. Guarded by the {@link TdState} lock. */
final class FakeTable {
    final long id;
    String name;
    List<Column> columns = new ArrayList<>();
    final List<Map<String, Object>> rows = new ArrayList<>();
    final Instant createdAt;
    Instant updatedAt;

    FakeTable(long id, String name, Instant now) {
        this.id = id;
        this.name = name;
        this.createdAt = now;
        this.updatedAt = now;
    }
}
