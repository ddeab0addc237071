package io.github.resultexport.embulk.output.td.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.treasuredata.client.model.TDColumnType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

/**
 * Everything the fake Treasure Data holds — databases, tables with schemas and rows, bulk-import sessions, jobs —
 * and the rules that change it. The public methods inspect and seed it from tests; the package-private ones are
 * the API operations, which throw {@link TdApiException} where TD rejects a request. One lock guards it all.
 */
public final class TdState {
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{3,128}");
    private static final Pattern SQL_ALIAS = Pattern.compile("[a-z_][a-z0-9_]{0,127}");
    private static final Set<String> RESERVED_COLUMNS = Set.of("time", "v");
    private static final DateTimeFormatter TIME_FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final Map<String, FakeDatabase> databases = new LinkedHashMap<>();
    private final Map<String, FakeSession> sessions = new LinkedHashMap<>();
    private final Map<String, FakeJob> jobs = new LinkedHashMap<>();
    private long nextId = 1;
    private long nextJobId = 1000;
    private int pollsToFinishPerform = 2;
    private int pollsToFinishCommit = 2;

    TdState() {
    }

    // ---- inspection -------------------------------------------------------------------------------------------

    public synchronized List<String> databases() {
        return List.copyOf(databases.keySet());
    }

    public synchronized List<String> tables(String database) {
        return List.copyOf(existingDatabase(database).tables.keySet());
    }

    public synchronized boolean tableExists(String database, String table) {
        FakeDatabase db = databases.get(database);
        return db != null && db.tables.containsKey(table);
    }

    /** The schema as {@code [key, type]} pairs, in column order. */
    public synchronized List<List<String>> schema(String database, String table) {
        return existingTable(database, table).columns.stream()
                .map(c -> List.of(c.key(), c.type())).collect(Collectors.toUnmodifiableList());
    }

    public synchronized List<Column> columns(String database, String table) {
        return List.copyOf(existingTable(database, table).columns);
    }

    /** The table's rows in insertion order: Long, Double, String, Boolean, byte[], List, Map or null values. */
    public synchronized List<Map<String, Object>> rows(String database, String table) {
        return List.copyOf(existingTable(database, table).rows);
    }

    public synchronized List<SessionInfo> sessions() {
        return sessions.values().stream().map(FakeSession::info).collect(Collectors.toUnmodifiableList());
    }

    public synchronized boolean hasSession(String name) {
        return sessions.containsKey(name);
    }

    public synchronized SessionInfo session(String name) {
        FakeSession session = sessions.get(name);
        if (session == null) {
            throw new NoSuchElementException("no bulk-import session " + name);
        }
        return session.info();
    }

    public synchronized List<JobInfo> jobs() {
        return jobs.values().stream().map(FakeJob::info).collect(Collectors.toUnmodifiableList());
    }

    public synchronized JobInfo job(String jobId) {
        FakeJob job = jobs.get(jobId);
        if (job == null) {
            throw new NoSuchElementException("no job " + jobId);
        }
        return job.info();
    }

    // ---- seeding ----------------------------------------------------------------------------------------------

    public synchronized void createDatabase(String name) {
        createDatabaseOp(name);
    }

    /** Creates a log table with the given {@code [key, type]} (or {@code [key, type, alias]}) columns. */
    public synchronized void createTable(String database, String table, List<List<String>> schema) {
        List<Column> columns = parseWholeSchema(schema, false);
        createTableOp(database, table, "log");
        existingTable(database, table).columns = columns;
    }

    public synchronized void insertRows(String database, String table, List<Map<String, Object>> rows) {
        FakeTable t = existingTable(database, table);
        rows.forEach(r -> t.rows.add(Collections.unmodifiableMap(new LinkedHashMap<>(r))));
    }

    synchronized void setPollsToFinish(int perform, int commit) {
        if (perform < 1 || commit < 1) {
            throw new IllegalArgumentException("at least one poll is needed");
        }
        pollsToFinishPerform = perform;
        pollsToFinishCommit = commit;
    }

    // ---- databases --------------------------------------------------------------------------------------------

    synchronized Map<String, Object> listDatabases(KeyRole role) {
        List<Object> list = new ArrayList<>();
        databases.values().forEach(db -> list.add(databaseJson(db, role)));
        return Json.object("databases", list);
    }

    synchronized Map<String, Object> showDatabase(String name, KeyRole role) {
        return databaseJson(apiDatabase(name), role);
    }

