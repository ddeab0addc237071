package io.github.resultexport.embulk.output.td.fake;

import static io.github.resultexport.embulk.output.td.fake.MsgpackParts.record;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.treasuredata.client.TDClient;
import com.treasuredata.client.TDClientException;
import com.treasuredata.client.TDClientHttpConflictException;
import com.treasuredata.client.TDClientHttpException;
import com.treasuredata.client.TDClientHttpNotFoundException;
import com.treasuredata.client.TDClientHttpTooManyRequestsException;
import com.treasuredata.client.TDClientHttpUnauthorizedException;
import com.treasuredata.client.TDClientInterruptedException;
import com.treasuredata.client.TDClientSocketException;
import com.treasuredata.client.model.TDBulkImportSession;
import com.treasuredata.client.model.TDBulkImportSession.ImportStatus;
import com.treasuredata.client.model.TDColumn;
import com.treasuredata.client.model.TDColumnType;
import com.treasuredata.client.model.TDJob;
import com.treasuredata.client.model.TDTable;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.function.ThrowingRunnable;
import org.junit.rules.TemporaryFolder;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueFactory;

/**
 * Drives {@link FakeTreasureData} with the real td-client 1.1.1, and records how that client surfaces each
 * rejection and fault (retry limit 0 unless said otherwise):
 *
 * <ul>
 * <li>401 (unknown key, or a key not of the form {@code [account/]<40 hex>}: td-client then sends it without the
 * {@code TD1} prefix) → {@link TDClientHttpUnauthorizedException}, AUTHENTICATION_FAILURE; never retried.</li>
 * <li>403 (WRITE_ONLY key on DDL or schema changes) → plain {@link TDClientHttpException}, CLIENT_ERROR,
 * {@code getStatusCode() == 403}; never retried.</li>
 * <li>400 (bad name) → {@link TDClientHttpException}, CLIENT_ERROR, 400. td-client itself checks database and table
 * names for create/rename (3–256 characters, {@code [a-z0-9_]}) and throws {@link TDClientException} INVALID_INPUT
 * without sending anything; session names are not checked on the client.</li>
 * <li>404 → {@link TDClientHttpNotFoundException}, TARGET_NOT_FOUND; {@code tableDistribution} turns it into
 * {@code Optional.empty()}, {@code existsTable} into false.</li>
 * <li>409 (exists already, and every session-state violation) → {@link TDClientHttpConflictException},
 * TARGET_ALREADY_EXISTS, even when nothing "exists" (e.g. commit before ready).</li>
 * <li>422 (reserved column {@code time}/{@code v}, a refused commit) → {@link TDClientHttpException},
 * INVALID_INPUT, 422; never retried.</li>
 * <li>429 with {@code Retry-After} → {@link TDClientHttpTooManyRequestsException}, CLIENT_ERROR, 429, with
 * {@code getRetryAfter()}. It is retried, but a Retry-After longer than retryLimit × retryMaxInterval makes
 * td-client give up at once.</li>
 * <li>500/502/503 → {@link TDClientHttpException}, SERVER_ERROR, with the status; retried (one 503 is absorbed by
 * the default retry).</li>
 * <li>Connection closed without an answer → {@link TDClientInterruptedException}, INTERRUPTED, cause
 * {@link EOFException}; retried by td-client. But OkHttp (inside td-client) first retries a request that failed on
 * a reused keep-alive connection by itself, whatever the retry limit: a single dropped request usually succeeds
 * unseen, and a request dropped after it was applied is applied twice — a commit then fails with 409, a
 * create with 409, a rename with 404.</li>
 * <li>Connection reset → {@link TDClientSocketException}, SOCKET_ERROR, cause {@link SocketException}
 * ("Connection reset"); td-client does not retry it at any retry limit.</li>
 * <li>A perform job that ends killed/error: the session keeps answering {@code performing};
 * {@code jobStatus(jobId).getStatus()} tells KILLED/ERROR. {@code performBulkImportSession} returns nothing: the
 * job id comes from {@code getBulkImportSession(..).getJobId()}. Performing again starts a new job.</li>
 * </ul>
 */
public class FakeTreasureDataTest {
    private static final String DB = "app_db";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private FakeTreasureData fake;
    private String master;
    private String writeOnly;
    private final List<TDClient> clients = new ArrayList<>();

    @Before
    public void startFake() throws IOException {
        fake = FakeTreasureData.start();
        master = fake.addKey(KeyRole.MASTER);
        writeOnly = fake.addKey(KeyRole.WRITE_ONLY);
    }

    @After
    public void stopFake() {
        clients.forEach(TDClient::close);
        List<Throwable> errors = fake.internalErrors();
        fake.close();
        assertEquals(List.of(), errors);
        assertEquals(List.of(), fake.faults().hookFailures());
    }

    /** A client with retry limit 0, so that faults show as they are; each client has its own connections. */
    private TDClient client(String key) {
        return client(key, 0);
    }

    private TDClient client(String key, int retryLimit) {
        TDClient c = fake.clientBuilder(key).setRetryLimit(retryLimit).setRetryInitialIntervalMillis(10)
                .setRetryMaxIntervalMillis(50).setReadTimeoutMillis(10_000).build();
        clients.add(c);
        return c;
    }

