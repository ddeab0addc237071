package io.github.resultexport.embulk.output.salesforce_dmp.mode;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.github.resultexport.embulk.output.salesforce_dmp.client.StagedObject;
import io.github.resultexport.embulk.output.salesforce_dmp.stage.PartWriter;
import java.util.ArrayList;
import java.util.List;
import org.embulk.config.ConfigException;
import org.junit.Test;

/** How part numbers are shared among tasks and how the tasks' small ends become the last parts. */
public class PartLayoutTest {
    @Test
    public void tasksOwnEqualRangesAndTheEndsComeAfterThem() {
        for (int tasks : new int[] {1, 2, 4, 7, 64, 1000, 4999}) {
            int perTask = PartNumbers.perTask(tasks);
            int firstEnd = PartNumbers.firstAfterTasks(tasks, perTask);
            int endParts = PartNumbers.reservedForEnds(tasks);
            assertTrue(tasks + " tasks", perTask >= 1);
            assertTrue(tasks + " tasks: the ends' parts fit", firstEnd + endParts - 1 <= PartNumbers.MAX_PARTS);
            int worstCaseEndParts = TailParts.group(ends(tasks, PartWriter.MIN_PART_SIZE - 1)).size();
            assertTrue(tasks + " tasks: " + worstCaseEndParts + " parts for the ends", worstCaseEndParts <= endParts);
        }
        assertEquals(4999, PartNumbers.perTask(2));
        assertEquals(9999, PartNumbers.firstAfterTasks(2, 4999));
    }

    @Test
    public void tooManyTasksForOneUpload() {
        ConfigException e = assertThrows(ConfigException.class, () -> PartNumbers.perTask(10_000));
        assertTrue(e.getMessage(), e.getMessage().contains("min_output_tasks"));
    }

    @Test
    public void endsAreJoinedUpToTheLargestPart() {
        List<List<StagedObject>> groups = TailParts.group(ends(11, 40), 100);

        assertEquals(6, groups.size());
        assertEquals(2, groups.get(0).size());
        assertEquals(80, TailParts.size(groups.get(0)));
        assertEquals(1, groups.get(5).size());
        assertEquals(1, TailParts.group(ends(10, 40)).size());
        assertEquals(0, TailParts.group(new ArrayList<>()).size());
    }

    private static List<StagedObject> ends(int count, long size) {
        List<StagedObject> ends = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ends.add(new StagedObject("task-" + i, size, "e"));
        }
        return ends;
    }
}
