package io.github.resultexport.embulk.output.td.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The fault rules in force. Rules may be added and removed while clients run. When several rules hit one request,
 * all their hooks run (in the order the rules were added), the first rule that decides the transport (respond, 429,
 * drop, reset) wins, and perform/commit modifiers (slow, job end) of all hit rules apply.
 */
public final class Faults {
    private final List<FaultRule> rules = new CopyOnWriteArrayList<>();
    private final List<Throwable> hookFailures = new CopyOnWriteArrayList<>();

    public FaultRule add(FaultRule rule) {
        rules.add(rule);
        return rule;
    }

    public void remove(FaultRule rule) {
        rules.remove(rule);
    }

    public void clear() {
        rules.clear();
    }

    /** Exceptions thrown by hooks; the request went on as if the hook had returned. */
    public List<Throwable> hookFailures() {
        return List.copyOf(hookFailures);
    }

    /** What hit rules do to a request. {@code transport} is null when the request is applied and answered. */
    record Decision(FaultRule transport, int extraPolls, JobStatus jobEnd, List<String> hitRules) {
        String describe() {
            return hitRules.isEmpty() ? null : String.join("; ", hitRules);
        }
    }

    Decision onArrival(RequestInfo request) {
        FaultRule transport = null;
        int extraPolls = 0;
        JobStatus jobEnd = null;
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
            if (rule.action == FaultRule.Action.JOB_ENDS && jobEnd == null) {
                jobEnd = rule.jobEnd;
            }
        }
        return new Decision(transport, extraPolls, jobEnd, hit);
    }
}
