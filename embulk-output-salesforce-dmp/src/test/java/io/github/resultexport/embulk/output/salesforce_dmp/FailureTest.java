package io.github.resultexport.embulk.output.salesforce_dmp;

import io.github.resultexport.embulk.output.common.testing.RowHooks;

import static io.github.resultexport.embulk.output.salesforce_dmp.Causes.messages;
import static io.github.resultexport.embulk.output.salesforce_dmp.DmpEmbulk.CLIENT;
import static io.github.resultexport.embulk.output.salesforce_dmp.DmpEmbulk.DAY;
import static io.github.resultexport.embulk.output.salesforce_dmp.DmpEmbulk.dailyKey;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.github.resultexport.embulk.output.common.testing.ChildEmbulk;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import org.embulk.config.ConfigSource;
import org.junit.After;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Test;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A run that fails (bad data in a task, S3 errors beyond the retries, the JVM killed) leaves the day's previous
 * file byte for byte, no new object and no upload in progress; after a kill, the next run aborts what the dead run
 * left.
 */
public class FailureTest {
    private static final long MIB = 1024 * 1024;
    /** Rows that compress to a little over one 5 MiB part with 200-character values. */
    private static final long LARGE_ROWS = 18_000;
    /** A row after the first part was cut (about row 16,400). */
    private static final long LATE_ROW = 17_500;

    @ClassRule
    public static final S3Server S3 = new S3Server();
    @ClassRule
    public static final DmpEmbulk EMBULK = new DmpEmbulk();

    private S3FaultFront front;
    private TreeMap<String, String> before;

    @Before
    public void previousFileOfTheDay() throws Exception {
        S3.clear();
        front = S3FaultFront.in(S3);
        EMBULK.run(EMBULK.segments(100, 1).set("seed", 1), EMBULK.out(S3.endpoint()), EMBULK.exec(1));
        before = S3.snapshot("");
        assertEquals(Collections.singleton(dailyKey(DAY)), before.keySet());
    }

    @After
    public void stopFront() throws Exception {
        front.close();
    }

    @Test
    public void aTaskFailingOnBadDataAfterItUploadedAPart() throws Exception {
        String hook = "after-first-part";
        Exception e;
        try (AutoCloseable h = RowHooks.register(hook, row -> awaitUploadedParts(1))) {
            e = assertThrows(Exception.class, () -> EMBULK.run(large().set("invalid_at", LATE_ROW)
                    .set("hook", hook).set("hook_rows", Collections.singletonList(LATE_ROW)),
                    out(), EMBULK.exec(1)));
        }

        assertTrue(messages(e), messages(e).contains("row " + (LATE_ROW + 1) + " of task 0, column 'a1'"));
        assertUnchanged();
    }

    @Test
    public void s3ErrorsBeyondTheRetries() {
        front.injectAlways(S3FaultFront.Request::isUploadPart, S3FaultFront.error(503, "SlowDown"));

        Exception e = assertThrows(Exception.class,
                () -> EMBULK.run(EMBULK.segments(100, 1).set("seed", 2), out().set("retry_limit", 2), EMBULK.exec(1)));

        assertTrue(messages(e), messages(e).contains("SlowDown"));
        assertEquals("the first attempt and retry_limit retries", 3, front.count(S3FaultFront.Request::isUploadPart));
        assertUnchanged();
    }

    @Test
    public void droppedConnectionsBeyondTheRetries() {
        front.injectAlways(S3FaultFront.Request::isUploadPart, S3FaultFront.dropAfterBodyBytes(100));

        assertThrows(Exception.class, () -> EMBULK.run(EMBULK.segments(100, 1).set("seed", 2),
                out().set("retry_limit", 1), EMBULK.exec(1)));

        assertEquals(2, front.count(S3FaultFront.Request::isUploadPart));
        assertUnchanged();
    }

    @Test
    public void theCompletionFailingBeyondTheRetries() {
        front.injectAlways(S3FaultFront.Request::isComplete, S3FaultFront.error(500, "InternalError"));

        Exception e = assertThrows(Exception.class, () -> EMBULK.run(EMBULK.segments(100, 2).set("seed", 2),
                out().set("retry_limit", 1), EMBULK.exec(2)));

        assertTrue(messages(e), messages(e).contains("InternalError"));
        assertEquals(2, front.count(S3FaultFront.Request::isComplete));
        assertUnchanged();
    }

