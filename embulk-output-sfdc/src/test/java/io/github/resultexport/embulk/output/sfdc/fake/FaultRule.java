package io.github.resultexport.embulk.output.sfdc.fake;

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
 * fake.faults().add(FaultRule.on("batch/create").nth(2).respond(503));
 * fake.faults().add(FaultRule.on("batch/get").nth(3).expireSession());
 * fake.faults().add(FaultRule.on("batch/create").nth(1).batchFails());
 * fake.faults().add(FaultRule.on("batch/create").fromNth(1).slow(3));
 * fake.faults().add(FaultRule.on("job/update").nth(1).whenArrives(r -> latch.countDown()).dropAfterApplying());
 * }</pre>
 */
public final class FaultRule {
    /** The stateMessage of a batch failed by {@link Builder#batchFails()}. */
    public static final String DEFAULT_BATCH_FAILURE =
            "InternalServerError : An unexpected error occurred while processing the batch";

    /** What a hit request gets. */
    public enum Action {
        /** Nothing: the request is applied and answered as usual (a rule for its hook alone). */
        PASS,
        /**
         * An error status without applying the request, in the API's own format: a Bulk {@code <error>} with the
         * given exception code, or for SOAP requests a fault {@code UNKNOWN_EXCEPTION}.
         */
        RESPOND,
        /** An error status with an HTML page (as a proxy or a maintenance page answers), without applying. */
        RESPOND_HTML,
        /** The connection is closed (FIN) after the whole request was read, without applying it. */
        DROP_BEFORE_APPLYING,
        /** The connection is reset (RST) after the whole request was read, without applying it. */
        RESET_BEFORE_APPLYING,
        /** The request is applied, then the connection is closed (FIN) instead of answering. */
        DROP_AFTER_APPLYING,
        /**
         * The session the request carries expires now: this request and every later one with it get
         * {@code InvalidSessionId} (Bulk) / {@code INVALID_SESSION_ID} (SOAP) until a new login.
         */
        EXPIRE_SESSION,
        /** batch/create only: the batch is created, then ends {@code Failed} with nothing processed. */
        BATCH_FAILS,
        /** batch/create only: the batch needs more polls than usual to finish. */
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
    final String code;
    final String message;
    final int extraPolls;
    private final AtomicInteger matched = new AtomicInteger();
    private final AtomicInteger hits = new AtomicInteger();

    private FaultRule(Builder b, Action action, int status, String code, String message, int extraPolls) {
        this.endpoint = b.endpoint;
        this.method = b.method;
        this.pathPrefix = b.pathPrefix;
        this.from = b.from;
        this.onlyOne = b.onlyOne;
        this.hook = b.hook;
        this.action = action;
        this.status = status;
        this.code = code;
        this.message = message;
        this.extraPolls = extraPolls;
    }

    /**
     * Requests to one endpoint: a full kind ({@code "batch/create"}, {@code "soap/login"}) or a short name that
     * names a single endpoint ({@code "login"}, {@code "describeSObject"}, {@code "list"}, {@code "result"}).
     */
    public static Builder on(String endpoint) {
        return new Builder(Endpoint.resolveKind(endpoint), null, null);
    }

    /** Requests with this method whose (still percent-encoded) path starts with {@code pathPrefix}. */
    public static Builder onRequest(String method, String pathPrefix) {
        return new Builder(null, Objects.requireNonNull(method), Objects.requireNonNull(pathPrefix));
    }

    /** Every Bulk API request ({@code /services/async/...}). */
    public static Builder onAnyBulkRequest() {
        return new Builder(null, null, "/services/async/");
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
        return (method == null || method.equals(request.method())) && request.path().startsWith(pathPrefix);
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
        return action != Action.PASS && action != Action.BATCH_FAILS && action != Action.SLOW;
    }

    @Override
    public String toString() {
        String target = endpoint != null ? endpoint : (method == null ? "*" : method) + " " + pathPrefix + "*";
        String which = onlyOne ? "#" + from : "#" + from + "+";
        String what = action == Action.RESPOND ? "respond " + status
                : action == Action.RESPOND_HTML ? "respond html " + status
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
            return build(Action.PASS, 0, null, null, 0);
        }

        /**
         * An error status in the API's format, nothing applied: for Bulk requests an {@code <error>} with
         * {@code InternalServerError} (5xx) or {@code InvalidUrl} (4xx); for SOAP requests a fault
         * {@code UNKNOWN_EXCEPTION}.
         */
        public FaultRule respond(int status) {
            return respond(status, status >= 500 ? "InternalServerError" : "InvalidUrl",
                    "fault injected: HTTP " + status);
        }

        /** An error status with a Bulk {@code <error>} of this exception code and message (SOAP: a fault). */
        public FaultRule respond(int status, String exceptionCode, String message) {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("an error status is needed: " + status);
            }
            return build(Action.RESPOND, status, Objects.requireNonNull(exceptionCode), message, 0);
        }

        /** An error status with an HTML body, as a load balancer or maintenance page answers; nothing applied. */
        public FaultRule respondHtml(int status) {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("an error status is needed: " + status);
            }
            return build(Action.RESPOND_HTML, status, null, null, 0);
        }

        public FaultRule dropBeforeApplying() {
            return build(Action.DROP_BEFORE_APPLYING, 0, null, null, 0);
        }

        public FaultRule resetBeforeApplying() {
            return build(Action.RESET_BEFORE_APPLYING, 0, null, null, 0);
        }

        public FaultRule dropAfterApplying() {
            return build(Action.DROP_AFTER_APPLYING, 0, null, null, 0);
        }

        /** The session of the hit request expires at this request (see {@link Action#EXPIRE_SESSION}). */
        public FaultRule expireSession() {
            return build(Action.EXPIRE_SESSION, 0, null, null, 0);
        }

        /** For batch/create: the batch is created, then ends Failed, nothing processed. */
        public FaultRule batchFails() {
            return batchFails(DEFAULT_BATCH_FAILURE);
        }

        /** For batch/create: the batch ends Failed with this stateMessage, nothing processed. */
        public FaultRule batchFails(String stateMessage) {
            requireEndpoint("batch/create");
            return build(Action.BATCH_FAILS, 0, null, Objects.requireNonNull(stateMessage), 0);
        }

        /** For batch/create: the batch needs {@code extraPolls} more polls than usual to finish. */
        public FaultRule slow(int extraPolls) {
            if (extraPolls < 1) {
                throw new IllegalArgumentException("at least one extra poll");
            }
            requireEndpoint("batch/create");
            return build(Action.SLOW, 0, null, null, extraPolls);
        }

        private void requireEndpoint(String... kinds) {
            if (endpoint == null || !Arrays.asList(kinds).contains(endpoint)) {
                throw new IllegalArgumentException("this fault applies to " + String.join(" or ", kinds)
                        + ", not " + (endpoint == null ? "a path prefix" : endpoint));
            }
        }

        private FaultRule build(Action action, int status, String code, String message, int extraPolls) {
            return new FaultRule(this, action, status, code, message, extraPolls);
        }
    }
}
