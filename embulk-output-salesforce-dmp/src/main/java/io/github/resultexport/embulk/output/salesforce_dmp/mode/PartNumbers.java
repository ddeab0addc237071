package io.github.resultexport.embulk.output.salesforce_dmp.mode;

import org.embulk.config.ConfigException;

/**
 * How the 10,000 part numbers of one upload are shared: every task owns an equal range, in task order; the numbers
 * after the last range are kept for the parts the transaction makes of the tasks' small ends, so those come last
 * in the file.
 */
public final class PartNumbers {
    /** S3's limit of parts per upload. */
    public static final int MAX_PARTS = 10_000;

    private PartNumbers() {
    }

    /** Part numbers each of {@code taskCount} tasks owns. */
    public static int perTask(int taskCount) {
        int perTask = (MAX_PARTS - reservedForEnds(taskCount)) / Math.max(1, taskCount);
        if (perTask < 1) {
            throw new ConfigException("salesforce_dmp cannot write one file from " + taskCount + " output tasks:"
                    + " an S3 upload has at most " + MAX_PARTS + " parts; lower exec.min_output_tasks or the"
                    + " number of input tasks");
        }
        return perTask;
    }

    /** The first number after every task's range. */
    public static int firstAfterTasks(int taskCount, int perTask) {
        return taskCount * perTask + 1;
    }

    /**
     * The numbers kept for the parts made of the tasks' ends: each end is under 5 MiB and such a part holds up to
     * 5 GiB of them, so one part per thousand tasks, and one more, is always enough.
     */
    static int reservedForEnds(int taskCount) {
        return taskCount / 1000 + 2;
    }
}
