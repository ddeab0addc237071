package io.github.resultexport.embulk.output.td;

import static io.github.resultexport.embulk.output.td.TdModesTest.ids;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.treasuredata.client.TDClient;
import io.github.resultexport.embulk.output.td.fake.FakeTreasureData;
import io.github.resultexport.embulk.output.td.fake.FaultRule;
import io.github.resultexport.embulk.output.td.fake.JobStatus;
import io.github.resultexport.embulk.output.td.fake.KeyRole;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.zip.GZIPOutputStream;
import org.embulk.config.ConfigSource;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/**
 * A failure at any step leaves the target as it was and removes the run's session and temporary table; transient
 * faults are retried and every row lands exactly once. Faults are placed by request count.
 */
public class TdFaultTest {
    private static final long ROWS = 500;
    private static final int TASKS = 3;

    @Rule
    public final TdEmbulk embulk = new TdEmbulk();

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private FakeTreasureData td;
    private String master;
    private final List<FaultRule> faults = new java.util.ArrayList<>();

    @Before
    public void startFake() throws Exception {
        td = FakeTreasureData.start();
        master = td.addKey(KeyRole.MASTER);
        td.state().createDatabase("db_fault");
        td.state().createTable("db_fault", "events", List.of(List.of("legacy", "string")));
        td.state().insertRows("db_fault", "events", List.of(Map.of("time", 1L, "legacy", "before")));
    }

    @After
    public void stopFake() {
        td.close();
    }

    private ConfigSource out(String mode) {
        return embulk.out(td, master, "db_fault", "events").set("mode", mode).set("time_value", 1700000000);
    }

    // ---- permanent failures: target unchanged, nothing left ---------------------------------------------------

    @Test
    public void failedUploadLeavesTheTargetAsItWas() {
        for (String mode : List.of("append", "replace", "truncate")) {
            td.faults().clear();
            td.faults().add(FaultRule.on("upload_part").fromNth(2).respond(500));
            assertFails(mode, "upload_part");
            assertUnchangedAndClean();
        }
    }

    @Test
    public void killedPerformFailsSoonNamingTheJob() {
        for (String mode : List.of("append", "replace")) {
            td.faults().clear();
            td.faults().add(FaultRule.on("perform").nth(1).jobEnds(JobStatus.KILLED));
            long started = System.nanoTime();
            String message = assertFails(mode, "ended killed");
            assertTrue("failed within a minute", System.nanoTime() - started < 60_000_000_000L);
            String jobId = td.state().jobs().get(td.state().jobs().size() - 1).jobId();
            assertTrue(message, message.contains("perform job " + jobId));
            assertUnchangedAndClean();
        }
    }

    @Test
    public void refusedCommitLeavesTheTargetAsItWas() {
        for (String mode : List.of("append", "truncate")) {
            td.faults().clear();
            td.faults().add(FaultRule.on("commit").fromNth(1).respond(409, "commit refused"));
            assertFails(mode, "commit refused");
            assertUnchangedAndClean();
        }
    }

    @Test
    public void refusedRenameLeavesTheTargetAsItWas() {
        td.faults().add(FaultRule.on("rename").fromNth(1).respond(500, "rename refused"));
        assertFails("replace", "rename refused");
        assertUnchangedAndClean();
    }

    @Test
    public void performThatOutlivesTheJobTimeoutFails() {
        td.faults().add(FaultRule.on("perform").nth(1).slow(1000));
        assertFails("append", "job_timeout");
        assertUnchangedAndClean();
    }

    /** Someone else's part in the run's session: Treasure Data's count differs from the tasks', so no commit. */
    @Test
    public void countThatDiffersFromWhatTheTasksUploadedIsNotCommitted() {
        td.faults().add(FaultRule.on("freeze").nth(1).whenArrives(request -> uploadForeignPart(
                request.path().substring(request.path().lastIndexOf('/') + 1))).pass());
        assertFails("append", "the tasks uploaded " + ROWS * TASKS);
        assertUnchangedAndClean();
        assertEquals(0, td.requests().count("commit"));
    }

