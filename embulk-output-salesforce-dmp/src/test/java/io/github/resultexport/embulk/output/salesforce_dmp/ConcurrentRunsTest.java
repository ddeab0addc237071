package io.github.resultexport.embulk.output.salesforce_dmp;

import io.github.resultexport.embulk.output.common.testing.RowHooks;

import static io.github.resultexport.embulk.output.salesforce_dmp.DmpEmbulk.CLIENT;
import static io.github.resultexport.embulk.output.salesforce_dmp.DmpEmbulk.DAY;
import static io.github.resultexport.embulk.output.salesforce_dmp.DmpEmbulk.dailyKey;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.After;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;

/**
 * Two runs into the same day's file at once (without {@code append_to_date_folder}): the day ends with exactly one
 * complete file, one run's or the other's, never a mix and never a partial object; neither run touches the other's
 * upload.
 */
public class ConcurrentRunsTest {
    private static final long ROWS = 300;

    @ClassRule
    public static final S3Server S3 = new S3Server();
    @Rule
    public DmpEmbulk embulkA = new DmpEmbulk();
    @Rule
    public DmpEmbulk embulkB = new DmpEmbulk();

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

    /**
     * Run A is held just before it completes its upload; run B starts then (its sweep of dead runs finds A's live
     * lease and upload and leaves them), runs to the end and publishes; then A completes and its file replaces B's.
     */
    @Test
    public void aRunPublishingWhileAnotherIsUnderWay() throws Exception {
        S3FaultFront.Hold hold = S3FaultFront.hold();
        front.inject(S3FaultFront.Request::isComplete, 1, hold);
        AtomicReference<Throwable> errorA = new AtomicReference<>();
        Thread a = start(embulkA, 1, errorA, null);
        hold.awaitReached(120);

        run(embulkB, 2);
        assertEquals("B's file, whole", lines(2), S3.sortedLines(dailyKey(DAY)));

        hold.release();
        a.join(120_000);
        assertNull("A succeeded", errorA.get());
        assertEquals("A's file, whole", lines(1), S3.sortedLines(dailyKey(DAY)));
        assertCleanedUp();
    }

    /** Both runs start together and stage at the same time (each task waits for the other run's task). */
    @Test
    public void twoRunsStartedTogether() throws Exception {
        CountDownLatch bothStaging = new CountDownLatch(2);
        String hook = "meet";
        AtomicReference<Throwable> errorA = new AtomicReference<>();
        AtomicReference<Throwable> errorB = new AtomicReference<>();
        try (AutoCloseable h = RowHooks.register(hook, row -> {
            bothStaging.countDown();
            if (!bothStaging.await(120, TimeUnit.SECONDS)) {
                throw new AssertionError("the other run did not get there");
            }
        })) {
            Thread a = start(embulkA, 1, errorA, hook);
            Thread b = start(embulkB, 2, errorB, hook);
            a.join(120_000);
            b.join(120_000);
        }

        assertNull("A succeeded", errorA.get());
        assertNull("B succeeded", errorB.get());
        List<String> day = S3.sortedLines(dailyKey(DAY));
        assertTrue("exactly one run's file", day.equals(lines(1)) || day.equals(lines(2)));
        assertEquals(Collections.singletonList(dailyKey(DAY)), S3.keys(CLIENT + "/uploads/"));
        assertCleanedUp();
    }

    private Thread start(DmpEmbulk embulk, long seed, AtomicReference<Throwable> error, String hook) {
        Thread t = new Thread(() -> {
            try {
                if (hook == null) {
                    run(embulk, seed);
                } else {
                    embulk.run(embulk.segments(ROWS, 2).set("seed", seed).set("hook", hook)
                            .set("hook_rows", Collections.singletonList(ROWS / 2)),
                            embulk.out(front.endpoint()), embulk.exec(2));
                }
            } catch (Throwable e) {
                error.set(e);
            }
        }, "run-" + seed);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void run(DmpEmbulk embulk, long seed) {
        embulk.run(embulk.segments(ROWS, 2).set("seed", seed), embulk.out(front.endpoint()), embulk.exec(2));
    }

    private static List<String> lines(long seed) {
        return SegmentsInputPlugin.lines(seed, 2, ROWS, 2, 12);
    }

    private static void assertCleanedUp() {
        assertEquals(Collections.emptyList(), S3.uploads());
        assertEquals(Collections.emptyList(), S3.keys(CLIENT + "/embulk-staging/"));
    }
}