    synchronized Map<String, Object> createDatabaseOp(String name) {
        validateName("Database", name);
        if (databases.containsKey(name)) {
            throw TdApiException.conflict("Database " + name + " already exists");
        }
        databases.put(name, new FakeDatabase(nextId++, name, Instant.now()));
        return Json.object("database", name);
    }

    synchronized Map<String, Object> deleteDatabase(String name) {
        apiDatabase(name);
        databases.remove(name);
        return Json.object("database", name);
    }

    private Map<String, Object> databaseJson(FakeDatabase db, KeyRole role) {
        String created = format(db.createdAt);
        return Json.object("id", Long.toString(db.id), "name", db.name, "count", db.rowCount(),
                "created_at", created, "updated_at", created, "organization", null,
                "permission", role == KeyRole.MASTER ? "administrator" : "import_only", "delete_protected", false);
    }

    // ---- tables -----------------------------------------------------------------------------------------------

    synchronized Map<String, Object> listTables(String database) {
        List<Object> list = new ArrayList<>();
        apiDatabase(database).tables.values().forEach(t -> list.add(tableJson(t)));
        return Json.object("database", database, "tables", list);
    }

    synchronized Map<String, Object> showTable(String database, String table) {
        return tableJson(apiTable(database, table));
    }

    synchronized Map<String, Object> createTableOp(String database, String table, String type) {
        validateName("Table", table);
        if (!"log".equals(type)) {
            throw TdApiException.badRequest("Table type must be log: " + type);
        }
        FakeDatabase db = apiDatabase(database);
        if (db.tables.containsKey(table)) {
            throw TdApiException.conflict("Table " + table + " already exists");
        }
        db.tables.put(table, new FakeTable(nextId++, table, Instant.now()));
        return tableResult(database, table);
    }

    synchronized Map<String, Object> deleteTable(String database, String table) {
        apiTable(database, table);
        databases.get(database).tables.remove(table);
        return tableResult(database, table);
    }

    /** {@code overwrite} replaces an existing {@code to} (its rows and schema go) in one step. */
    synchronized Map<String, Object> renameTable(String database, String from, String to, boolean overwrite) {
        validateName("Table", to);
        FakeTable table = apiTable(database, from);
        FakeDatabase db = databases.get(database);
        if (from.equals(to)) {
            return tableResult(database, to);
        }
        if (db.tables.containsKey(to) && !overwrite) {
            throw TdApiException.conflict("Table " + to + " already exists");
        }
        db.tables.remove(from);
        db.tables.remove(to);
        table.name = to;
        table.updatedAt = Instant.now();
        db.tables.put(to, table);
        return tableResult(database, to);
    }

    synchronized Map<String, Object> swapTables(String database, String first, String second) {
        FakeTable a = apiTable(database, first);
        FakeTable b = apiTable(database, second);
        FakeDatabase db = databases.get(database);
        a.name = second;
        b.name = first;
        db.tables.put(first, b);
        db.tables.put(second, a);
        return Json.object("database", database, "table1", first, "table2", second);
    }

    /** Adds the columns whose keys the table does not have yet; existing columns keep their type and alias. */
    synchronized Map<String, Object> appendSchema(String database, String table, JsonNode schema) {
        FakeTable t = apiTable(database, table);
        List<Column> requested = parseSchema(tuples(schema));
        List<Column> columns = new ArrayList<>(t.columns);
        Set<String> keys = columns.stream().map(Column::key).collect(Collectors.toCollection(HashSet::new));
        Set<String> aliases = columns.stream().map(Column::alias).collect(Collectors.toCollection(HashSet::new));
        for (Column c : requested) {
            if (keys.add(c.key())) {
                String alias = uniqueAlias(c.alias(), aliases);
                aliases.add(alias);
                columns.add(new Column(c.key(), c.type(), alias));
            }
        }
        t.columns = columns;
        t.updatedAt = Instant.now();
        return tableResult(database, table);
    }

    synchronized Map<String, Object> updateSchema(String database, String table, JsonNode schema,
            boolean ignoreDuplicates) {
        FakeTable t = apiTable(database, table);
        t.columns = parseWholeSchema(tuples(schema), ignoreDuplicates);
        t.updatedAt = Instant.now();
        return tableResult(database, table);
    }

    private static Map<String, Object> tableResult(String database, String table) {
        return Json.object("database", database, "table", table, "type", "log");
    }