    @Test
    public void wholeBulkImportFlowWithTheRealClient() {
        TDClient c = client(master);
        c.createDatabase(DB);
        c.createTable(DB, "events_tmp");
        c.createTable(DB, "events");
        c.appendTableSchema(DB, "events", List.of(new TDColumn("old", TDColumnType.STRING)));
        fake.state().insertRows(DB, "events", List.of(record("time", 1L, "old", "replaced")));

        c.createBulkImportSession("load_1", DB, "events_tmp");
        byte[] raw = {1, 2, 3};
        c.uploadBulkImportPart("load_1", "part_0001", part("p1",
                record("time", 100L, "name", "alice", "score", 1.5, "active", true, "raw", raw,
                        "tags", List.of("a", "b"), "attrs", Map.of("k", 1L), "missing", null),
                record("name", "no time")));
        c.uploadBulkImportPart("load_1", "part_0002", part("p2",
                record("time", 101L, "name", "bob", "count", 7L),
                ValueFactory.newMap(ValueFactory.newNil(), ValueFactory.newString("invalid data")),
                record("time", 102L, "name", "carol")));
        assertEquals(List.of("part_0001", "part_0002"), c.listBulkImportParts("load_1"));

        c.freezeBulkImportSession("load_1");
        c.performBulkImportSession("load_1", Optional.of("pool_a"));
        TDBulkImportSession first = c.getBulkImportSession("load_1");
        assertEquals(ImportStatus.PERFORMING, first.getStatus());
        assertNotNull(first.getJobId());
        TDBulkImportSession ready = pollUntil(c, "load_1", ImportStatus.READY);
        assertEquals(3, ready.getValidRecords());
        assertEquals(2, ready.getErrorRecords());
        assertEquals(2, ready.getValidParts());
        assertEquals(0, ready.getErrorParts());
        assertEquals(TDJob.Status.SUCCESS, c.jobStatus(first.getJobId()).getStatus());
        assertEquals(TDJob.Status.SUCCESS, c.jobInfo(first.getJobId()).getStatus());
        assertEquals(2, countErrorRecords(c, "load_1"));

        c.appendTableSchema(DB, "events_tmp", List.of(new TDColumn("name", TDColumnType.STRING),
                new TDColumn("score", TDColumnType.DOUBLE), new TDColumn("count", TDColumnType.LONG)));
        c.commitBulkImportSession("load_1");
        assertEquals(ImportStatus.COMMITTING, c.getBulkImportSession("load_1").getStatus());
        pollUntil(c, "load_1", ImportStatus.COMMITTED);
        c.renameTable(DB, "events_tmp", "events", true);
        c.deleteBulkImportSession("load_1");

        assertFalse(c.existsTable(DB, "events_tmp"));
        TDTable events = c.showTable(DB, "events");
        assertEquals(3, events.getRowCount());
        assertEquals(List.of(new TDColumn("name", TDColumnType.STRING), new TDColumn("score", TDColumnType.DOUBLE),
                new TDColumn("count", TDColumnType.LONG)), events.getColumns());
        assertEquals(List.of(List.of("name", "string"), List.of("score", "double"), List.of("count", "long")),
                fake.state().schema(DB, "events"));

        List<Map<String, Object>> rows = fake.state().rows(DB, "events");
        assertEquals(3, rows.size());
        Map<String, Object> alice = rows.get(0);
        assertEquals(100L, alice.get("time"));
        assertEquals("alice", alice.get("name"));
        assertEquals(1.5, alice.get("score"));
        assertEquals(Boolean.TRUE, alice.get("active"));
        assertArrayEquals(raw, (byte[]) alice.get("raw"));
        assertEquals(List.of("a", "b"), alice.get("tags"));
        assertEquals(Map.of("k", 1L), alice.get("attrs"));
        assertTrue(alice.containsKey("missing"));
        assertNull(alice.get("missing"));
        assertEquals(record("time", 101L, "name", "bob", "count", 7L), rows.get(1));
        assertEquals(record("time", 102L, "name", "carol"), rows.get(2));
        assertFalse(fake.state().hasSession("load_1"));

        RecordedRequest perform = fake.requests().entries("perform").get(0);
        assertEquals("pool_a", perform.params().get("pool_name"));
        assertEquals("priority=0", perform.query());
        assertEquals("true", fake.requests().entries("rename").get(0).params().get("overwrite"));
    }

