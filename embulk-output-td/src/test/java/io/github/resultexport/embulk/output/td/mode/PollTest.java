package io.github.resultexport.embulk.output.td.mode;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class PollTest {
    @Test
    public void startsFastThenBacksOffToTenSeconds() {
        Poll poll = new Poll(Duration.ofDays(1));
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            waits.add(poll.nextWaitMillis());
            poll.advance();
        }
        assertEquals(100L, (long) waits.get(0));
        for (int i = 1; i < waits.size(); i++) {
            assertTrue(waits.toString(), waits.get(i) >= waits.get(i - 1));
        }
        long firstSecond = 0;
        int fastPolls = 0;
        for (long w : waits) {
            if (firstSecond + w > 1000) {
                break;
            }
            firstSecond += w;
            fastPolls++;
        }
        assertTrue("several polls in the first second: " + waits, fastPolls >= 4);
        assertEquals(Poll.MAX_WAIT_MILLIS, (long) waits.get(waits.size() - 1));
    }

    @Test
    public void endsAtTheTimeout() {
        Poll poll = new Poll(Duration.ofMillis(300));
        int polls = 0;
        long started = System.nanoTime();
        while (poll.next()) {
            polls++;
        }
        assertTrue(polls >= 1);
        assertTrue(System.nanoTime() - started >= 300_000_000L);
        assertFalse(poll.next());
    }
}