    @Test
    public void aKilledRunLeavesTheFileAndTheNextRunAbortsItsUpload() throws Exception {
        ConfigSource out = EMBULK.out(S3.endpoint()).set("part_size", 5 * MIB).set("stale_run_timeout", 2);
        try (ChildEmbulk child = ChildEmbulk.start(DmpEmbulk.class, "kill-" + System.nanoTime(),
                large().set("block_at", LATE_ROW), out, EMBULK.exec(1))) {
            waitUntil("the child run to block after uploading a part", () -> {
                if (!child.isAlive()) {
                    throw new AssertionError("the run ended before it was killed:\n" + child.logTail(4000));
                }
                return child.logTail(100_000).contains(RowHooks.BLOCKED + LATE_ROW) && uploadedParts() >= 1;
            });
            child.kill();
        }

        assertEquals("the day's file, byte for byte, and no new object outside the dead run's temporary objects",
                before, withoutStaging(S3.snapshot("")));
        List<String> dangling = S3.uploads();
        assertEquals(dangling.toString(), 1, dangling.size());
        awaitLeaseOlderThan(Duration.ofSeconds(3));

        EMBULK.run(EMBULK.segments(100, 2).set("seed", 3), out, EMBULK.exec(2));

        assertEquals(Collections.emptyList(), S3.uploads());
        assertEquals(Collections.emptyList(), S3.keys(CLIENT + "/embulk-staging/"));
        assertEquals(SegmentsInputPlugin.lines(3, 2, 100, 2, 12), S3.sortedLines(dailyKey(DAY)));
    }

    /** One task (so one output task, with {@code exec(1)}) that uploads a part before {@link #LATE_ROW}. */
    private ConfigSource large() {
        return EMBULK.segments(LARGE_ROWS, 1).set("seed", 2).set("value_chars", 200);
    }

    private ConfigSource out() {
        return EMBULK.out(front.endpoint()).set("part_size", 5 * MIB);
    }

    private void assertUnchanged() {
        assertEquals("the day's file, byte for byte, and no other object", before, S3.snapshot(""));
        assertEquals(Collections.emptyList(), S3.uploads());
    }

    private static TreeMap<String, String> withoutStaging(TreeMap<String, String> snapshot) {
        TreeMap<String, String> rest = new TreeMap<>(snapshot);
        rest.keySet().removeIf(k -> k.startsWith(CLIENT + "/embulk-staging/"));
        return rest;
    }

    /** Parts S3 holds for the one upload in progress. */
    private static int uploadedParts() {
        List<MultipartUpload> uploads = S3.admin().listMultipartUploads(r -> r.bucket(S3Server.BUCKET)).uploads();
        if (uploads.size() != 1) {
            return 0;
        }
        MultipartUpload u = uploads.get(0);
        return S3.admin().listParts(r -> r.bucket(S3Server.BUCKET).key(u.key()).uploadId(u.uploadId())).parts()
                .size();
    }

    private static void awaitUploadedParts(int parts) throws Exception {
        waitUntil(parts + " part(s) in the run's upload", () -> uploadedParts() >= parts);
    }

    /** Waits until S3's clock is past the dead run's last lease renewal by {@code age}: no one renews it now. */
    private static void awaitLeaseOlderThan(Duration age) throws Exception {
        waitUntil("the dead run's lease to age", () -> {
            S3.put("clock-probe", new byte[0]);
            Instant lease = null;
            Instant now = null;
            for (S3Object o : S3.admin().listObjectsV2(r -> r.bucket(S3Server.BUCKET)).contents()) {
                if (o.key().endsWith("/lease")) {
                    lease = o.lastModified();
                } else if (o.key().equals("clock-probe")) {
                    now = o.lastModified();
                }
            }
            S3.admin().deleteObject(r -> r.bucket(S3Server.BUCKET).key("clock-probe"));
            return Duration.between(lease, now).compareTo(age) > 0;
        });
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /** Checks {@code condition} every 50 ms until it holds; fails after two minutes. */
    static void waitUntil(String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
