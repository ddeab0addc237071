package io.github.resultexport.embulk.output.td.mode;

import com.treasuredata.client.model.TDColumn;
import com.treasuredata.client.model.TDColumnType;
import com.treasuredata.client.model.TDTable;
import io.github.resultexport.embulk.output.td.encode.TdColumn;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The target as found at the start of the run, and the schema arithmetic of the modes. */
final class TargetTable {
    final String database;
    final String table;
    final boolean databaseExists;
    final Optional<TDTable> existing;

    TargetTable(String database, String table, boolean databaseExists, Optional<TDTable> existing) {
        this.database = database;
        this.table = table;
        this.databaseExists = databaseExists;
        this.existing = existing;
    }

    /** The input's columns as TD schema entries: SQL name, type and the key of the values in the records. */
    static List<TDColumn> schemaOf(List<TdColumn> columns) {
        List<TDColumn> schema = new ArrayList<>();
        for (TdColumn c : columns) {
            schema.add(new TDColumn(c.sqlName(), TDColumnType.parseColumnType(c.tdType()),
                    c.key().getBytes(StandardCharsets.UTF_8)));
        }
        return schema;
    }

    /** The input's columns that the existing table lacks (all of them when there is no table). */
    List<TDColumn> missingColumns(List<TdColumn> columns) {
        Set<String> have = new HashSet<>();
        existing.ifPresent(t -> t.getSchema().forEach(c -> have.add(c.getName())));
        List<TDColumn> missing = new ArrayList<>();
        for (TDColumn c : schemaOf(columns)) {
            if (!have.contains(c.getName())) {
                missing.add(c);
            }
        }
        return missing;
    }

    /** truncate's schema: the existing table's columns, then the input's new ones. */
    List<TDColumn> keptSchemaWith(List<TdColumn> columns) {
        List<TDColumn> schema = new ArrayList<>();
        existing.ifPresent(t -> schema.addAll(t.getSchema()));
        schema.addAll(missingColumns(columns));
        return schema;
    }

    String display() {
        return database + "." + table;
    }
}
