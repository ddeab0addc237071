package io.github.resultexport.embulk.output.td.fake;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A deterministic fault: which requests it matches (an endpoint kind, or a method and path prefix), which of them
 * it hits (the Nth matching one, 1-based, or every one from the Nth on, counted from when the rule is added), and
 * what happens to them. A hook given with {@link Builder#whenArrives} runs on the server thread when a hit request
 * arrives, before anything is applied; it may block (e.g. on a latch) to hold that request.
 *
 * <pre>{@code
 * fake.faults().add(FaultRule.on("upload_part").nth(2).respond(503));
 * fake.faults().add(FaultRule.on("commit").fromNth(1).respond(422));
 * fake.faults().add(FaultRule.on("perform").nth(1).jobEnds(JobStatus.KILLED));
 * fake.faults().add(FaultRule.on("commit").nth(1).whenArrives(r -> latch.countDown()).dropAfterApplying());
 * }</pre>
 */
public final class FaultRule {
    /** What a hit request gets. */
    public enum Action {
        /** Nothing: the request is applied and answered as usual (a rule for its hook alone). */
        PASS,
        /** An error status with a TD-style JSON body, without applying the request. */
        RESPOND,
        /** 429 with {@code Retry-After: <seconds>}, without applying the request. */
        TOO_MANY_REQUESTS,
        /** The connection is closed (FIN) after the whole request was read, without applying it. */
        DROP_BEFORE_APPLYING,
        /** The connection is reset (RST) after the whole request was read, without applying it. */
        RESET_BEFORE_APPLYING,
        /** The request is applied, then the connection is closed (FIN) instead of answering. */
        DROP_AFTER_APPLYING,
        /** perform only: the job ends {@code killed} or {@code error}, and the session stays performing. */
        JOB_ENDS,
        /** perform or commit: it needs more polls than usual to finish. */
        SLOW
    }

    private final String endpoint;
    private final String method;
    private final String pathPrefix;
    private final int from;
    private final boolean onlyOne;
    private final Consumer<RequestInfo> hook;
    final Action action;
    final int status;
    final String message;
    final int retryAfterSeconds;
    final JobStatus jobEnd;
    final int extraPolls;
    private final AtomicInteger matched = new AtomicInteger();
    private final AtomicInteger hits = new AtomicInteger();

    private FaultRule(Builder b, Action action, int status, String message, int retryAfterSeconds, JobStatus jobEnd,
            int extraPolls) {
        this.endpoint = b.endpoint;
        this.method = b.method;
        this.pathPrefix = b.pathPrefix;
        this.from = b.from;
        this.onlyOne = b.onlyOne;
        this.hook = b.hook;
        this.action = action;
        this.status = status;
        this.message = message;
        this.retryAfterSeconds = retryAfterSeconds;
        this.jobEnd = jobEnd;
        this.extraPolls = extraPolls;
    }

    /**
     * Requests to one endpoint: a full kind ({@code "bulk_import/commit"}, {@code "table/rename"}) or a short name
     * that names a single endpoint ({@code "commit"}, {@code "upload_part"}, {@code "perform"}, {@code "rename"}).
     */
    public static Builder on(String endpoint) {
        return new Builder(Endpoint.resolveKind(endpoint), null, null);
    }

    /** Requests with this method whose (still percent-encoded) path starts with {@code pathPrefix}. */
    public static Builder onRequest(String method, String pathPrefix) {
        return new Builder(null, Objects.requireNonNull(method), Objects.requireNonNull(pathPrefix));
    }

    /** How many requests matched so far. */
    public int matched() {
        return matched.get();
    }

    /** How many requests the rule hit so far. */
    public int hits() {
        return hits.get();
    }

    boolean matches(RequestInfo request) {
        if (endpoint != null) {
            return endpoint.equals(request.endpoint());
        }
        return method.equals(request.method()) && request.path().startsWith(pathPrefix);
    }

    /** Counts a matching request; true if the rule hits it (and then its hook has run). */
    boolean hit(RequestInfo request) {
        int n = matched.incrementAndGet();
        if (onlyOne ? n != from : n < from) {
            return false;
        }
        hits.incrementAndGet();
        if (hook != null) {
            hook.accept(request);
        }
        return true;
    }

    boolean decidesTransport() {
        return action != Action.PASS && action != Action.JOB_ENDS && action != Action.SLOW;
    }

    @Override
    public String toString() {
        String target = endpoint != null ? endpoint : method + " " + pathPrefix + "*";
        String which = onlyOne ? "#" + from : "#" + from + "+";
        String what = action == Action.RESPOND ? "respond " + status
                : action == Action.TOO_MANY_REQUESTS ? "429 retry-after " + retryAfterSeconds
                : action == Action.JOB_ENDS ? "job ends " + jobEnd.wireName()
                : action == Action.SLOW ? "slow +" + extraPolls + " polls"
                : action.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return what + " on " + target + " " + which;
    }

    public static final class Builder {
        private final String endpoint;
        private final String method;
        private final String pathPrefix;
        private int from = 1;
        private boolean onlyOne = true;
        private Consumer<RequestInfo> hook;

        private Builder(String endpoint, String method, String pathPrefix) {
            this.endpoint = endpoint;
            this.method = method;
            this.pathPrefix = pathPrefix;
        }

        /** Only the nth matching request (1-based); the default is the first. */
        public Builder nth(int n) {
            return select(n, true);
        }

        /** Every matching request from the nth (1-based) on. */
        public Builder fromNth(int n) {
            return select(n, false);
        }

        private Builder select(int n, boolean one) {
            if (n < 1) {
                throw new IllegalArgumentException("requests are counted from 1");
            }
            this.from = n;
            this.onlyOne = one;
            return this;
        }

        /** Runs when a hit request arrives, on the server thread, before anything is applied. */
        public Builder whenArrives(Consumer<RequestInfo> hook) {
            this.hook = Objects.requireNonNull(hook);
            return this;
        }

        public FaultRule pass() {
            return build(Action.PASS, 0, null, 0, null, 0);
        }

        public FaultRule respond(int status) {
            return respond(status, "fault injected: HTTP " + status);
        }

        public FaultRule respond(int status, String message) {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("an error status is needed: " + status);
            }
            return build(Action.RESPOND, status, message, 0, null, 0);
        }

        public FaultRule tooManyRequests(int retryAfterSeconds) {
            return build(Action.TOO_MANY_REQUESTS, 429, "Too many requests", retryAfterSeconds, null, 0);
        }

        public FaultRule dropBeforeApplying() {
            return build(Action.DROP_BEFORE_APPLYING, 0, null, 0, null, 0);
        }

        public FaultRule resetBeforeApplying() {
            return build(Action.RESET_BEFORE_APPLYING, 0, null, 0, null, 0);
        }

        public FaultRule dropAfterApplying() {
            return build(Action.DROP_AFTER_APPLYING, 0, null, 0, null, 0);
        }

        /** For perform: the job ends {@code KILLED} or {@code ERROR} when it finishes; the session stays performing. */
        public FaultRule jobEnds(JobStatus end) {
            if (end != JobStatus.KILLED && end != JobStatus.ERROR) {
                throw new IllegalArgumentException("a perform job can be made to end killed or error, not " + end);
            }
            requireEndpoint("bulk_import/perform");
            return build(Action.JOB_ENDS, 0, null, 0, end, 0);
        }

        /** For perform or commit: it needs {@code extraPolls} more polls than usual to finish. */
        public FaultRule slow(int extraPolls) {
            if (extraPolls < 1) {
                throw new IllegalArgumentException("at least one extra poll");
            }
            requireEndpoint("bulk_import/perform", "bulk_import/commit");
            return build(Action.SLOW, 0, null, 0, null, extraPolls);
        }

        private void requireEndpoint(String... kinds) {
            if (endpoint != null && !Arrays.asList(kinds).contains(endpoint)) {
                throw new IllegalArgumentException("this fault applies to " + String.join(" or ", kinds)
                        + ", not " + endpoint);
            }
        }

        private FaultRule build(Action action, int status, String message, int retryAfter, JobStatus jobEnd,
                int extraPolls) {
            return new FaultRule(this, action, status, message, retryAfter, jobEnd, extraPolls);
        }
    }
}
