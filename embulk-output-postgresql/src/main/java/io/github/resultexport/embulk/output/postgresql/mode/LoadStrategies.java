package io.github.resultexport.embulk.output.postgresql.mode;

import io.github.resultexport.embulk.output.postgresql.Mode;
import io.github.resultexport.embulk.output.postgresql.PluginTask;

/** Picks the strategy of a mode. */
public final class LoadStrategies {
    private LoadStrategies() {
    }

    public static LoadStrategy of(PluginTask task, TablePlan plan, RunNames names) {
        Hooks hooks = new Hooks(task.getBeforeLoad(), task.getAfterLoad());
        Mode mode = task.getMode();
        switch (mode) {
            case APPEND:
                return new StagedLoad(plan, names, new Moves.Append(), hooks);
            case TRUNCATE:
                return new StagedLoad(plan, names, new Moves.Truncate(), hooks);
            case MERGE:
                return new StagedLoad(plan, names, new Moves.Merge(task.getMergeRule()), hooks);
            case REPLACE:
                return new StagedLoad(plan, names, new Moves.Replace(names.newTable()), hooks);
            case APPEND_DIRECT:
                return new DirectLoad(plan, hooks);
            default:
                throw new IllegalArgumentException("mode " + mode);
        }
    }
}
