package io.github.resultexport.embulk.output.sfdc.stage;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class BackoffTest {
    @Test
    public void waitsGrowFromTheFirstIntervalToTheMaximum() {
        Backoff backoff = new Backoff(10, 200, Duration.ofMinutes(1));
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            waits.add(backoff.nextWaitMillis());
            assertTrue(backoff.next());
        }
        assertEquals(10L, (long) waits.get(0));
        for (int i = 1; i < waits.size(); i++) {
            assertTrue(waits.toString(), waits.get(i) > waits.get(i - 1) || waits.get(i) == 200L);
        }
        assertEquals(200L, (long) waits.get(waits.size() - 1));
    }

    @Test
    public void stopsAtTheTimeout() {
        Backoff backoff = new Backoff(50, 50, Duration.ofMillis(120));
        int polls = 0;
        while (backoff.next()) {
            polls++;
        }
        assertTrue("a few polls, then the timeout: " + polls, polls >= 2 && polls <= 4);
    }
}
