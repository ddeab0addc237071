package io.github.resultexport.embulk.output.sfdc.stage;

import io.github.resultexport.embulk.output.sfdc.client.SalesforceClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code update} with {@code upsert: false}: the Bulk API updates only by {@code Id}, so each row's {@code unique} key
 * is looked up first (a SOQL query per few hundred keys) and the row is sent with the Id it found. A row whose key
 * matches no record fails — it is never inserted — and is reported like any failed row.
 */
public final class IdLookup {
    /** SOQL statements may be 100,000 characters long; the keys of one query stay well below. */
    private static final int MAX_KEY_CHARS_PER_QUERY = 20_000;

    private final SalesforceClient client;
    private final String object;
    private final String unique;
    private final int rowsPerLookup;
    private final BatchPipeline batches;
    private final List<Pending> pending = new ArrayList<>();

    public IdLookup(SalesforceClient client, String object, String unique, int rowsPerLookup, BatchPipeline batches) {
        this.client = client;
        this.object = object;
        this.unique = unique;
        this.rowsPerLookup = rowsPerLookup;
        this.batches = batches;
    }

    /** A row whose key is {@code key} (null when the key column is null) and whose CSV line is {@code line}. */
    public void add(long rowNumber, String key, String line) {
        pending.add(new Pending(rowNumber, key, line));
        if (pending.size() >= rowsPerLookup) {
            flush();
        }
    }

    public void finish() {
        flush();
        batches.finish();
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Set<String> keys = new LinkedHashSet<>();
        for (Pending p : pending) {
            if (p.key != null) {
                keys.add(p.key);
            }
        }
        Map<String, String> ids = lookUp(keys);
        for (Pending p : pending) {
            String id = p.key == null ? null : ids.get(p.key);
            if (id == null) {
                batches.reject(p.rowNumber, "NOT_FOUND: no " + object + " record has " + unique + " = "
                        + (p.key == null ? "null" : "'" + p.key + "'") + " (upsert: false updates existing records"
                        + " only)", p.line);
            } else {
                batches.add(p.rowNumber, "\"" + id + "\"," + p.line);
            }
        }
        pending.clear();
    }

    private Map<String, String> lookUp(Set<String> keys) {
        Map<String, String> ids = new HashMap<>();
        StringBuilder in = new StringBuilder();
        for (String key : keys) {
            if (in.length() > 0) {
                in.append(',');
            }
            in.append('\'').append(key.replace("\\", "\\\\").replace("'", "\\'")).append('\'');
            if (in.length() >= MAX_KEY_CHARS_PER_QUERY) {
                query(in, ids);
                in.setLength(0);
            }
        }
        if (in.length() > 0) {
            query(in, ids);
        }
        return ids;
    }

    private void query(StringBuilder in, Map<String, String> ids) {
        client.query("SELECT Id, " + unique + " FROM " + object + " WHERE " + unique + " IN (" + in + ")",
                record -> ids.put(String.valueOf(record.getField(unique)), record.getId()));
    }

    private static final class Pending {
        final long rowNumber;
        final String key;
        final String line;

        Pending(long rowNumber, String key, String line) {
            this.rowNumber = rowNumber;
            this.key = key;
            this.line = line;
        }
    }
}