    // ---- transient faults: retried, every row exactly once -----------------------------------------------------

    @Test
    public void transientFaultsAtEveryStepAreRetriedAndEveryRowLandsOnce() {
        fault(FaultRule.on("upload_part").nth(1).tooManyRequests(1));
        fault(FaultRule.on("upload_part").nth(3).respond(503));
        fault(FaultRule.on("upload_part").nth(4).dropAfterApplying());
        fault(FaultRule.on("upload_part").nth(5).dropBeforeApplying());
        fault(FaultRule.on("bulk_import/create").nth(1).dropAfterApplying());
        fault(FaultRule.on("table/create").nth(1).dropAfterApplying());
        fault(FaultRule.on("update-schema").nth(1).dropAfterApplying());
        fault(FaultRule.on("freeze").nth(1).dropAfterApplying());
        fault(FaultRule.on("perform").nth(1).dropAfterApplying());
        fault(FaultRule.on("bulk_import/show").nth(2).respond(502));
        fault(FaultRule.on("commit").nth(1).dropAfterApplying());
        fault(FaultRule.on("rename").nth(1).dropAfterApplying());

        embulk.run(embulk.generator(ROWS, TASKS), out("replace"));

        assertEveryFaultHit();
        List<Long> expected = LongStream.range(0, ROWS * TASKS).boxed().collect(Collectors.toList());
        assertEquals(expected, ids(td.state().rows("db_fault", "events")));
        assertEquals(List.of("events"), td.state().tables("db_fault"));
        assertEquals(List.of(), td.state().sessions());
    }

    @Test
    public void appendAfterLostAnswersAddsEveryRowOnce() {
        fault(FaultRule.on("upload_part").nth(2).dropAfterApplying());
        fault(FaultRule.on("commit").nth(1).dropAfterApplying());
        fault(FaultRule.on("append-schema").nth(1).dropAfterApplying());

        embulk.run(embulk.generator(ROWS, TASKS), out("append"));

        assertEveryFaultHit();
        List<Map<String, Object>> rows = td.state().rows("db_fault", "events");
        assertEquals(ROWS * TASKS + 1, rows.size());
        assertEquals(ROWS * TASKS, rows.stream().filter(r -> r.get("id") != null).map(r -> r.get("id"))
                .distinct().count());
    }

    private void fault(FaultRule rule) {
        faults.add(td.faults().add(rule));
    }

    private void assertEveryFaultHit() {
        for (FaultRule rule : faults) {
            assertEquals(rule.toString(), 1, rule.hits());
        }
    }

    private String assertFails(String mode, String expectedInMessage) {
        Throwable e = assertThrows(Throwable.class, () -> embulk.run(embulk.generator(ROWS, TASKS),
                out(mode).set("job_timeout", 2)));
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertTrue(mode + ": " + trace, trace.toString().contains(expectedInMessage));
        return trace.toString();
    }

    private void assertUnchangedAndClean() {
        assertEquals(List.of("events"), td.state().tables("db_fault"));
        assertEquals(List.of(List.of("legacy", "string")), td.state().schema("db_fault", "events"));
        assertEquals(List.of(Map.of("time", 1L, "legacy", "before")), td.state().rows("db_fault", "events"));
        assertEquals(List.of(), td.state().sessions());
    }

    private void uploadForeignPart(String session) {
        try (TDClient client = td.clientBuilder(master).setRetryLimit(0).build()) {
            File part = tmp.newFile();
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(part.toPath()));
                    MessagePacker packer = MessagePack.newDefaultPacker(out)) {
                packer.packMapHeader(2).packString("time").packLong(1).packString("id").packLong(-1);
            }
            client.uploadBulkImportPart(session, "foreign_0", part);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
