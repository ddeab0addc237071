package io.github.resultexport.embulk.output.sfdc.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Every request the fake received, in the order their outcome was decided (an entry is there before the client
 * can see the response). Endpoint names may be full kinds or unambiguous short names, as in {@link FaultRule#on}.
 */
public final class RequestLog {
    private final AtomicLong seq = new AtomicLong();
    private final List<RecordedRequest> entries = new ArrayList<>();

    long nextSeq() {
        return seq.incrementAndGet();
    }

    synchronized void add(RecordedRequest request) {
        entries.add(request);
    }

    public synchronized List<RecordedRequest> entries() {
        return List.copyOf(entries);
    }

    public synchronized List<RecordedRequest> entries(String endpoint) {
        String kind = Endpoint.resolveKind(endpoint);
        return entries.stream().filter(r -> r.endpoint().equals(kind)).collect(Collectors.toUnmodifiableList());
    }

    public int count(String endpoint) {
        return entries(endpoint).size();
    }

    /** Requests per endpoint kind (and {@code "unknown"}), sorted by kind. */
    public synchronized Map<String, Integer> countsByEndpoint() {
        Map<String, Integer> counts = new TreeMap<>();
        entries.forEach(r -> counts.merge(r.endpoint(), 1, Integer::sum));
        return counts;
    }

    public synchronized void clear() {
        entries.clear();
    }

    @Override
    public synchronized String toString() {
        List<String> lines = new ArrayList<>();
        for (RecordedRequest r : entries) {
            lines.add(String.format("#%d %s %s%s -> %s%s%s%s", r.seq(), r.method(), r.path(),
                    r.soapOperation() == null ? "" : " (" + r.soapOperation() + ")",
                    r.answered() ? Integer.toString(r.status()) : "no answer (status " + r.status() + ")",
                    r.error() == null ? "" : " " + r.error(), r.applied() ? " applied" : "",
                    r.fault() == null ? "" : " [" + r.fault() + "]"));
        }
        return String.join("\n", lines);
    }
}