    private Map<String, Object> tableJson(FakeTable t) {
        List<List<String>> schema = t.columns.stream().map(Column::toTuple).collect(Collectors.toList());
        return Json.object("id", t.id, "name", t.name, "type", "log", "count", (long) t.rows.size(),
                "estimated_storage_size", 0L, "last_log_timestamp", null, "expire_days", null,
                "created_at", format(t.createdAt), "updated_at", format(t.updatedAt),
                "counter_updated_at", format(t.updatedAt), "delete_protected", false, "include_v", true,
                "schema", Json.write(schema));
    }

    private static List<List<String>> tuples(JsonNode schema) {
        if (schema == null || !schema.isArray()) {
            throw TdApiException.badRequest("schema must be an array of [key, type] arrays");
        }
        List<List<String>> tuples = new ArrayList<>();
        for (JsonNode tuple : schema) {
            if (!tuple.isArray() || tuple.size() < 2 || tuple.size() > 3) {
                throw TdApiException.badRequest("schema entry must be [key, type] or [key, type, alias]: " + tuple);
            }
            List<String> values = new ArrayList<>();
            tuple.forEach(v -> values.add(v.isTextual() ? v.asText() : null));
            if (values.contains(null)) {
                throw TdApiException.badRequest("schema entry must hold strings: " + tuple);
            }
            tuples.add(values);
        }
        return tuples;
    }

    /**
     * Checks columns as TD does: a non-empty key that is not reserved ({@code time}, {@code v}: 422), a type
     * td-client can read back (422), an alias that is a SQL name (422). A key that is no SQL name gets a
     * generated alias (lower-cased, other characters squashed to '_'; TD's own generated aliases may differ).
     */
    private static List<Column> parseSchema(List<List<String>> tuples) {
        List<Column> columns = new ArrayList<>();
        for (List<String> tuple : tuples) {
            String key = tuple.get(0);
            String type = tuple.get(1);
            if (key.isEmpty()) {
                throw TdApiException.unprocessable("Column name must not be empty");
            }
            if (RESERVED_COLUMNS.contains(key)) {
                throw TdApiException.unprocessable("Column name '" + key + "' is reserved");
            }
            try {
                type = TDColumnType.parseColumnType(type).toString();
            } catch (IllegalArgumentException e) {
                throw TdApiException.unprocessable("Unsupported column type '" + type + "' of column " + key);
            }
            String alias = tuple.size() == 3 ? tuple.get(2) : generatedAlias(key);
            if (!SQL_ALIAS.matcher(alias).matches() || RESERVED_COLUMNS.contains(alias)) {
                throw TdApiException.unprocessable("Invalid column alias '" + alias + "' of column " + key);
            }
            columns.add(new Column(key, type, alias));
        }
        return columns;
    }

    /** A whole schema: a repeated key or alias is a 422, or with {@code ignoreDuplicates} only its first use counts. */
    private static List<Column> parseWholeSchema(List<List<String>> tuples, boolean ignoreDuplicates) {
        List<Column> columns = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        Set<String> aliases = new HashSet<>();
        for (Column c : parseSchema(tuples)) {
            if (keys.contains(c.key()) || aliases.contains(c.alias())) {
                if (ignoreDuplicates) {
                    continue;
                }
                throw TdApiException.unprocessable("Duplicated column " + c.key());
            }
            keys.add(c.key());
            aliases.add(c.alias());
            columns.add(c);
        }
        return columns;
    }

    private static String generatedAlias(String key) {
        if (SQL_ALIAS.matcher(key).matches()) {
            return key;
        }
        String alias = key.toLowerCase(Locale.ROOT).replaceAll("(?:[^a-z0-9_]|\\A[^a-z_])+", "_");
        return alias.length() > 128 ? alias.substring(0, 128) : alias;
    }

    private static String uniqueAlias(String alias, Set<String> taken) {
        String candidate = alias;
        for (int n = 1; taken.contains(candidate); n++) {
            candidate = alias + "_" + n;
        }
        return candidate;
    }

    // ---- bulk import ------------------------------------------------------------------------------------------

    synchronized Map<String, Object> createSession(String name, String database, String table) {
        validateName("Bulk import session", name);
        apiTable(database, table);
        if (sessions.containsKey(name)) {
            throw TdApiException.conflict("Bulk import session " + name + " already exists");
        }
        sessions.put(name, new FakeSession(name, database, table));
        return sessionResult(name);
    }

    /** Also a poll: a performing or committing session advances one step. */
    synchronized Map<String, Object> showSession(String name) {
        FakeSession session = apiSession(name);
        if (session.status == SessionStatus.PERFORMING && !session.job.status.isFinished()) {
            advance(session.job);
        } else if (session.status == SessionStatus.COMMITTING) {
            advanceCommit(session);
        }
        return sessionJson(session);
    }

