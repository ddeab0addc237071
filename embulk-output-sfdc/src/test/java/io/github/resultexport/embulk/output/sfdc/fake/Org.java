package io.github.resultexport.embulk.output.sfdc.fake;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The state of the fake org: users and sessions, objects and their records and recycle bins, Bulk jobs and batches.
 * Every method runs under the org's lock, so requests from many threads see one consistent state.
 *
 * <p>Batches advance only when polled: every GET of a job's info, batch list or batch info is one poll of that job,
 * and moves each of its batches one step: Queued → InProgress (a serial job starts a batch only when none of its
 * batches is InProgress) → after {@code pollsInProgress} more polls (plus a slow fault's extra polls) Completed or
 * Failed. A batch's rows are applied to the records when it completes.
 *
 * <p>Queries ({@link Soql}) of the SOAP API and of Bulk query jobs see the live records. A SOAP query keeps a snapshot
 * of its matching records in a cursor and hands them out in pages of at most {@code queryBatchSize} records (2,000,
 * Salesforce's default and maximum, unless a test sets it lower); a client's QueryOptions batchSize, taken within
 * Salesforce's 200 to 2,000, can make the pages smaller still. A cursor is gone once its last page has been served,
 * and only its user may read it.
 *
 * <p>Codes are Salesforce's (Bulk exception codes, row status codes, the {@code "InvalidBatch : "} prefix of a
 * failed batch's stateMessage); some message texts are close to, but not known to be, Salesforce's exact wording:
 * the batch-limit stateMessages, InvalidJobState and InvalidJob messages, the hardDelete permission message and CSV
 * parse errors. Clients should branch on codes and states, never on message text.
 */
final class Org {
    static final int MAX_RECORDS = 10_000;
    static final int MAX_BYTES = 10 * 1024 * 1024;
    static final int MAX_CHARACTERS = 10_000_000;
    static final int MAX_FIELD_CHARACTERS = 32_000;
    static final String NOT_FOUND_QUERY_RESULT = "Records not found for this query";
    /** The default and largest page of a SOAP query, and the smallest page a client may ask for. */
    static final int MAX_QUERY_BATCH_SIZE = 2000;
    static final int MIN_QUERY_BATCH_SIZE = 200;

    private static final List<String> OPERATIONS =
            List.of("insert", "upsert", "update", "delete", "hardDelete", "query");

    final String orgId = "00D5g000004Fake";
    final String orgName = "Fake Org";
    private final SecureRandom random = new SecureRandom();
    private final Faults faults;
    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<String, ObjectStore> objects = new LinkedHashMap<>();
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Map<String, Long> idCounters = new HashMap<>();
    private final Map<String, Cursor> cursors = new HashMap<>();
    private int queryBatchSize = MAX_QUERY_BATCH_SIZE;
    private int pollsInProgress = 1;
    private boolean instantInserts;
    private final List<Batch> unverified = new ArrayList<>();
    private int sessionCallLimit;
    private int maxBatchesInProgressAcrossJobs;
    private int logouts;

    Org(Faults faults) {
        this.faults = faults;
    }

    // ---------------------------------------------------------------- users and sessions

    static final class User {
        final String id;
        final String username;
        final String password;
        final String securityToken;
        boolean hardDelete;

        User(String id, String username, String password, String securityToken) {
            this.id = id;
            this.username = username;
            this.password = password;
            this.securityToken = securityToken;
        }
    }

    static final class Session {
        final String id;
        final User user;
        boolean valid = true;
        int calls;

        Session(String id, User user) {
            this.id = id;
            this.user = user;
        }
    }

    synchronized String addUser(String username, String password, String securityToken, boolean hardDelete) {
        String key = username.toLowerCase(Locale.ROOT);
        if (users.containsKey(key)) {
            throw new IllegalArgumentException("user " + username + " exists already");
        }
        User user = new User(nextId("005"), username, password, securityToken == null ? "" : securityToken);
        user.hardDelete = hardDelete;
        users.put(key, user);
        return user.id;
    }

    synchronized void setHardDeletePermission(String username, boolean granted) {
        user(username).hardDelete = granted;
    }

    synchronized User user(String username) {
        User user = users.get(username.toLowerCase(Locale.ROOT));
        if (user == null) {
            throw new IllegalArgumentException("no user " + username);
        }
        return user;
    }

    /** The new session of a login, or null when the username or password+token is wrong. */
    synchronized Session login(String username, String passwordAndToken) {
        User user = username == null ? null : users.get(username.toLowerCase(Locale.ROOT));
        if (user == null || passwordAndToken == null
                || !passwordAndToken.equals(user.password + user.securityToken)) {
            return null;
        }
        byte[] secret = new byte[48];
        random.nextBytes(secret);
        String id = orgId + "!" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(secret)
                .replace('-', '.').replace('_', '.');
        Session session = new Session(id, user);
        sessions.put(id, session);
        return session;
    }

    /**
     * The session of an API call, counting the call; null if unknown, expired, or it has reached the call limit
     * (then it stays expired).
     */
    synchronized Session authenticate(String sessionId) {
        Session session = sessionId == null ? null : sessions.get(sessionId);
        if (session == null || !session.valid) {
            return null;
        }
        session.calls++;
        if (sessionCallLimit > 0 && session.calls > sessionCallLimit) {
            session.valid = false;
            return null;
        }
        return session;
    }

    synchronized void expireSession(String sessionId) {
        Session session = sessionId == null ? null : sessions.get(sessionId);
        if (session != null) {
            session.valid = false;
        }
    }

    synchronized void expireAllSessions() {
        sessions.values().forEach(s -> s.valid = false);
    }

    synchronized void logout(Session session) {
        session.valid = false;
        logouts++;
    }

    synchronized int logouts() {
        return logouts;
    }

    synchronized int validSessions() {
        return (int) sessions.values().stream().filter(s -> s.valid).count();
    }

    synchronized void setSessionCallLimit(int calls) {
        this.sessionCallLimit = calls;
    }

    synchronized void setPollsInProgress(int polls) {
        if (polls < 0) {
            throw new IllegalArgumentException("polls must be >= 0");
        }
        this.pollsInProgress = polls;
    }

    // ---------------------------------------------------------------- objects and records

    static final class ObjectStore {
        final SObjectDef def;
        final Map<String, Map<String, Object>> records = new LinkedHashMap<>();
        final Map<String, Map<String, Object>> recycleBin = new LinkedHashMap<>();

        ObjectStore(SObjectDef def) {
            this.def = def;
        }
    }

    synchronized void defineObject(SObjectDef def) {
        String key = def.name.toLowerCase(Locale.ROOT);
        if (objects.containsKey(key)) {
            throw new IllegalArgumentException("object " + def.name + " is defined already");
        }
        for (ObjectStore other : objects.values()) {
            if (other.def.keyPrefix.equals(def.keyPrefix)) {
                throw new IllegalArgumentException("key prefix " + def.keyPrefix + " is used by " + other.def.name);
            }
        }
        objects.put(key, new ObjectStore(def));
    }

    synchronized SObjectDef objectOrNull(String name) {
        ObjectStore store = objects.get(name.toLowerCase(Locale.ROOT));
        return store == null ? null : store.def;
    }

    private ObjectStore store(String name) {
        ObjectStore store = objects.get(name.toLowerCase(Locale.ROOT));
        if (store == null) {
            throw new IllegalArgumentException("no object " + name);
        }
        return store;
    }

    synchronized String seed(String object, Map<String, ?> values) {
        ObjectStore store = store(object);
        Map<String, Object> record = emptyRecord(store.def);
        for (Map.Entry<String, ?> e : values.entrySet()) {
            FieldDef f = store.def.fieldOrNull(e.getKey());
            if (f == null || f.type == FieldType.ID) {
                throw new IllegalArgumentException("no settable field " + e.getKey() + " on " + store.def.name);
            }
            record.put(f.name, Values.checkSeed(f, e.getValue()));
        }
        String id = nextId(store.def.keyPrefix);
        record.put("Id", id);
        store.records.put(id, record);
        return id;
    }

    synchronized List<Map<String, Object>> records(String object) {
        return copies(store(object).records);
    }

    synchronized List<Map<String, Object>> recycleBin(String object) {
        return copies(store(object).recycleBin);
    }

    private static List<Map<String, Object>> copies(Map<String, Map<String, Object>> records) {
        List<Map<String, Object>> out = new ArrayList<>();
        records.values().forEach(r -> out.add(Collections.unmodifiableMap(new LinkedHashMap<>(r))));
        return Collections.unmodifiableList(out);
    }

    private static Map<String, Object> emptyRecord(SObjectDef def) {
        Map<String, Object> record = new LinkedHashMap<>();
        for (FieldDef f : def.fields()) {
            record.put(f.name, f.type == FieldType.BOOLEAN ? Boolean.FALSE : null);
        }
        return record;
    }

    private String nextId(String keyPrefix) {
        long n = idCounters.merge(keyPrefix, 1L, Long::sum);
        return Ids.make(keyPrefix, n);
    }

    // ---------------------------------------------------------------- SOAP query and queryMore

    /**
     * A server-side query cursor: the matching records as they were when the query ran (a snapshot of the selected
     * fields), for the user who ran it. It is gone once its last page has been served.
     */
    private static final class Cursor {
        final String id;
        final User user;
        final Soql.Select select;
        final List<Map<String, Object>> rows;

        Cursor(String id, User user, Soql.Select select, List<Map<String, Object>> rows) {
            this.id = id;
            this.user = user;
            this.select = select;
            this.rows = rows;
        }
    }

    /**
     * One page of a query: the object and selected fields, the records of this page (field name → typed value, Id
     * always included), the total number of matching records, and the locator of the next page (null when done).
     */
    record QueryPage(Soql.Select select, List<Map<String, Object>> records, int size, String queryLocator) {
        boolean done() {
            return queryLocator == null;
        }
    }

    synchronized void setQueryBatchSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a query page holds at least one record");
        }
        this.queryBatchSize = size;
    }

    /** Query cursors not yet read to their end. */
    synchronized int openQueryCursors() {
        return cursors.size();
    }

    private SObjectDef objectDef(String name) {
        ObjectStore store = objects.get(name.toLowerCase(Locale.ROOT));
        return store == null ? null : store.def;
    }

    /** Runs a query for a session; the first page. {@code requestedBatchSize} is QueryOptions' batchSize or null. */
    synchronized QueryPage query(Session session, String soql, Integer requestedBatchSize) throws Soql.Failure {
        Soql.Select select = Soql.compile(soql == null ? "" : soql, this::objectDef);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> record : store(select.object().name).records.values()) {
            if (select.matches(record)) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("Id", record.get("Id"));
                select.fields().forEach(f -> row.put(f.name, record.get(f.name)));
                rows.add(Collections.unmodifiableMap(row));
            }
        }
        Cursor cursor = new Cursor(nextId("01g"), session.user, select, Collections.unmodifiableList(rows));
        return page(cursor, 0, requestedBatchSize);
    }

    /** The page a query locator ({@code <cursor id>-<offset>}) points at; null for a locator that is not valid. */
    synchronized QueryPage queryMore(Session session, String locator, Integer requestedBatchSize) {
        int dash = locator == null ? -1 : locator.lastIndexOf('-');
        if (dash < 0) {
            return null;
        }
        Cursor cursor = cursors.get(locator.substring(0, dash));
        int offset;
        try {
            offset = Integer.parseInt(locator.substring(dash + 1));
        } catch (NumberFormatException e) {
            return null;
        }
        if (cursor == null || cursor.user != session.user || offset < 1 || offset >= cursor.rows.size()) {
            return null;
        }
        return page(cursor, offset, requestedBatchSize);
    }

    private QueryPage page(Cursor cursor, int offset, Integer requestedBatchSize) {
        int pageSize = queryBatchSize;
        if (requestedBatchSize != null) {
            pageSize = Math.min(pageSize, Math.max(MIN_QUERY_BATCH_SIZE,
                    Math.min(MAX_QUERY_BATCH_SIZE, requestedBatchSize)));
        }
        int end = Math.min(cursor.rows.size(), offset + pageSize);
        String locator = null;
        if (end < cursor.rows.size()) {
            cursors.put(cursor.id, cursor);
            locator = cursor.id + "-" + end;
        } else {
            cursors.remove(cursor.id);
        }
        return new QueryPage(cursor.select, cursor.rows.subList(offset, end), cursor.rows.size(), locator);
    }

    // ---------------------------------------------------------------- jobs

    static final class Job {
        final String id;
        final String operation;
        final SObjectDef object;
        final FieldDef externalIdField;
        final boolean serial;
        final User createdBy;
        final Instant createdDate;
        final String apiVersion;
        Instant systemModstamp;
        String state = "Open";
        final List<Batch> batches = new ArrayList<>();
        int maxInProgress;

        Job(String id, String operation, SObjectDef object, FieldDef externalIdField, boolean serial, User createdBy,
                String apiVersion) {
            this.id = id;
            this.operation = operation;
            this.object = object;
            this.externalIdField = externalIdField;
            this.serial = serial;
            this.createdBy = createdBy;
            this.createdDate = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            this.systemModstamp = createdDate;
            this.apiVersion = apiVersion;
        }

        int count(String batchState) {
            return (int) batches.stream().filter(b -> b.state.equals(batchState)).count();
        }
    }

    static final class Batch {
        final String id;
        final Job job;
        final byte[] request;
        final Instant createdDate;
        Instant systemModstamp;
        String state = "Queued";
        String stateMessage;
        int pollsLeft;
        final int extraPolls;
        final String forcedFailure;
        int processed;
        int failed;
        int polls;
        long idCounterBefore;
        final List<ResultRow> results = new ArrayList<>();
        final Map<String, String> queryResults = new LinkedHashMap<>();

        Batch(String id, Job job, byte[] request, int extraPolls, String forcedFailure) {
            this.id = id;
            this.job = job;
            this.request = request;
            this.extraPolls = extraPolls;
            this.forcedFailure = forcedFailure;
            this.createdDate = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            this.systemModstamp = createdDate;
        }

        String text() {
            return new String(request, StandardCharsets.UTF_8);
        }
    }

    /** A job-create request, as read from its {@code jobInfo}. */
    record JobRequest(String operation, String object, String externalIdFieldName, String concurrencyMode,
            String contentType) {
    }

    synchronized Job createJob(Session session, JobRequest r, String apiVersion) {
        if (r.operation() == null) {
            throw BulkError.badRequest("InvalidJob", "Job operation must be specified");
        }
        if (!OPERATIONS.contains(r.operation())) {
            throw BulkError.badRequest("InvalidJob", "Invalid operation: " + r.operation());
        }
        if (r.object() == null) {
            throw BulkError.badRequest("InvalidJob", "Job object must be specified");
        }
        ObjectStore store = objects.get(r.object().toLowerCase(Locale.ROOT));
        if (store == null) {
            throw BulkError.badRequest("InvalidJob", "Unable to find object: " + r.object());
        }
        if (r.contentType() != null && !r.contentType().equals("CSV")) {
            throw BulkError.badRequest("InvalidJob",
                    "this fake serves CSV jobs only, not contentType " + r.contentType());
        }
        if (r.contentType() == null) {
            throw BulkError.badRequest("InvalidJob",
                    "this fake serves CSV jobs only; contentType is not given (Salesforce would take XML)");
        }
        boolean serial = false;
        if (r.concurrencyMode() != null) {
            if (r.concurrencyMode().equals("Serial")) {
                serial = true;
            } else if (!r.concurrencyMode().equals("Parallel")) {
                throw BulkError.badRequest("InvalidJob", "Invalid concurrency mode: " + r.concurrencyMode());
            }
        }
        FieldDef externalId = null;
        if (r.operation().equals("upsert")) {
            if (r.externalIdFieldName() == null || r.externalIdFieldName().isEmpty()) {
                throw BulkError.badRequest("InvalidJob", "External ID was blank for " + store.def.name
                        + ". An External ID must be specified for upsert.");
            }
            externalId = store.def.fieldOrNull(r.externalIdFieldName());
            if (externalId == null || !externalId.idLookup) {
                throw BulkError.badRequest("InvalidJob", "The field name provided, " + r.externalIdFieldName()
                        + " is not an External ID or indexed field for " + store.def.name);
            }
        }
        if (r.operation().equals("hardDelete") && !session.user.hardDelete) {
            throw BulkError.badRequest("FeatureNotEnabled", "hardDelete operation requires special user profile"
                    + " permission, please contact your system administrator");
        }
        Job job = new Job(nextId("750"), r.operation(), store.def, externalId, serial, session.user, apiVersion);
        jobs.put(job.id, job);
        return job;
    }

    synchronized Job job(String jobId) {
        Job job = jobs.get(Ids.normalize(jobId) == null ? jobId : Ids.normalize(jobId));
        if (job == null) {
            throw BulkError.badRequest("InvalidJob", "Invalid job id: " + jobId);
        }
        return job;
    }

    /** Closes or aborts a job. */
    synchronized Job changeJobState(String jobId, String newState) {
        Job job = job(jobId);
        if (!newState.equals("Closed") && !newState.equals("Aborted")) {
            throw BulkError.badRequest("InvalidJobState", "Invalid state: " + newState);
        }
        if (job.state.equals("Aborted") || (job.state.equals("Closed") && newState.equals("Closed"))) {
            throw BulkError.badRequest("InvalidJobState", job.state + " job cannot be modified");
        }
        job.state = newState;
        job.systemModstamp = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        if (newState.equals("Aborted")) {
            for (Batch b : job.batches) {
                if (b.state.equals("Queued")) {
                    b.state = "NotProcessed";
                    b.systemModstamp = job.systemModstamp;
                }
            }
        }
        return job;
    }

    synchronized Batch addBatch(String jobId, byte[] body, int extraPolls, String forcedFailure) {
        Job job = job(jobId);
        if (!job.state.equals("Open")) {
            throw BulkError.badRequest("InvalidJobState", job.state + " job cannot be modified");
        }
        Batch batch = new Batch(nextId("751"), job, body, extraPolls, forcedFailure);
        job.batches.add(batch);
        return batch;
    }

    synchronized Batch batch(String jobId, String batchId) {
        Job job = job(jobId);
        String id = Ids.normalize(batchId) == null ? batchId : Ids.normalize(batchId);
        for (Batch b : job.batches) {
            if (b.id.equals(id)) {
                return b;
            }
        }
        throw BulkError.badRequest("InvalidBatch", "Invalid batch id: " + batchId);
    }

    // ---------------------------------------------------------------- processing

    /** One poll of a job: every batch moves one step (see the class comment). */
    synchronized void poll(Job job) {
        for (Batch b : job.batches) {
            b.polls++;
            if (b.state.equals("InProgress")) {
                b.pollsLeft--;
                if (b.pollsLeft <= 0) {
                    complete(b);
                }
            }
        }
        for (Batch b : job.batches) {
            if (!b.state.equals("Queued")) {
                continue;
            }
            if (job.serial && job.count("InProgress") > 0) {
                break;
            }
            b.state = "InProgress";
            b.systemModstamp = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            b.pollsLeft = pollsInProgress + b.extraPolls;
            if (b.pollsLeft <= 0) {
                complete(b);
            }
        }
        job.maxInProgress = Math.max(job.maxInProgress, job.count("InProgress"));
        int all = 0;
        for (Job j : jobs.values()) {
            all += j.count("InProgress");
        }
        maxBatchesInProgressAcrossJobs = Math.max(maxBatchesInProgressAcrossJobs, all);
    }

    synchronized int maxBatchesInProgressAcrossJobs() {
        return maxBatchesInProgressAcrossJobs;
    }

    private void complete(Batch b) {
        b.systemModstamp = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        if (b.forcedFailure != null) {
            fail(b, b.forcedFailure);
            return;
        }
        try {
            if (b.job.operation.equals("query")) {
                runQuery(b);
            } else if (instantInserts && b.job.operation.equals("insert") && !faults.hasRowFaults()) {
                answerUnverified(b);
            } else {
                runDml(b);
            }
            b.state = "Completed";
        } catch (BatchFailure f) {
            b.results.clear();
            b.queryResults.clear();
            fail(b, f.getMessage());
        }
    }

    /**
     * Instant inserts (the benchmark's fake, whose processing must cost next to nothing): a batch whose CSV header
     * names fields of the object and whose size is within the limits is answered at once, every row created with the
     * next id, and its rows are applied and checked only by {@link #verifyInstantInserts}.
     */
    synchronized void setInstantInserts(boolean instant) {
        this.instantInserts = instant;
    }

    private void answerUnverified(Batch b) throws BatchFailure {
        checkSize(b);
        int headerEnd = indexOf(b.request, (byte) '\n', 0);
        List<List<String>> header;
        try {
            header = Csv.parse(new String(b.request, 0, headerEnd < 0 ? b.request.length : headerEnd,
                    StandardCharsets.UTF_8));
        } catch (Csv.MalformedCsvException e) {
            throw new BatchFailure("InvalidBatch : Failed to parse CSV header: " + e.getMessage());
        }
        if (header.isEmpty()) {
            throw new BatchFailure("InvalidBatch : Failed to parse CSV header: the batch is empty");
        }
        columns(b.job.object, header.get(0));
        int records = countRecords(b.request, headerEnd + 1);
        checkRecordCount(records);
        String prefix = b.job.object.keyPrefix;
        b.idCounterBefore = idCounters.getOrDefault(prefix, 0L);
        for (int r = 0; r < records; r++) {
            b.results.add(new ResultRow(nextId(prefix), true, true, ""));
        }
        b.processed = records;
        unverified.add(b);
    }

    /** Records (lines outside quotes) from {@code from} on; a last line without a line break counts. */
    private static int countRecords(byte[] csv, int from) {
        int records = 0;
        boolean quoted = false;
        boolean lineHasText = false;
        for (int i = Math.max(from, 0); i < csv.length; i++) {
            byte c = csv[i];
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\n' && !quoted) {
                records++;
                lineHasText = false;
                continue;
            }
            lineHasText = true;
        }
        return lineHasText ? records + 1 : records;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Applies the batches answered by instant inserts, in the order they were answered, as a batch is applied
     * normally (every value checked, records stored with the ids the answers gave). Returns the rows whose real
     * result differs from the instant answer (a failed row, another id, or every row of a batch that fails): 0
     * when the instant answers were true.
     */
    synchronized long verifyInstantInserts() {
        long mismatches = 0;
        for (Batch b : unverified) {
            List<ResultRow> answered = new ArrayList<>(b.results);
            String prefix = b.job.object.keyPrefix;
            long counterAfter = idCounters.getOrDefault(prefix, 0L);
            idCounters.put(prefix, b.idCounterBefore);
            b.results.clear();
            b.processed = 0;
            b.failed = 0;
            try {
                runDml(b);
                for (int i = 0; i < answered.size(); i++) {
                    if (i >= b.results.size() || !answered.get(i).equals(b.results.get(i))) {
                        mismatches++;
                    }
                }
                mismatches += Math.max(0, b.results.size() - answered.size());
            } catch (BatchFailure f) {
                mismatches += answered.size();
            }
            idCounters.put(prefix, Math.max(counterAfter, idCounters.getOrDefault(prefix, 0L)));
            b.results.clear();
            b.results.addAll(answered);
            b.processed = answered.size();
            b.failed = 0;
        }
        unverified.clear();
        return mismatches;
    }

    private static void fail(Batch b, String message) {
        b.state = "Failed";
        b.stateMessage = message;
        b.processed = 0;
        b.failed = 0;
    }

    /** A whole batch fails; the message is its stateMessage ({@code Code : message}). */
    private static final class BatchFailure extends Exception {
        BatchFailure(String message) {
            super(message, null, false, false);
        }
    }

    private void runQuery(Batch b) throws BatchFailure {
        Soql.Select select;
        try {
            select = Soql.compile(b.text(), this::objectDef);
        } catch (Soql.Failure f) {
            throw new BatchFailure("InvalidBatch : Failed to process query: " + f.exceptionCode + ": "
                    + f.getMessage());
        }
        if (select.object() != b.job.object) {
            throw new BatchFailure("InvalidBatch : Failed to process query: the query's object "
                    + select.object().name + " is not the job's object " + b.job.object.name);
        }
        ObjectStore store = store(select.object().name);
        StringBuilder csv = new StringBuilder();
        List<String> header = new ArrayList<>();
        select.fields().forEach(f -> header.add(f.name));
        csv.append(Csv.line(header));
        int rows = 0;
        for (Map<String, Object> record : store.records.values()) {
            if (!select.matches(record)) {
                continue;
            }
            List<String> line = new ArrayList<>();
            select.fields().forEach(f -> line.add(Values.format(record.get(f.name))));
            csv.append(Csv.line(line));
            rows++;
        }
        b.processed = rows;
        b.queryResults.put(nextId("752"), rows == 0 ? NOT_FOUND_QUERY_RESULT : csv.toString());
    }

    private static void checkSize(Batch b) throws BatchFailure {
        if (b.request.length > MAX_BYTES) {
            throw new BatchFailure("InvalidBatch : Exceeded max size limit of " + MAX_BYTES);
        }
    }

    private static void checkRecordCount(int records) throws BatchFailure {
        if (records > MAX_RECORDS) {
            throw new BatchFailure("InvalidBatch : Exceeded number of records : " + records
                    + ". Number of records should be less than or equal to " + MAX_RECORDS);
        }
    }

    /** How a CSV column maps onto the object: a field, or a relationship to an external id of another object. */
    private record Column(String header, FieldDef field, SObjectDef target, FieldDef targetKey) {
    }

    private void runDml(Batch b) throws BatchFailure {
        checkSize(b);
        String text = b.text();
        if (text.length() > MAX_CHARACTERS) {
            throw new BatchFailure("InvalidBatch : Exceeded max number of characters: " + MAX_CHARACTERS);
        }
        List<List<String>> rows;
        try {
            rows = Csv.parse(text);
        } catch (Csv.MalformedCsvException e) {
            throw new BatchFailure("InvalidBatch : Failed to parse CSV: " + e.getMessage());
        }
        if (rows.isEmpty()) {
            throw new BatchFailure("InvalidBatch : Failed to parse CSV header: the batch is empty");
        }
        int records = rows.size() - 1;
        checkRecordCount(records);
        for (int r = 1; r < rows.size(); r++) {
            for (String v : rows.get(r)) {
                if (v.length() > MAX_FIELD_CHARACTERS) {
                    throw new BatchFailure("InvalidBatch : Field value in row " + r + " exceeds max length of "
                            + MAX_FIELD_CHARACTERS + " characters");
                }
            }
        }
        List<Column> columns = columns(b.job.object, rows.get(0));
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.size() != columns.size()) {
                throw new BatchFailure("InvalidBatch : Failed to parse CSV: row " + r + " has " + row.size()
                        + " values, the header has " + columns.size());
            }
        }
        ObjectStore store = objects.get(b.job.object.name.toLowerCase(Locale.ROOT));
        for (int r = 1; r < rows.size(); r++) {
            ResultRow result = processRow(b.job, store, columns, rows.get(r));
            b.results.add(result);
            b.processed++;
            if (!result.success()) {
                b.failed++;
            }
        }
    }

    private List<Column> columns(SObjectDef def, List<String> header) throws BatchFailure {
        List<Column> columns = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (String h : header) {
            if (seen.put(h.toLowerCase(Locale.ROOT), h) != null) {
                throw new BatchFailure("InvalidBatch : Duplicate field name: " + h);
            }
            int dot = h.indexOf('.');
            if (dot < 0) {
                FieldDef f = def.fieldOrNull(h);
                if (f == null) {
                    throw new BatchFailure("InvalidBatch : Field name not found : " + h);
                }
                columns.add(new Column(h, f, null, null));
                continue;
            }
            FieldDef ref = def.relationshipOrNull(h.substring(0, dot));
            if (ref == null) {
                throw new BatchFailure("InvalidBatch : Field name not found : " + h);
            }
            ObjectStore target = objects.get(ref.referenceTo.toLowerCase(Locale.ROOT));
            FieldDef key = target == null ? null : target.def.fieldOrNull(h.substring(dot + 1));
            if (key == null) {
                throw new BatchFailure("InvalidBatch : Field name not found : " + h);
            }
            if (!key.idLookup) {
                throw new BatchFailure("InvalidBatch : The field name provided, " + key.name
                        + " is not an External ID or indexed field for " + target.def.name);
            }
            columns.add(new Column(h, ref, target.def, key));
        }
        return columns;
    }

    /** A row-level error: the result's Error column. */
    private static final class RowError extends Exception {
        final String error;

        RowError(String statusCode, String message, String... fields) {
            super(null, null, false, false);
            this.error = statusCode + ":" + message + ":" + (fields.length == 0 ? "--" : String.join(",", fields) + " --");
        }
    }

    private ResultRow processRow(Job job, ObjectStore store, List<Column> columns, List<String> row) {
        try {
            RowFault fault = faults.hasRowFaults() ? faults.onRow(byLowerCaseColumn(columns, row)) : null;
            if (fault != null) {
                throw new RowError(fault.statusCode, fault.message, fault.fields.toArray(new String[0]));
            }
            switch (job.operation) {
                case "insert":
                    return insert(store, columns, row);
                case "update":
                    return update(store, columns, row, idOf(store, columns, row, "update"));
                case "upsert":
                    return upsert(job, store, columns, row);
                case "delete":
                case "hardDelete":
                    return delete(store, idOf(store, columns, row, "delete"), job.operation.equals("hardDelete"));
                default:
                    throw new IllegalStateException(job.operation);
            }
        } catch (RowError e) {
            return new ResultRow("", false, false, e.error);
        }
    }

    private static Map<String, String> byLowerCaseColumn(List<Column> columns, List<String> row) {
        Map<String, String> byColumn = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            byColumn.put(columns.get(i).header.toLowerCase(Locale.ROOT), row.get(i));
        }
        return byColumn;
    }

    private ResultRow insert(ObjectStore store, List<Column> columns, List<String> row) throws RowError {
        Map<String, Object> values = values(store, columns, row, true);
        Map<String, Object> record = emptyRecord(store.def);
        record.putAll(values);
        List<String> missing = new ArrayList<>();
        for (FieldDef f : store.def.fields()) {
            if (f.isRequiredOnCreate() && record.get(f.name) == null) {
                missing.add(f.name);
            }
        }
        if (!missing.isEmpty()) {
            throw new RowError("REQUIRED_FIELD_MISSING", "Required fields are missing: " + missing,
                    missing.toArray(new String[0]));
        }
        checkUnique(store, record, null);
        String id = nextId(store.def.keyPrefix);
        record.put("Id", id);
        store.records.put(id, record);
        return new ResultRow(id, true, true, "");
    }

    private ResultRow update(ObjectStore store, List<Column> columns, List<String> row, String id) throws RowError {
        Map<String, Object> record = store.records.get(id);
        if (record == null) {
            throw store.recycleBin.containsKey(id) ? new RowError("ENTITY_IS_DELETED", "entity is deleted")
                    : new RowError("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id");
        }
        Map<String, Object> values = values(store, columns, row, false);
        Map<String, Object> updated = new LinkedHashMap<>(record);
        updated.putAll(values);
        checkUnique(store, updated, id);
        record.putAll(values);
        return new ResultRow(id, true, false, "");
    }

    private ResultRow upsert(Job job, ObjectStore store, List<Column> columns, List<String> row) throws RowError {
        FieldDef key = job.externalIdField;
        String keyText = null;
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            if (c.target == null && c.field == key) {
                keyText = row.get(i);
            }
        }
        if (keyText == null || keyText.isEmpty()) {
            throw new RowError("MISSING_ARGUMENT", key.name + " not specified");
        }
        if (key.type == FieldType.ID) {
            String id = Ids.normalize(keyText);
            if (id == null) {
                throw new RowError("MALFORMED_ID", "Id in upsert is not valid: " + keyText, "Id");
            }
            return update(store, withoutColumn(columns, key), withoutValue(columns, row, key), id);
        }
        Object keyValue;
        try {
            keyValue = Values.parse(key.type, keyText);
        } catch (Values.BadValue e) {
            throw typeError(key, keyText);
        }
        List<String> matches = new ArrayList<>();
        for (Map<String, Object> record : store.records.values()) {
            if (Values.sameKey(record.get(key.name), keyValue)) {
                matches.add((String) record.get("Id"));
            }
        }
        if (matches.size() > 1) {
            throw new RowError("DUPLICATE_EXTERNAL_ID", key.name + ": more than one record found for external id"
                    + " field: " + matches, key.name);
        }
        if (matches.isEmpty()) {
            return insert(store, columns, row);
        }
        return update(store, columns, row, matches.get(0));
    }

    private static List<Column> withoutColumn(List<Column> columns, FieldDef field) {
        List<Column> out = new ArrayList<>(columns);
        out.removeIf(c -> c.target == null && c.field == field);
        return out;
    }

    private static List<String> withoutValue(List<Column> columns, List<String> row, FieldDef field) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (!(columns.get(i).target == null && columns.get(i).field == field)) {
                out.add(row.get(i));
            }
        }
        return out;
    }

    private ResultRow delete(ObjectStore store, String id, boolean hard) throws RowError {
        Map<String, Object> record = store.records.remove(id);
        if (record == null) {
            if (hard && store.recycleBin.remove(id) != null) {
                return new ResultRow(id, true, false, "");
            }
            throw store.recycleBin.containsKey(id) ? new RowError("ENTITY_IS_DELETED", "entity is deleted")
                    : new RowError("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id");
        }
        if (!hard) {
            store.recycleBin.put(id, record);
        }
        return new ResultRow(id, true, false, "");
    }

    /** The record id of an update or delete row (its {@code Id} column). */
    private static String idOf(ObjectStore store, List<Column> columns, List<String> row, String call)
            throws RowError {
        String text = null;
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).target == null && columns.get(i).field.type == FieldType.ID) {
                text = row.get(i);
            }
        }
        if (text == null || text.isEmpty()) {
            throw new RowError("MISSING_ARGUMENT", "Id not specified in an " + call + " call");
        }
        String id = Ids.normalize(text);
        if (id == null) {
            throw new RowError("MALFORMED_ID", "malformed id " + text, "Id");
        }
        if (!id.startsWith(store.def.keyPrefix)) {
            throw new RowError("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id");
        }
        return id;
    }

    /** The typed values a row sets: empty = not set, {@code #N/A} = null. */
    private Map<String, Object> values(ObjectStore store, List<Column> columns, List<String> row, boolean create)
            throws RowError {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            String text = row.get(i);
            FieldDef f = c.field;
            if (text.isEmpty() || (f.type == FieldType.ID && !create)) {
                continue;
            }
            if (f.type == FieldType.ID) {
                throw new RowError("INVALID_FIELD_FOR_INSERT_UPDATE", "cannot specify Id in an insert call", "Id");
            }
            if (create ? !f.createable : !f.updateable) {
                throw new RowError("INVALID_FIELD_FOR_INSERT_UPDATE", "Unable to create/update fields: " + f.name
                        + ". Please check the security settings of this field and verify that it is read/write for"
                        + " your profile or permission set.", f.name);
            }
            if (text.equals("#N/A")) {
                if (!f.nillable) {
                    throw new RowError("REQUIRED_FIELD_MISSING", "Required fields are missing: [" + f.name + "]",
                            f.name);
                }
                values.put(f.name, null);
                continue;
            }
            if (c.target != null) {
                values.put(f.name, resolveForeignKey(c, text));
                continue;
            }
            Object value;
            try {
                value = Values.parse(f.type, text);
            } catch (Values.BadValue e) {
                if (f.type == FieldType.REFERENCE) {
                    throw new RowError("MALFORMED_ID", f.label + ": id value of incorrect type: " + text, f.name);
                }
                throw typeError(f, text);
            }
            if (f.type == FieldType.STRING && text.length() > f.length) {
                throw new RowError("STRING_TOO_LONG", f.label + ": data value too large: " + text
                        + " (max length=" + f.length + ")", f.name);
            }
            if (f.type == FieldType.REFERENCE) {
                ObjectStore target = objects.get(f.referenceTo.toLowerCase(Locale.ROOT));
                if (target == null || !((String) value).startsWith(target.def.keyPrefix)) {
                    throw new RowError("FIELD_INTEGRITY_EXCEPTION", f.label + ": id value of incorrect type: "
                            + text, f.name);
                }
                if (!target.records.containsKey(value)) {
                    throw new RowError("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", f.name);
                }
            }
            values.put(f.name, value);
        }
        return values;
    }

    private String resolveForeignKey(Column c, String text) throws RowError {
        ObjectStore target = objects.get(c.target.name.toLowerCase(Locale.ROOT));
        Object key;
        try {
            key = Values.parse(c.targetKey.type, text);
        } catch (Values.BadValue e) {
            throw typeError(c.targetKey, text);
        }
        List<String> matches = new ArrayList<>();
        for (Map<String, Object> record : target.records.values()) {
            if (Values.sameKey(record.get(c.targetKey.name), key)) {
                matches.add((String) record.get("Id"));
            }
        }
        if (matches.isEmpty()) {
            throw new RowError("INVALID_FIELD", "Foreign key external ID: " + text + " not found for field "
                    + c.targetKey.name + " in entity " + c.target.name);
        }
        if (matches.size() > 1) {
            throw new RowError("INVALID_FIELD", "More than 1 record found for external id field: "
                    + c.targetKey.name + " with value: " + text + " in entity " + c.target.name);
        }
        return matches.get(0);
    }

    private static RowError typeError(FieldDef f, String text) {
        return new RowError("INVALID_TYPE_ON_FIELD_IN_RECORD", f.label + ": value not of required type: " + text,
                f.name);
    }

    private static void checkUnique(ObjectStore store, Map<String, Object> record, String ownId) throws RowError {
        for (FieldDef f : store.def.fields()) {
            Object v = record.get(f.name);
            if (!f.unique || v == null) {
                continue;
            }
            for (Map<String, Object> other : store.records.values()) {
                if (!other.get("Id").equals(ownId) && Values.sameKey(other.get(f.name), v)) {
                    throw new RowError("DUPLICATE_VALUE", "duplicate value found: " + f.name
                            + " duplicates value on record with id: " + other.get("Id"), f.name);
                }
            }
        }
    }

    // ---------------------------------------------------------------- views

    synchronized List<JobView> jobViews() {
        List<JobView> out = new ArrayList<>();
        jobs.values().forEach(j -> out.add(view(j)));
        return Collections.unmodifiableList(out);
    }

    synchronized JobView jobView(String jobId) {
        return view(job(jobId));
    }

    private static JobView view(Job j) {
        List<BatchView> batches = new ArrayList<>();
        for (Batch b : j.batches) {
            batches.add(new BatchView(b.id, j.id, b.state, b.stateMessage, b.text(), b.processed, b.failed,
                    List.copyOf(b.results), List.copyOf(b.queryResults.keySet()), b.polls));
        }
        return new JobView(j.id, j.operation, j.object.name,
                j.externalIdField == null ? null : j.externalIdField.name, j.serial ? "Serial" : "Parallel",
                j.state, j.createdBy.username, List.copyOf(batches), j.maxInProgress);
    }
}
