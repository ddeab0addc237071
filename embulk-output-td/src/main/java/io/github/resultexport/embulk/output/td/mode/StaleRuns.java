package io.github.resultexport.embulk.output.td.mode;

import com.treasuredata.client.model.TDBulkImportSession;
import com.treasuredata.client.model.TDTable;
import io.github.resultexport.embulk.output.td.client.TdApi;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;

/**
 * Removes what dead runs into the same table left: their bulk-import sessions and temporary tables. A run counts
 * as dead when its newest lease (or, before it took one, its start) is older than {@code stale_run_timeout}; the
 * sessions and tables of a live concurrent run are never touched.
 */
final class StaleRuns {
    private StaleRuns() {
    }

    static void sweep(TdApi api, String database, String table, RunNames own, Duration staleAfter,
            boolean mayDeleteTables, Logger log) {
        List<TDBulkImportSession> sessions = api.listSessions();
        Map<String, Instant> lastAlive = new HashMap<>();
        Map<String, List<TDBulkImportSession>> sessionsOf = new HashMap<>();
        for (TDBulkImportSession s : sessions) {
            Optional<RunNames.SessionName> name = RunNames.parseSession(s.getName());
            if (!name.isPresent() || name.get().runId.equals(own.runId())) {
                continue;
            }
            String run = name.get().runId;
            if (name.get().isLease()) {
                lastAlive.merge(run, Instant.ofEpochSecond(name.get().leaseSeconds),
                        (a, b) -> a.isAfter(b) ? a : b);
            }
            if (database.equals(s.getDatabaseName()) && (table.equals(s.getTableName())
                    || RunNames.runOfTempTable(table, String.valueOf(s.getTableName())).isPresent())) {
                sessionsOf.computeIfAbsent(run, k -> new ArrayList<>()).add(s);
            }
        }
        Map<String, List<String>> tablesOf = new HashMap<>();
        if (api.databaseExists(database)) {
            for (TDTable t : api.listTables(database)) {
                RunNames.runOfTempTable(table, t.getName()).filter(run -> !run.equals(own.runId()))
                        .ifPresent(run -> tablesOf.computeIfAbsent(run, k -> new ArrayList<>()).add(t.getName()));
            }
        }
        TreeSet<String> runs = new TreeSet<>(sessionsOf.keySet());
        runs.addAll(tablesOf.keySet());
        Instant now = Instant.now();
        for (String run : runs) {
            Instant alive = lastAlive.getOrDefault(run, RunNames.startOf(run));
            if (Duration.between(alive, now).compareTo(staleAfter) <= 0) {
                log.info("run {} into {}.{} is still alive (lease renewed at {}); its temporary table and sessions"
                        + " are left alone", run, database, table, alive);
                continue;
            }
            for (TDBulkImportSession s : sessionsOf.getOrDefault(run, new ArrayList<>())) {
                api.deleteSession(s.getName());
                log.info("removed bulk-import session {} left by run {}, which stopped at {}", s.getName(), run,
                        alive);
            }
            for (String t : tablesOf.getOrDefault(run, new ArrayList<>())) {
                if (!mayDeleteTables) {
                    log.warn("temporary table {}.{} was left by run {}, which stopped at {}; this API key may not"
                            + " delete tables: remove it with a master key", database, t, run, alive);
                    continue;
                }
                api.deleteTable(database, t);
                log.info("removed temporary table {}.{} left by run {}, which stopped at {}", database, t, run,
                        alive);
            }
        }
    }
}
