package io.github.resultexport.embulk.output.salesforce_dmp;

import io.github.resultexport.embulk.output.common.testing.RowHooks;

import static io.github.resultexport.embulk.output.salesforce_dmp.Causes.messages;
import static io.github.resultexport.embulk.output.salesforce_dmp.DmpEmbulk.CLIENT;
import static io.github.resultexport.embulk.output.salesforce_dmp.DmpEmbulk.DAY;
import static io.github.resultexport.embulk.output.salesforce_dmp.DmpEmbulk.dailyKey;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.embulk.config.ConfigSource;
import org.junit.After;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * A run with several tasks makes one object: when every task writes more than a part, and when every task writes
 * less than 5 MiB (S3 accepts only the last part that small). Its lines are the input records, each once. The
 * upload is completed only after S3 listed exactly the parts that were reported.
 */
public class OneObjectTest {
    private static final int TASKS = 4;
    /** Rows per task that compress to a little over 5 MiB with {@link #VALUE_CHARS}-character values. */
    private static final long LARGE_ROWS = 18_000;
    private static final long SMALL_ROWS = 2_000;
    private static final int VALUE_CHARS = 200;
    private static final long MIB = 1024 * 1024;

    @ClassRule
    public static final S3Server S3 = new S3Server();
    @ClassRule
    public static final DmpEmbulk EMBULK = new DmpEmbulk();

    private S3FaultFront front;

    @Before
    public void start() throws Exception {
        S3.clear();
        front = S3FaultFront.in(S3);
    }

    @After
    public void stop() throws Exception {
        front.close();
    }

    @Test
    public void everyTaskLargerThanAPart() throws Exception {
        EMBULK.run(input(LARGE_ROWS), out(), EMBULK.exec(TASKS));

        assertEquals(SegmentsInputPlugin.lines(0, TASKS, LARGE_ROWS, 2, VALUE_CHARS),
                S3.sortedLines(dailyKey(DAY)));
        Set<Integer> parts = uploadedPartNumbers();
        assertEquals("a part per task, then the joined ends: " + parts, 5, parts.size());
        assertEquals("task 0's first part", Integer.valueOf(1), parts.iterator().next());
        assertTrue(S3.bytes(dailyKey(DAY)).length > TASKS * 5 * MIB);
        assertCleanedUp();
    }

    @Test
    public void everyTaskSmallerThanFiveMiB() throws Exception {
        EMBULK.run(input(SMALL_ROWS), out(), EMBULK.exec(TASKS));

        assertEquals(SegmentsInputPlugin.lines(0, TASKS, SMALL_ROWS, 2, VALUE_CHARS),
                S3.sortedLines(dailyKey(DAY)));
        assertEquals("the four ends joined into the only part", 1, uploadedPartNumbers().size());
        assertEquals(Collections.singletonList(dailyKey(DAY)), S3.keys(""));
        assertCleanedUp();
    }

    @Test
    public void aPartNoTaskReportedStopsThePublication() throws Exception {
        String hook = "stray-part";
        AtomicReference<String> strayUpload = new AtomicReference<>();
        Exception e;
        try (AutoCloseable h = RowHooks.register(hook, row -> strayUpload.set(addStrayPart(2)))) {
            e = assertThrows(Exception.class, () -> EMBULK.run(input(SMALL_ROWS).set("hook", hook)
                    .set("hook_rows", Collections.singletonList(1000L)), out(), EMBULK.exec(TASKS)));
        }

        assertTrue(String.valueOf(strayUpload.get()), strayUpload.get() != null);
        assertTrue(e.toString(), messages(e).contains("part 2 was not reported by any task"));
        assertEquals("nothing was published", Collections.emptyList(), S3.keys(CLIENT + "/uploads/"));
        assertCleanedUp();
    }

    @Test
    public void aTaskEndChangedBeforeThePublicationStopsIt() throws Exception {
        S3FaultFront.Hold hold = S3FaultFront.hold();
        front.inject(r -> r.method.equals("GET") && r.path().endsWith("/task-00000"), 1, hold);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread run = new Thread(() -> {
            try {
                EMBULK.run(input(SMALL_ROWS), out(), EMBULK.exec(TASKS));
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        run.start();
        hold.awaitReached(120);
        String end = null;
        for (String key : S3.keys(CLIENT + "/embulk-staging/")) {
            if (key.endsWith("/task-00000")) {
                end = key;
            }
        }
        S3.put(end, "u-x^segment:x\n".getBytes(StandardCharsets.UTF_8));
        hold.release();
        run.join(120_000);

        assertTrue(String.valueOf(failure.get()), failure.get() != null
                && messages(failure.get()).contains("is not what its task uploaded"));
        assertEquals(Collections.emptyList(), S3.keys(CLIENT + "/uploads/"));
        assertCleanedUp();
    }

    /** Uploads a 5 MiB part numbered {@code number} into the run's upload, as a stray writer would. */
    private static String addStrayPart(int number) {
        List<MultipartUpload> uploads = S3.admin().listMultipartUploads(r -> r.bucket(S3Server.BUCKET)).uploads();
        assertEquals(1, uploads.size());
        MultipartUpload u = uploads.get(0);
        S3.admin().uploadPart(r -> r.bucket(S3Server.BUCKET).key(u.key()).uploadId(u.uploadId()).partNumber(number),
                RequestBody.fromBytes(new byte[(int) (5 * MIB)]));
        return u.uploadId();
    }

    private ConfigSource input(long rows) {
        return EMBULK.segments(rows, TASKS).set("value_chars", VALUE_CHARS);
    }

    private ConfigSource out() {
        return EMBULK.out(front.endpoint()).set("part_size", 5 * MIB);
    }

    private Set<Integer> uploadedPartNumbers() {
        Set<Integer> numbers = new TreeSet<>();
        for (S3FaultFront.Request r : front.requests()) {
            if (r.isUploadPart()) {
                String query = r.target.substring(r.target.indexOf('?') + 1);
                for (String p : query.split("&")) {
                    if (p.startsWith("partNumber=")) {
                        numbers.add(Integer.parseInt(p.substring("partNumber=".length())));
                    }
                }
            }
        }
        return numbers;
    }

    private static void assertCleanedUp() {
        assertEquals(Collections.emptyList(), S3.keys(CLIENT + "/embulk-staging/"));
        assertEquals(Collections.emptyList(), S3.uploads());
    }
}
