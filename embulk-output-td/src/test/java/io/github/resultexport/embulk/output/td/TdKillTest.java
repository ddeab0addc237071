package io.github.resultexport.embulk.output.td;

import static io.github.resultexport.embulk.output.td.TdModesTest.ids;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.github.resultexport.embulk.output.common.testing.ChildEmbulk;
import io.github.resultexport.embulk.output.common.testing.RowHooks;
import io.github.resultexport.embulk.output.td.fake.FakeTreasureData;
import io.github.resultexport.embulk.output.td.fake.KeyRole;
import io.github.resultexport.embulk.output.td.fake.SessionInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.embulk.config.ConfigSource;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * A run killed with SIGKILL leaves the target as it was; the next run of the same config removes the session and
 * temporary table it left once its lease is stale, and never touches those of a live concurrent run.
 */
public class TdKillTest {
    private static final long BLOCK_AT = 1500;
    private static final int STALE_SECONDS = 10;

    @Rule
    public final TdEmbulk embulk = new TdEmbulk();

    private FakeTreasureData td;
    private String master;

    @Before
    public void startFake() throws Exception {
        td = FakeTreasureData.start();
        master = td.addKey(KeyRole.MASTER);
        td.state().createDatabase("db_kill");
        td.state().createTable("db_kill", "events", List.of(List.of("legacy", "string")));
        td.state().insertRows("db_kill", "events", List.of(Map.of("time", 1L, "legacy", "before")));
    }

    @After
    public void stopFake() {
        td.close();
    }

    private ConfigSource out() {
        return embulk.out(td, master, "db_kill", "events").set("mode", "replace")
                .set("stale_run_timeout", STALE_SECONDS);
    }

    @Test
    public void killedRunIsCleanedUpByTheNextRunButALiveOneIsNot() throws Exception {
        ConfigSource blocked = embulk.generator(100_000, 1).set("block_at", BLOCK_AT);
        Set<String> killedTables;
        Set<String> killedSessions;
        try (ChildEmbulk killed = ChildEmbulk.start(TdEmbulk.class, "td-kill-" + System.nanoTime(), blocked, out(),
                embulk.singleTask())) {
            awaitBlocked(killed);
            killedTables = tempTables();
            killedSessions = sessionNames();
            assertEquals("one temporary table: " + killedTables, 1, killedTables.size());
            assertTrue("a data session and a lease: " + killedSessions, killedSessions.size() >= 2);
            killed.kill();
        }
        assertTargetUnchanged();
        long killedAt = System.currentTimeMillis();

        try (ChildEmbulk live = ChildEmbulk.start(TdEmbulk.class, "td-live-" + System.nanoTime(), blocked, out(),
                embulk.singleTask())) {
            awaitBlocked(live);
            Set<String> liveTables = tempTables();
            liveTables.removeAll(killedTables);
            assertEquals(1, liveTables.size());
            String liveRun = runOf(liveTables.iterator().next());

            waitUntil("the killed run's lease to be stale", 60_000,
                    () -> System.currentTimeMillis() > killedAt + (STALE_SECONDS + 2) * 1000L);
            assertTrue("the live run renews its lease", sessionNames().stream()
                    .anyMatch(s -> s.contains(liveRun + "_lease_")));

            embulk.run(embulk.generator(10, 2), out());

            List<Long> expected = LongStream.range(0, 20).boxed().collect(Collectors.toList());
            assertEquals(expected, ids(td.state().rows("db_kill", "events")));
            for (String t : killedTables) {
                assertFalse(t + " was removed", td.state().tables("db_kill").contains(t));
            }
            for (String s : killedSessions) {
                assertFalse(s + " was removed", sessionNames().contains(s));
            }
            assertTrue("the live run's table is kept", td.state().tables("db_kill").containsAll(liveTables));
            assertTrue("the live run's sessions are kept", sessionNames().stream()
                    .anyMatch(s -> s.equals("embulk_" + liveRun)));
            live.kill();
        }
    }

    private void assertTargetUnchanged() {
        assertEquals(List.of(Map.of("time", 1L, "legacy", "before")), td.state().rows("db_kill", "events"));
        assertEquals(List.of(List.of("legacy", "string")), td.state().schema("db_kill", "events"));
    }

    private Set<String> tempTables() {
        return td.state().tables("db_kill").stream().filter(t -> t.startsWith("events_embulk_"))
                .collect(Collectors.toSet());
    }

    private Set<String> sessionNames() {
        return td.state().sessions().stream().map(SessionInfo::name).collect(Collectors.toSet());
    }

    private static String runOf(String tempTable) {
        return tempTable.substring("events_embulk_".length());
    }

    private static void awaitBlocked(ChildEmbulk child) throws Exception {
        waitUntil("the child's input to block at row " + BLOCK_AT, 120_000, () -> {
            if (!child.isAlive()) {
                throw new AssertionError("the run ended before it was killed:\n" + child.logTail(4000));
            }
            return child.logTail(100_000).contains(RowHooks.BLOCKED + BLOCK_AT);
        });
    }

    private static void waitUntil(String what, long timeoutMillis, BooleanSupplier condition) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