    synchronized Map<String, Object> listSessions() {
        List<Object> list = new ArrayList<>();
        sessions.values().forEach(s -> list.add(sessionJson(s)));
        return Json.object("bulk_imports", list);
    }

    synchronized Map<String, Object> listParts(String name) {
        return Json.object("name", name, "parts", List.copyOf(apiSession(name).parts.keySet()));
    }

    synchronized Map<String, Object> uploadPart(String name, String part, DecodedPart decoded) {
        FakeSession session = apiSession(name);
        requireOpenForUpload(session);
        session.parts.put(part, decoded);
        return sessionResult(name);
    }

    synchronized Map<String, Object> deletePart(String name, String part) {
        FakeSession session = apiSession(name);
        requireOpenForUpload(session);
        if (session.parts.remove(part) == null) {
            throw TdApiException.notFound("Bulk import part " + part + " does not exist");
        }
        return sessionResult(name);
    }

    synchronized Map<String, Object> freeze(String name) {
        FakeSession session = apiSession(name);
        if (session.frozen || session.status != SessionStatus.UPLOADING) {
            throw TdApiException.conflict("Bulk import session " + name + " is already frozen");
        }
        session.frozen = true;
        return sessionResult(name);
    }

    synchronized Map<String, Object> unfreeze(String name) {
        FakeSession session = apiSession(name);
        if (!session.frozen || session.status != SessionStatus.UPLOADING) {
            throw TdApiException.conflict("Bulk import session " + name + " is not frozen or is "
                    + session.status.wireName());
        }
        session.frozen = false;
        return sessionResult(name);
    }

    /**
     * Starts a perform job. Performing again while performing or ready is allowed (a new job replaces the old one,
     * which is how a killed perform is retried).
     */
    synchronized Map<String, Object> perform(String name, int extraPolls, JobStatus endStatus) {
        FakeSession session = apiSession(name);
        if (session.status == SessionStatus.COMMITTING || session.status == SessionStatus.COMMITTED) {
            throw TdApiException.conflict("Bulk import session " + name + " is already " + session.status.wireName());
        }
        if (!session.frozen) {
            throw TdApiException.conflict("Bulk import session " + name + " is not frozen");
        }
        apiTable(session.database, session.table);
        FakeJob job = new FakeJob(Long.toString(nextJobId++), session, pollsToFinishPerform + extraPolls, endStatus,
                Instant.now());
        jobs.put(job.id, job);
        session.job = job;
        session.performed = null;
        session.status = SessionStatus.PERFORMING;
        Map<String, Object> result = sessionResult(name);
        result.put("job_id", job.id);
        return result;
    }

    synchronized Map<String, Object> commit(String name, int extraPolls) {
        FakeSession session = apiSession(name);
        if (session.status != SessionStatus.READY) {
            throw TdApiException.conflict("Bulk import session " + name + " is " + session.status.wireName()
                    + (session.status == SessionStatus.PERFORMING || session.status == SessionStatus.UPLOADING
                    ? ", not ready to commit" : ""));
        }
        apiTable(session.database, session.table);
        session.status = SessionStatus.COMMITTING;
        session.commitPollsLeft = pollsToFinishCommit + extraPolls;
        return sessionResult(name);
    }

    synchronized Map<String, Object> deleteSession(String name) {
        apiSession(name);
        sessions.remove(name);
        return sessionResult(name);
    }