    @Test
    public void writeOnlyKeyImportsIntoAnExistingTableButGets403ForDdlAndSchema() {
        fake.state().createDatabase(DB);
        fake.state().createTable(DB, "events", List.of(List.of("name", "string")));
        TDClient w = client(writeOnly);

        assertEquals(List.of(DB), w.listDatabaseNames());
        assertEquals(List.of(new TDColumn("name", TDColumnType.STRING)), w.showTable(DB, "events").getColumns());
        assertEquals(1, w.listTables(DB).size());
        w.createBulkImportSession("load_w", DB, "events");
        w.uploadBulkImportPart("load_w", "p1", part("p1", record("time", 1L, "name", "x"), record("x", 1L)));
        w.freezeBulkImportSession("load_w");
        w.performBulkImportSession("load_w");
        String jobId = w.getBulkImportSession("load_w").getJobId();
        assertEquals(TDJob.Status.SUCCESS, waitForJob(w, jobId));
        assertEquals(ImportStatus.READY, w.getBulkImportSession("load_w").getStatus());
        assertEquals(1, countErrorRecords(w, "load_w"));
        w.commitBulkImportSession("load_w");
        pollUntil(w, "load_w", ImportStatus.COMMITTED);
        w.deleteBulkImportSession("load_w");
        assertEquals(List.of(record("time", 1L, "name", "x")), fake.state().rows(DB, "events"));

        List<TDColumn> schema = List.of(new TDColumn("extra", TDColumnType.LONG));
        assertHttp(TDClientHttpException.class, 403, () -> w.createDatabase("other_db"));
        assertHttp(TDClientHttpException.class, 403, () -> w.deleteDatabase(DB));
        assertHttp(TDClientHttpException.class, 403, () -> w.createTable(DB, "other"));
        assertHttp(TDClientHttpException.class, 403, () -> w.deleteTable(DB, "events"));
        assertHttp(TDClientHttpException.class, 403, () -> w.renameTable(DB, "events", "renamed", true));
        assertHttp(TDClientHttpException.class, 403, () -> w.swapTables(DB, "events", "events"));
        assertHttp(TDClientHttpException.class, 403, () -> w.appendTableSchema(DB, "events", schema));
        assertHttp(TDClientHttpException.class, 403, () -> w.updateTableSchema(DB, "events", schema));
        assertEquals(List.of("events"), fake.state().tables(DB));
        assertEquals(List.of(List.of("name", "string")), fake.state().schema(DB, "events"));
    }

    @Test
    public void unknownOrMalformedKeyGets401() {
        fake.state().createDatabase(DB);
        TDClientHttpUnauthorizedException unknown = assertThrows(TDClientHttpUnauthorizedException.class,
                () -> client("1/" + "e".repeat(40), 3).listDatabaseNames());
        assertEquals(401, unknown.getStatusCode());
        assertEquals(TDClientException.ErrorType.AUTHENTICATION_FAILURE, unknown.getErrorType());
        assertThrows(TDClientHttpUnauthorizedException.class, () -> client("not-a-td-key").showTable(DB, "t"));
        assertEquals(2, fake.requests().entries().size());
        fake.requests().entries().forEach(r -> assertEquals("UNKNOWN", r.keyRole()));
        assertThrows(IllegalArgumentException.class, () -> fake.registerKey("secret", KeyRole.MASTER));
        String log = fake.requests().toString() + fake.requests().entries();
        assertFalse(log.contains("e".repeat(40)));
        assertFalse(log.contains("not-a-td-key"));
        assertFalse(log.contains(master));
    }

    @Test
    public void namesAreValidatedLikeTd() {
        TDClient c = client(master);
        assertHttp(TDClientHttpException.class, 400, () -> c.createDatabase("d".repeat(129)));
        c.createDatabase("d".repeat(128));
        c.createDatabase(DB);
        assertHttp(TDClientHttpException.class, 400, () -> c.createTable(DB, "t".repeat(129)));
        c.createTable(DB, "events");
        for (String name : List.of("Load_1", "load-1", "ab", "s".repeat(129))) {
            assertHttp(TDClientHttpException.class, 400, () -> c.createBulkImportSession(name, DB, "events"));
        }
        int requests = fake.requests().entries().size();
        TDClientException clientSide = assertThrows(TDClientException.class, () -> c.createDatabase("ab"));
        assertEquals(TDClientException.ErrorType.INVALID_INPUT, clientSide.getErrorType());
        assertThrows(TDClientException.class, () -> c.renameTable(DB, "events", "Events"));
        assertEquals(requests, fake.requests().entries().size());
        assertEquals(List.of("d".repeat(128), DB), fake.state().databases());
    }

    @Test
    public void unknownObjectsAre404() {
        TDClient c = client(master);
        c.createDatabase(DB);
        c.createTable(DB, "events");
        assertHttp(TDClientHttpNotFoundException.class, 404, () -> c.showDatabase("no_db"));
        assertHttp(TDClientHttpNotFoundException.class, 404, () -> c.listTables("no_db"));
        assertHttp(TDClientHttpNotFoundException.class, 404, () -> c.showTable(DB, "no_table"));
        assertHttp(TDClientHttpNotFoundException.class, 404, () -> c.createTable("no_db", "events"));
        assertHttp(TDClientHttpNotFoundException.class, 404, () -> c.deleteTable(DB, "no_table"));
        assertHttp(TDClientHttpNotFoundException.class, 404, () -> c.renameTable(DB, "no_table", "other", true));
        assertHttp(TDClientHttpNotFoundException.class, 404, () -> c.createBulkImportSession("s_1", DB, "nope"));
        assertHttp(TDClientHttpNotFoundException.class, 404, () -> c.getBulkImportSession("no_session"));
        assertHttp(TDClientHttpNotFoundException.class, 404,
                () -> c.uploadBulkImportPart("no_session", "p1", part("p1", record("time", 1L))));
        assertHttp(TDClientHttpNotFoundException.class, 404, () -> c.commitBulkImportSession("no_session"));
        assertHttp(TDClientHttpNotFoundException.class, 404, () -> c.jobStatus("424242"));
        assertFalse(c.existsTable(DB, "no_table"));
        assertEquals(Optional.empty(), c.tableDistribution(DB, "events"));
        c.createBulkImportSession("s_1", DB, "events");
        // A '.' in a path segment is read as a format suffix: no endpoint matches.
        assertHttp(TDClientHttpNotFoundException.class, 404,
                () -> c.uploadBulkImportPart("s_1", "part.1", part("p1", record("time", 1L))));
        assertEquals(2, fake.requests().count("unknown"));
    }

