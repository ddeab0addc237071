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
        Move move;
        switch (mode) {
            case APPEND_DIRECT:
                return new DirectLoad(plan, hooks);
            case REPLACE:
                return new StagedLoad(plan, names, new Moves.RenameIntoPlace("replace"), hooks, true);
            case APPEND:
                move = new Moves.Append();
                break;
            case TRUNCATE:
                move = new Moves.Truncate();
                break;
            case MERGE:
                move = new Moves.Merge(task.getMergeRule());
                break;
            default:
                throw new IllegalArgumentException("mode " + mode);
        }
        if (!plan.targetExists()) {
            return new StagedLoad(plan, names, new Moves.CreateByRename(mode.toString(), move), hooks, true);
        }
        return new StagedLoad(plan, names, move, hooks, false);
    }
}
