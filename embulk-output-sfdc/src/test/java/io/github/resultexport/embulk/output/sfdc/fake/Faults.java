package io.github.resultexport.embulk.output.sfdc.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The fault rules in force: request rules ({@link FaultRule}) and per-row rules ({@link RowFault}). Rules may be
 * added and removed while clients run. When several request rules hit one request, all their hooks run (in the
 * order the rules were added), the first rule that decides the transport (respond, drop, reset, expire session)
 * wins, and batch modifiers (slow, batch fails) of all hit rules apply.
 */
public final class Faults {
    private final List<FaultRule> rules = new CopyOnWriteArrayList<>();
    private final List<RowFault> rowFaults = new CopyOnWriteArrayList<>();
    private final List<Throwable> hookFailures = new CopyOnWriteArrayList<>();

    public FaultRule add(FaultRule rule) {
        rules.add(rule);
        return rule;
    }

    public void remove(FaultRule rule) {
        rules.remove(rule);
    }

    public RowFault addRowFault(RowFault rule) {
        rowFaults.add(rule);
        return rule;
    }

    public void removeRowFault(RowFault rule) {
        rowFaults.remove(rule);
    }

    public void clear() {
        rules.clear();
        rowFaults.clear();
    }

    /** Exceptions thrown by hooks; the request went on as if the hook had returned. */
    public List<Throwable> hookFailures() {
        return List.copyOf(hookFailures);
    }

    /** What hit rules do to a request. {@code transport} is null when the request is applied and answered. */
    record Decision(FaultRule transport, int extraPolls, String batchFailure, List<String> hitRules) {
        String describe() {
            return hitRules.isEmpty() ? null : String.join("; ", hitRules);
        }

        static final Decision NONE = new Decision(null, 0, null, List.of());
    }

    Decision onArrival(RequestInfo request) {
        FaultRule transport = null;
        int extraPolls = 0;
        String batchFailure = null;
        List<String> hit = new ArrayList<>();
        for (FaultRule rule : rules) {
            if (!rule.matches(request)) {
                continue;
            }
            boolean hits;
            try {
                hits = rule.hit(request);
            } catch (RuntimeException | Error e) {
                hookFailures.add(e);
                hits = true;
            }
            if (!hits) {
                continue;
            }
            hit.add(rule.toString());
            if (rule.decidesTransport() && transport == null) {
                transport = rule;
            }
            if (rule.action == FaultRule.Action.SLOW) {
                extraPolls += rule.extraPolls;
            }
            if (rule.action == FaultRule.Action.BATCH_FAILS && batchFailure == null) {
                batchFailure = rule.message;
            }
        }
        return new Decision(transport, extraPolls, batchFailure, hit);
    }

    /** The first row rule that fails this row (every matching rule counts the row), or null. */
    boolean hasRowFaults() {
        return !rowFaults.isEmpty();
    }

    RowFault onRow(Map<String, String> rowByLowerCaseColumn) {
        RowFault failing = null;
        for (RowFault rule : rowFaults) {
            if (rule.hit(rowByLowerCaseColumn) && failing == null) {
                failing = rule;
            }
        }
        return failing;
    }
}