    @Test
    public void creatingWhatExistsIs409() {
        TDClient c = client(master);
        c.createDatabase(DB);
        c.createTable(DB, "events");
        c.createTable(DB, "other");
        c.createBulkImportSession("s_1", DB, "events");
        assertHttp(TDClientHttpConflictException.class, 409, () -> c.createDatabase(DB));
        assertHttp(TDClientHttpConflictException.class, 409, () -> c.createTable(DB, "events"));
        assertHttp(TDClientHttpConflictException.class, 409, () -> c.createBulkImportSession("s_1", DB, "events"));
        assertHttp(TDClientHttpConflictException.class, 409, () -> c.renameTable(DB, "other", "events"));
        c.createDatabaseIfNotExists(DB);
        c.createTableIfNotExists(DB, "events");
    }

    @Test
    public void sessionStatesAreEnforced() {
        TDClient c = seededClient();
        c.createBulkImportSession("s_1", DB, "events");
        assertHttp(TDClientHttpConflictException.class, 409, () -> c.performBulkImportSession("s_1"));
        assertHttp(TDClientHttpConflictException.class, 409, () -> c.commitBulkImportSession("s_1"));
        assertHttp(TDClientHttpConflictException.class, 409, () -> c.unfreezeBulkImportSession("s_1"));
        c.uploadBulkImportPart("s_1", "p1", part("p1", record("time", 1L)));
        c.freezeBulkImportSession("s_1");
        assertHttp(TDClientHttpConflictException.class, 409, () -> c.freezeBulkImportSession("s_1"));
        assertHttp(TDClientHttpConflictException.class, 409,
                () -> c.uploadBulkImportPart("s_1", "p2", part("p2", record("time", 2L))));
        assertHttp(TDClientHttpConflictException.class, 409, () -> c.deleteBulkImportPart("s_1", "p1"));
        c.unfreezeBulkImportSession("s_1");
        c.uploadBulkImportPart("s_1", "p2", part("p2", record("time", 2L)));
        c.freezeBulkImportSession("s_1");
        c.performBulkImportSession("s_1");
        assertHttp(TDClientHttpConflictException.class, 409, () -> c.commitBulkImportSession("s_1"));
        pollUntil(c, "s_1", ImportStatus.READY);
        c.commitBulkImportSession("s_1");
        assertHttp(TDClientHttpConflictException.class, 409, () -> c.commitBulkImportSession("s_1"));
        assertHttp(TDClientHttpConflictException.class, 409, () -> c.performBulkImportSession("s_1"));
        pollUntil(c, "s_1", ImportStatus.COMMITTED);
        assertHttp(TDClientHttpConflictException.class, 409, () -> c.commitBulkImportSession("s_1"));
        assertEquals(2, fake.state().rows(DB, "events").size());
    }

    @Test
    public void reuploadingAPartNameOverwritesIt() {
        TDClient c = seededClient();
        c.createBulkImportSession("s_1", DB, "events");
        c.uploadBulkImportPart("s_1", "task_0", part("a", record("time", 1L), record("time", 2L), record("x", 0L)));
        c.uploadBulkImportPart("s_1", "task_0", part("b", record("time", 3L)));
        assertEquals(List.of("task_0"), c.listBulkImportParts("s_1"));
        TDBulkImportSession s = freezePerformAndWait(c, "s_1");
        assertEquals(1, s.getValidRecords());
        assertEquals(0, s.getErrorRecords());
        c.commitBulkImportSession("s_1");
        pollUntil(c, "s_1", ImportStatus.COMMITTED);
        assertEquals(List.of(record("time", 3L)), fake.state().rows(DB, "events"));
    }

    @Test
    public void undecodablePartsAndRecordsAreCounted() {
        TDClient c = seededClient();
        c.createBulkImportSession("s_1", DB, "events");
        File dir = tmp.getRoot();
        c.uploadBulkImportPart("s_1", "not_gzip", MsgpackParts.file(dir, "x1", new byte[] {1, 2, 3}));
        byte[] good = MsgpackParts.gzipped(List.of(record("time", 1L, "name", "ok")));
        c.uploadBulkImportPart("s_1", "not_msgpack", MsgpackParts.file(dir, "x2",
                gzip(new byte[] {(byte) 0x82, (byte) 0xa4, 't'})));
        c.uploadBulkImportPart("s_1", "good", MsgpackParts.file(dir, "x3", good));
        c.uploadBulkImportPart("s_1", "records", part("r",
                record("time", "1700000000"), record("time", 1.5), record("name", "x"), "not a map",
                record("time", 5L, "big", ValueFactory.newInteger(new java.math.BigInteger("18446744073709551615"))),
                record("time", 6L)));
        TDBulkImportSession s = freezePerformAndWait(c, "s_1");
        assertEquals(2, s.getValidRecords());
        assertEquals(5, s.getErrorRecords());
        assertEquals(2, s.getValidParts());
        assertEquals(2, s.getErrorParts());
        assertEquals(5, countErrorRecords(c, "s_1"));
    }

