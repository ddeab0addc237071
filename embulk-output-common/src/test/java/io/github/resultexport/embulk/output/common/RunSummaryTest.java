package io.github.resultexport.embulk.output.common;

import static org.junit.Assert.assertEquals;

import ch.qos.logback.classic.Level;
import io.github.resultexport.embulk.output.common.testing.LogCapture;
import java.util.Arrays;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import org.embulk.config.TaskReport;
import org.junit.Rule;
import org.junit.Test;

public class RunSummaryTest {
    @Rule
    public LogCapture logs = new LogCapture("test.summary");

    private static TaskReport report() {
        return ConfigMappers.factory().newTaskReport();
    }

    @Test
    public void sumsTheReportsOfAllTasks() {
        TaskReport first = report().set("rows", 600_000L).set("bytes", 60_000_000L).set("rejected", 3L);
        TaskReport second = report().set("rows", 400_000L).set("bytes", 48_200_000L);

        String line = RunSummary.line("postgresql", Arrays.asList(first, second), TimeUnit.MILLISECONDS.toNanos(3100));

        assertEquals("postgresql: 1,000,000 rows written, 3 rejected, 108.2 MB, 3.10 s, 322,580 rows/s", line);
    }

    @Test
    public void missingKeysCountAsZero() {
        String line = RunSummary.line("td", Arrays.asList(report(), report().set("rows", 5L)),
                TimeUnit.SECONDS.toNanos(2));

        assertEquals("td: 5 rows written, 0 rejected, 0.0 MB, 2.00 s, 2 rows/s", line);
    }

    @Test
    public void noTimeAndNoTasksGiveZeroRate() {
        assertEquals("sfdc: 0 rows written, 0 rejected, 0.0 MB, 0.00 s, 0 rows/s",
                RunSummary.line("sfdc", Collections.<TaskReport>emptyList(), 0));
    }

    @Test
    public void logWritesTheLineAtInfo() {
        RunSummary.log(logs.logger(), "salesforce_dmp", Collections.singletonList(report().set("rows", 10L)),
                TimeUnit.SECONDS.toNanos(1));

        assertEquals(Collections.singletonList("salesforce_dmp: 10 rows written, 0 rejected, 0.0 MB, 1.00 s, 10 rows/s"),
                logs.lines(Level.INFO));
    }
}