    /** The error records of the last finished perform, gzip'd msgpack; an empty gzip stream when there are none. */
    synchronized byte[] errorRecords(String name) {
        FakeSession session = apiSession(name);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            if (session.performed != null) {
                for (byte[] record : session.performed.errorRecords) {
                    gzip.write(record);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    private static void requireOpenForUpload(FakeSession session) {
        if (session.frozen || session.status != SessionStatus.UPLOADING) {
            throw TdApiException.conflict("Bulk import session " + session.name + " is already frozen");
        }
    }

    private static Map<String, Object> sessionResult(String name) {
        return Json.object("name", name, "bulk_import", name);
    }

    private static Map<String, Object> sessionJson(FakeSession s) {
        SessionInfo info = s.info();
        return Json.object("name", s.name, "database", s.database, "table", s.table, "status", s.status.wireName(),
                "upload_frozen", s.frozen, "job_id", info.jobId(), "valid_records", info.validRecords(),
                "error_records", info.errorRecords(), "valid_parts", info.validParts(),
                "error_parts", info.errorParts());
    }

    /**
     * One poll of a job. When it finishes with success and it is still its session's job, the session becomes
     * ready with the job's counts; if the table went away meanwhile, the job ends in error instead. A job that ends
     * killed or in error leaves its session performing.
     */
    private void advance(FakeJob job) {
        if (job.status.isFinished()) {
            return;
        }
        if (job.status == JobStatus.QUEUED) {
            job.status = JobStatus.RUNNING;
            job.startAt = Instant.now();
        }
        if (--job.pollsLeft > 0) {
            return;
        }
        job.endAt = Instant.now();
        FakeSession session = sessions.get(job.sessionName);
        boolean tableExists = tableExists(job.database, job.table);
        job.status = job.endStatus == JobStatus.SUCCESS && !tableExists ? JobStatus.ERROR : job.endStatus;
        if (job.status == JobStatus.SUCCESS && session != null && session.job == job) {
            session.performed = job;
            session.status = SessionStatus.READY;
        }
    }

    /** One poll of a committing session; at the end the rows go to the table (or, if it is gone, back to ready). */
    private void advanceCommit(FakeSession session) {
        if (--session.commitPollsLeft > 0) {
            return;
        }
        FakeDatabase db = databases.get(session.database);
        FakeTable table = db == null ? null : db.tables.get(session.table);
        if (table == null) {
            session.status = SessionStatus.READY;
            return;
        }
        table.rows.addAll(session.performed.validRows);
        table.updatedAt = Instant.now();
        session.status = SessionStatus.COMMITTED;
    }

    // ---- jobs -------------------------------------------------------------------------------------------------

    /** Also a poll of the job. */
    synchronized Map<String, Object> showJob(String jobId) {
        FakeJob job = apiJob(jobId);
        advance(job);
        return Json.object("job_id", job.id, "type", "bulk_import", "status", job.status.wireName(),
                "query", "bulk_import perform " + job.sessionName, "database", job.database,
                "created_at", format(job.createdAt), "updated_at", format(Instant.now()),
                "start_at", format(job.startAt), "end_at", format(job.endAt), "duration", 0L,
                "result_size", 0L, "num_records", (long) job.validRows.size(), "priority", 0, "retry_limit", 0,
                "result", "", "url", "", "user_name", "fake", "hive_result_schema", null);
    }

    /** Also a poll of the job. */
    synchronized Map<String, Object> jobStatus(String jobId) {
        FakeJob job = apiJob(jobId);
        advance(job);
        return Json.object("job_id", job.id, "status", job.status.wireName(), "created_at", format(job.createdAt),
                "updated_at", format(Instant.now()), "start_at", format(job.startAt), "end_at", format(job.endAt),
                "duration", 0L, "result_size", 0L, "num_records", (long) job.validRows.size(), "cpu_time", null);
    }

    // ---- lookups ----------------------------------------------------------------------------------------------

    private static void validateName(String what, String name) {
        if (!NAME.matcher(name).matches()) {
            throw TdApiException.badRequest(what + " name must be 3 to 128 characters of lower-case letters, "
                    + "digits and '_': " + name);
        }
    }

    private FakeDatabase apiDatabase(String name) {
        FakeDatabase db = databases.get(name);
        if (db == null) {
            throw TdApiException.notFound("Database " + name + " does not exist");
        }
        return db;
    }

    private FakeTable apiTable(String database, String table) {
        FakeTable t = apiDatabase(database).tables.get(table);
        if (t == null) {
            throw TdApiException.notFound("Table " + database + "." + table + " does not exist");
        }
        return t;
    }

    private FakeSession apiSession(String name) {
        FakeSession session = sessions.get(name);
        if (session == null) {
            throw TdApiException.notFound("Bulk import session " + name + " does not exist");
        }
        return session;
    }

    private FakeJob apiJob(String id) {
        FakeJob job = jobs.get(id);
        if (job == null) {
            throw TdApiException.notFound("Job " + id + " does not exist");
        }
        return job;
    }

    private FakeDatabase existingDatabase(String name) {
        FakeDatabase db = databases.get(name);
        if (db == null) {
            throw new NoSuchElementException("no database " + name);
        }
        return db;
    }

    private FakeTable existingTable(String database, String table) {
        FakeTable t = existingDatabase(database).tables.get(table);
        if (t == null) {
            throw new NoSuchElementException("no table " + database + "." + table);
        }
        return t;
    }

    private static String format(Instant instant) {
        return instant == null ? null : TIME_FORMAT.format(instant);
    }
}
