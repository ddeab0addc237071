package io.github.resultexport.embulk.output.td;

import static io.github.resultexport.embulk.output.td.TdModesTest.ids;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.github.resultexport.embulk.output.td.fake.FakeTreasureData;
import io.github.resultexport.embulk.output.td.fake.FaultRule;
import io.github.resultexport.embulk.output.td.fake.KeyRole;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.embulk.EmbulkEmbed;
import org.embulk.config.ConfigSource;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * Two runs into one table at the same time, made to overlap: both create their sessions before either uploads.
 * Appends both land every row once; replaces end with one run's rows, never a mix; nothing of either is left.
 */
public class TdConcurrentRunsTest {
    private static final long ROWS = 300;

    @Rule
    public final TdEmbulk embulk = new TdEmbulk();

    private FakeTreasureData td;
    private String master;

    @Before
    public void startFake() throws Exception {
        td = FakeTreasureData.start();
        master = td.addKey(KeyRole.MASTER);
        td.state().createDatabase("db_conc");
    }

    @After
    public void stopFake() {
        td.close();
    }

    @Test
    public void twoAppendsBothLandEveryRowOnce() throws Exception {
        runTwoAtOnce("append");

        List<Long> expected = new ArrayList<>(range(0));
        expected.addAll(range(1_000_000));
        assertEquals(expected, ids(td.state().rows("db_conc", "events")));
        assertEquals(List.of(), td.state().sessions());
    }

    @Test
    public void twoReplacesEndWithOneRunsRows() throws Exception {
        runTwoAtOnce("replace");

        List<Long> ids = ids(td.state().rows("db_conc", "events"));
        assertTrue("one run's rows, not a mix: " + ids.size(), ids.equals(range(0)) || ids.equals(range(1_000_000)));
        assertEquals(List.of("events"), td.state().tables("db_conc"));
        assertEquals(List.of(), td.state().sessions());
    }

    private void runTwoAtOnce(String mode) throws Exception {
        CyclicBarrier bothStarted = new CyclicBarrier(2);
        FaultRule meet = td.faults().add(FaultRule.on("bulk_import/create").whenArrives(request -> {
            if (!request.path().contains("_lease_")) {
                await(bothStarted);
            }
        }).pass());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (long offset : new long[] {0, 1_000_000}) {
                EmbulkEmbed embed = embulk.get();
                ConfigSource config = embed.newConfigLoader().newConfigSource()
                        .set("in", embulk.generator(ROWS, 2).set("id_offset", offset))
                        .set("out", embulk.out(td, master, "db_conc", "events").set("mode", mode))
                        .set("exec", embulk.newConfig());
                runs.add(pool.submit(() -> embed.run(config)));
            }
            for (Future<?> run : runs) {
                run.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue("both runs met at session creation", meet.matched() >= 2);
    }

    private static List<Long> range(long offset) {
        return LongStream.range(offset, offset + 2 * ROWS).boxed().collect(Collectors.toList());
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the other run did not arrive", e);
        }
    }
}