    @Test
    public void schemaChangesOnlyThroughAppendAndUpdate() {
        TDClient c = seededClient();
        c.appendTableSchema(DB, "events", List.of(new TDColumn("a", TDColumnType.STRING)));
        // Existing columns keep their type; only new keys are added.
        c.appendTableSchema(DB, "events", List.of(new TDColumn("a", TDColumnType.LONG),
                new TDColumn("b", TDColumnType.newArrayType(TDColumnType.STRING)), new TDColumn("User Id",
                        TDColumnType.LONG)));
        assertEquals(List.of(new Column("a", "string"), new Column("b", "array<string>"),
                new Column("User Id", "long", "user_id")), fake.state().columns(DB, "events"));
        assertEquals(new TDColumn("user_id", TDColumnType.LONG, "User Id".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                c.showTable(DB, "events").getColumns().get(2));

        for (String reserved : List.of("time", "v")) {
            TDClientHttpException e = assertHttp(TDClientHttpException.class, 422,
                    () -> c.appendTableSchema(DB, "events", List.of(new TDColumn(reserved, TDColumnType.LONG))));
            assertEquals(TDClientException.ErrorType.INVALID_INPUT, e.getErrorType());
        }
        c.updateTableSchema(DB, "events", List.of(new TDColumn("z", TDColumnType.DOUBLE)));
        assertEquals(List.of(List.of("z", "double")), fake.state().schema(DB, "events"));
        assertHttp(TDClientHttpException.class, 422, () -> c.updateTableSchema(DB, "events",
                List.of(new TDColumn("z", TDColumnType.DOUBLE), new TDColumn("z", TDColumnType.LONG))));
        c.updateTableSchema(DB, "events", List.of(new TDColumn("z", TDColumnType.DOUBLE),
                new TDColumn("z", TDColumnType.LONG)), true);
        assertEquals(List.of(List.of("z", "double")), fake.state().schema(DB, "events"));

        // Data never changes the schema.
        c.createBulkImportSession("s_1", DB, "events");
        c.uploadBulkImportPart("s_1", "p1", part("p1", record("time", 1L, "new_col", "x")));
        freezePerformAndWait(c, "s_1");
        c.commitBulkImportSession("s_1");
        pollUntil(c, "s_1", ImportStatus.COMMITTED);
        assertEquals(List.of(List.of("z", "double")), fake.state().schema(DB, "events"));
    }

    @Test
    public void renameOverwritesAtomicallyAndSwapExchanges() {
        TDClient c = seededClient();
        fake.state().createTable(DB, "tmp", List.of(List.of("n", "long")));
        fake.state().insertRows(DB, "tmp", List.of(record("time", 1L, "n", 1L)));
        fake.state().insertRows(DB, "events", List.of(record("time", 9L, "old", true)));
        assertHttp(TDClientHttpConflictException.class, 409, () -> c.renameTable(DB, "tmp", "events", false));
        c.renameTable(DB, "tmp", "events", true);
        assertEquals(List.of("events"), fake.state().tables(DB));
        assertEquals(List.of(record("time", 1L, "n", 1L)), fake.state().rows(DB, "events"));
        assertEquals(List.of(List.of("n", "long")), fake.state().schema(DB, "events"));

        fake.state().createTable(DB, "other", List.of());
        c.swapTables(DB, "events", "other");
        assertEquals(List.of(), fake.state().rows(DB, "events"));
        assertEquals(1, fake.state().rows(DB, "other").size());
        assertEquals(List.of(List.of("n", "long")), fake.state().schema(DB, "other"));
    }

    @Test
    public void aDeletedTableFailsPerform() {
        TDClient c = seededClient();
        c.createBulkImportSession("s_1", DB, "events");
        c.uploadBulkImportPart("s_1", "p1", part("p1", record("time", 1L)));
        c.freezeBulkImportSession("s_1");
        c.deleteTable(DB, "events");
        assertHttp(TDClientHttpNotFoundException.class, 404, () -> c.performBulkImportSession("s_1"));

        c.createTable(DB, "events");
        c.performBulkImportSession("s_1");
        String jobId = c.getBulkImportSession("s_1").getJobId();
        c.deleteTable(DB, "events");
        assertEquals(TDJob.Status.ERROR, waitForJob(c, jobId));
        assertEquals(ImportStatus.PERFORMING, c.getBulkImportSession("s_1").getStatus());
    }

    // ---- faults -----------------------------------------------------------------------------------------------

    @Test
    public void serverErrorsSurfaceAsTdClientHttpExceptionWithTheStatus() {
        TDClient c = seededClient();
        for (int status : new int[] {500, 502, 503}) {
            FaultRule rule = fake.faults().add(FaultRule.on("table/create").nth(1).respond(status));
            TDClientHttpException e = assertHttp(TDClientHttpException.class, status,
                    () -> c.createTable(DB, "t_" + status));
            assertEquals(TDClientException.ErrorType.SERVER_ERROR, e.getErrorType());
            assertTrue(e.getMessage(), e.getMessage().contains("fault injected"));
            assertEquals(1, rule.hits());
            fake.faults().remove(rule);
        }
        assertEquals(List.of("events"), fake.state().tables(DB));
        assertTrue(fake.requests().entries("table/create").stream().noneMatch(RecordedRequest::applied));
    }

    @Test
    public void tdClientRetryGetsThroughASingle503() {
        seed();
        TDClient retrying = client(master, 3);
        fake.faults().add(FaultRule.on("bulk_import/create").nth(1).respond(503));
        retrying.createBulkImportSession("s_1", DB, "events");
        assertTrue(fake.state().hasSession("s_1"));
        List<RecordedRequest> creates = fake.requests().entries("bulk_import/create");
        assertEquals(2, creates.size());
        assertEquals(503, creates.get(0).status());
        assertEquals(200, creates.get(1).status());
    }

    @Test
    public void tooManyRequestsCarriesRetryAfter() {
        TDClient c = seededClient();
        fake.faults().add(FaultRule.on("table/show").nth(1).tooManyRequests(7));
        long before = System.currentTimeMillis();
        TDClientHttpTooManyRequestsException e = assertThrows(TDClientHttpTooManyRequestsException.class,
                () -> c.showTable(DB, "events"));
        assertEquals(429, e.getStatusCode());
        Date retryAfter = e.getRetryAfter().orElseThrow();
        assertTrue(retryAfter.getTime() >= before + 6_000 && retryAfter.getTime() <= before + 9_000);

        // With retries, a Retry-After beyond retryLimit x retryMaxInterval (2 x 50 ms) ends the call at once.
        fake.faults().add(FaultRule.on("table/show").fromNth(1).tooManyRequests(60));
        int shows = fake.requests().count("table/show");
        assertThrows(TDClientHttpTooManyRequestsException.class, () -> client(master, 2).showTable(DB, "events"));
        assertEquals(shows + 1, fake.requests().count("table/show"));
        fake.faults().clear();

        // A short Retry-After is waited for and retried.
        fake.faults().add(FaultRule.on("table/show").nth(1).tooManyRequests(0));
        assertEquals("events", client(master, 2).showTable(DB, "events").getName());
        assertEquals(shows + 3, fake.requests().count("table/show"));
    }

    @Test
    public void connectionDroppedBeforeApplyingIsAnInterruptedException() {
        TDClient c = seededClient();
        c.createBulkImportSession("s_1", DB, "events");
        fake.faults().add(FaultRule.on("upload_part").nth(1).dropBeforeApplying());
        // A new client's first request goes over a new connection, which OkHttp does not retry by itself.
        TDClient fresh = client(master);
        TDClientInterruptedException e = assertThrows(TDClientInterruptedException.class,
                () -> fresh.uploadBulkImportPart("s_1", "p1", part("p1", record("time", 1L))));
        assertEquals(TDClientException.ErrorType.INTERRUPTED, e.getErrorType());
        assertSame(EOFException.class, e.getCause().getClass());
        assertEquals(List.of(), fake.state().session("s_1").parts());
        RecordedRequest dropped = fake.requests().entries("upload_part").get(0);
        assertFalse(dropped.answered());
        assertFalse(dropped.applied());

        // td-client's own retry takes it from there.
        fake.faults().add(FaultRule.on("upload_part").nth(1).dropBeforeApplying());
        client(master, 1).uploadBulkImportPart("s_1", "p1", part("p1", record("time", 1L)));
        assertEquals(List.of("p1"), fake.state().session("s_1").parts());
        assertEquals(3, fake.requests().count("upload_part"));
    }

    @Test
    public void okHttpRetriesADroppedRequestOnAReusedConnectionByItself() {
        TDClient c = seededClient();
        c.createBulkImportSession("s_1", DB, "events");
        fake.faults().add(FaultRule.on("upload_part").nth(1).dropBeforeApplying());
        c.uploadBulkImportPart("s_1", "p1", part("p1", record("time", 1L)));
        List<RecordedRequest> uploads = fake.requests().entries("upload_part");
        assertEquals(2, uploads.size());
        assertFalse(uploads.get(0).answered());
        assertTrue(uploads.get(1).applied());

        // Dropping every attempt gets through to the caller, after OkHttp's own attempts.
        fake.faults().add(FaultRule.on("upload_part").fromNth(1).dropBeforeApplying());
        assertThrows(TDClientInterruptedException.class,
                () -> c.uploadBulkImportPart("s_1", "p2", part("p2", record("time", 2L))));
        assertTrue(fake.requests().count("upload_part") >= 4);
        assertEquals(List.of("p1"), fake.state().session("s_1").parts());
    }

    @Test
    public void aCommitDroppedAfterApplyingComesBackAsConflictOrInterrupted() {
        TDClient c = seededClient();
        readySession(c, "s_1");
        fake.faults().add(FaultRule.on("commit").nth(1).dropAfterApplying());
        // Reused connection: OkHttp sends the commit again, which finds the session committing.
        assertHttp(TDClientHttpConflictException.class, 409, () -> c.commitBulkImportSession("s_1"));
        List<RecordedRequest> commits = fake.requests().entries("commit");
        assertEquals(2, commits.size());
        assertTrue(commits.get(0).applied());
        assertFalse(commits.get(0).answered());
        assertEquals(200, commits.get(0).status());
        assertEquals(409, commits.get(1).status());
        assertEquals(ImportStatus.COMMITTED, pollUntil(c, "s_1", ImportStatus.COMMITTED).getStatus());

        readySession(c, "s_2");
        fake.faults().add(FaultRule.on("commit").nth(1).dropAfterApplying());
        TDClient fresh = client(master);
        assertThrows(TDClientInterruptedException.class, () -> fresh.commitBulkImportSession("s_2"));
        assertEquals(SessionStatus.COMMITTING, fake.state().session("s_2").status());
    }

    @Test
    public void aRenameDroppedAfterApplyingComesBackAsNotFound() {
        TDClient c = seededClient();
        fake.state().createTable(DB, "events_tmp", List.of(List.of("n", "long")));
        fake.faults().add(FaultRule.on("rename").nth(1).dropAfterApplying());
        c.showTable(DB, "events");  // leaves a keep-alive connection for the rename to reuse
        assertHttp(TDClientHttpNotFoundException.class, 404, () -> c.renameTable(DB, "events_tmp", "events", true));
        assertEquals(List.of("events"), fake.state().tables(DB));
        assertEquals(List.of(List.of("n", "long")), fake.state().schema(DB, "events"));
    }

    @Test
    public void connectionResetIsASocketErrorThatTdClientDoesNotRetry() {
        seed();
        fake.faults().add(FaultRule.on("table/create").fromNth(1).resetBeforeApplying());
        TDClientSocketException e = assertThrows(TDClientSocketException.class,
                () -> client(master, 5).createTable(DB, "other"));
        assertEquals(TDClientException.ErrorType.SOCKET_ERROR, e.getErrorType());
        assertTrue(e.getCause().getMessage(), e.getCause().getMessage().contains("reset"));
        assertEquals(1, fake.requests().count("table/create"));
        assertEquals(List.of("events"), fake.state().tables(DB));
    }

    @Test
    public void aKilledPerformJobLeavesTheSessionPerformingUntilPerformedAgain() {
        TDClient c = seededClient();
        c.createBulkImportSession("s_1", DB, "events");
        c.uploadBulkImportPart("s_1", "p1", part("p1", record("time", 1L)));
        c.freezeBulkImportSession("s_1");
        fake.faults().add(FaultRule.on("perform").nth(1).jobEnds(JobStatus.KILLED));
        fake.faults().add(FaultRule.on("perform").nth(2).jobEnds(JobStatus.ERROR));
        c.performBulkImportSession("s_1");
        String killedJob = c.getBulkImportSession("s_1").getJobId();
        for (int i = 0; i < 10; i++) {
            assertEquals(ImportStatus.PERFORMING, c.getBulkImportSession("s_1").getStatus());
        }
        assertEquals(TDJob.Status.KILLED, c.jobStatus(killedJob).getStatus());
        assertEquals(TDJob.Status.KILLED, c.jobInfo(killedJob).getStatus());

        c.performBulkImportSession("s_1");
        String errorJob = c.getBulkImportSession("s_1").getJobId();
        assertEquals(TDJob.Status.ERROR, waitForJob(c, errorJob));
        assertEquals(ImportStatus.PERFORMING, c.getBulkImportSession("s_1").getStatus());

        c.performBulkImportSession("s_1");
        assertEquals(1, pollUntil(c, "s_1", ImportStatus.READY).getValidRecords());
        assertEquals(3, fake.state().jobs().size());
    }

    @Test
    public void slowPerformAndCommitNeedMorePolls() {
        TDClient c = seededClient();
        fake.setPollsToFinish(1, 1);
        c.createBulkImportSession("s_1", DB, "events");
        c.uploadBulkImportPart("s_1", "p1", part("p1", record("time", 1L)));
        c.freezeBulkImportSession("s_1");
        fake.faults().add(FaultRule.on("perform").nth(1).slow(3));
        fake.faults().add(FaultRule.on("commit").nth(1).slow(2));
        c.performBulkImportSession("s_1");
        assertEquals(4, pollsUntil(c, "s_1", ImportStatus.READY));
        c.commitBulkImportSession("s_1");
        assertEquals(3, pollsUntil(c, "s_1", ImportStatus.COMMITTED));

        c.createBulkImportSession("s_2", DB, "events");
        c.uploadBulkImportPart("s_2", "p1", part("p1", record("time", 1L)));
        c.freezeBulkImportSession("s_2");
        c.performBulkImportSession("s_2");
        assertEquals(1, pollsUntil(c, "s_2", ImportStatus.READY));
    }

    @Test
    public void aRefusedCommitStaysRefused() {
        TDClient c = seededClient();
        readySession(c, "s_1");
        FaultRule refuse = fake.faults().add(FaultRule.on("commit").fromNth(1).respond(422, "commit refused"));
        TDClientHttpException e = assertHttp(TDClientHttpException.class, 422,
                () -> client(master, 3).commitBulkImportSession("s_1"));
        assertEquals(TDClientException.ErrorType.INVALID_INPUT, e.getErrorType());
        assertEquals(1, fake.requests().count("commit"));
        fake.faults().remove(refuse);

        fake.faults().add(FaultRule.on("commit").fromNth(1).respond(409));
        assertHttp(TDClientHttpConflictException.class, 409, () -> c.commitBulkImportSession("s_1"));
        fake.faults().clear();

        fake.faults().add(FaultRule.on("commit").fromNth(1).respond(500));
        assertHttp(TDClientHttpException.class, 500, () -> client(master, 2).commitBulkImportSession("s_1"));
        assertEquals(1 + 1 + 3, fake.requests().count("commit"));
        assertEquals(SessionStatus.READY, fake.state().session("s_1").status());
    }

    @Test
    public void aHookRunsWhenTheNthMatchingRequestArrivesAndCanHoldIt() throws Exception {
        TDClient c = seededClient();
        readySession(c, "s_1");
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<RequestInfo> seen = new AtomicReference<>();
        fake.faults().add(FaultRule.on("commit").nth(1).whenArrives(r -> {
            seen.set(r);
            arrived.countDown();
            await(release);
        }).pass());
        Thread committer = new Thread(() -> c.commitBulkImportSession("s_1"));
        committer.start();
        assertTrue(arrived.await(10, TimeUnit.SECONDS));
        assertEquals("bulk_import/commit", seen.get().endpoint());
        assertEquals("/v3/bulk_import/commit/s_1", seen.get().path());
        assertEquals(SessionStatus.READY, fake.state().session("s_1").status());
        release.countDown();
        committer.join(10_000);
        assertFalse(committer.isAlive());
        assertEquals(SessionStatus.COMMITTING, fake.state().session("s_1").status());
    }

    @Test
    public void aRuleCanMatchAMethodAndPathPrefix() {
        TDClient c = seededClient();
        fake.state().createTable(DB, "tmp", List.of());
        fake.faults().add(FaultRule.onRequest("POST", "/v3/table/rename/").fromNth(1).respond(502));
        assertHttp(TDClientHttpException.class, 502, () -> c.renameTable(DB, "tmp", "events", true));
        assertEquals(List.of("events", "tmp"), fake.state().tables(DB));
        assertThrows(IllegalArgumentException.class, () -> FaultRule.on("show"));
        assertThrows(IllegalArgumentException.class, () -> FaultRule.on("upload_part").jobEnds(JobStatus.KILLED));
    }

    @Test
    public void parallelUploadsFromManyThreadsAllLand() throws Exception {
        TDClient c = seededClient();
        c.createBulkImportSession("s_1", DB, "events");
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < 8; t++) {
            int task = t;
            threads.add(new Thread(() -> {
                try {
                    for (int p = 0; p < 5; p++) {
                        String name = String.format("task_%02d_%02d", task, p);
                        c.uploadBulkImportPart("s_1", name, part(name, record("time", (long) task, "p", (long) p),
                                record("time", (long) task, "p", (long) p)));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join(20_000);
        }
        assertEquals(List.of(), failures);
        assertEquals(40, fake.state().session("s_1").parts().size());
        assertEquals(80, freezePerformAndWait(c, "s_1").getValidRecords());
        assertEquals(40, fake.requests().countsByEndpoint().get("bulk_import/upload_part").intValue());
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** Database {@code app_db} with an empty log table {@code events}. */
    private void seed() {
        fake.state().createDatabase(DB);
        fake.state().createTable(DB, "events", List.of());
    }

    /** A master client over a {@link #seed()}ed state. */
    private TDClient seededClient() {
        seed();
        return client(master);
    }

    private void readySession(TDClient c, String session) {
        c.createBulkImportSession(session, DB, "events");
        c.uploadBulkImportPart(session, "p1", part("p1", record("time", 1L)));
        freezePerformAndWait(c, session);
    }

    private static TDBulkImportSession freezePerformAndWait(TDClient c, String session) {
        c.freezeBulkImportSession(session);
        c.performBulkImportSession(session);
        return pollUntil(c, session, ImportStatus.READY);
    }

    private static TDBulkImportSession pollUntil(TDClient c, String session, ImportStatus status) {
        for (int polls = 0; polls < 50; polls++) {
            TDBulkImportSession s = c.getBulkImportSession(session);
            if (s.getStatus() == status) {
                return s;
            }
        }
        throw new AssertionError(session + " did not become " + status);
    }

    private static int pollsUntil(TDClient c, String session, ImportStatus status) {
        for (int polls = 1; polls <= 50; polls++) {
            if (c.getBulkImportSession(session).getStatus() == status) {
                return polls;
            }
        }
        throw new AssertionError(session + " did not become " + status);
    }

    private static TDJob.Status waitForJob(TDClient c, String jobId) {
        for (int polls = 0; polls < 50; polls++) {
            TDJob.Status status = c.jobStatus(jobId).getStatus();
            if (status.isFinished()) {
                return status;
            }
        }
        throw new AssertionError("job " + jobId + " did not finish");
    }

    private static int countErrorRecords(TDClient c, String session) {
        Function<InputStream, Integer> count = in -> {
            try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(new GZIPInputStream(in))) {
                int n = 0;
                while (unpacker.hasNext()) {
                    unpacker.unpackValue();
                    n++;
                }
                return n;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        return c.getBulkImportErrorRecords(session, count);
    }

    private File part(String name, Object... values) {
        return MsgpackParts.part(tmp.getRoot(), name + "_" + System.nanoTime(), List.of(values));
    }

    private static byte[] gzip(byte[] raw) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(bytes)) {
            out.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Asserts the exact exception class td-client throws and its HTTP status. */
    private static <T extends TDClientHttpException> T assertHttp(Class<T> type, int status, ThrowingRunnable call) {
        TDClientHttpException e = assertThrows(TDClientHttpException.class, call);
        if (e.getClass() != type) {
            throw new AssertionError("expected " + type.getSimpleName() + " but got " + e, e);
        }
        assertEquals(e.getMessage(), status, e.getStatusCode());
        return type.cast(e);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                fail("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
