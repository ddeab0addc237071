package io.github.resultexport.embulk.output.td.fake;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The fake Treasure Data in a process of its own, for the benchmark in {@code bench/td}:
 *
 * <pre>java -cp &lt;test classpath of embulk-output-td&gt; io.github.resultexport.embulk.output.td.fake.FakeTreasureDataMain
 *     MASTER_KEY DATABASE [--keep-rows]</pre>
 *
 * <p>Starts {@link FakeTreasureData} on 127.0.0.1 (a free port: the fake picks its own), registers {@code MASTER_KEY}
 * ({@code 1/} and 40 lower-case hex digits) as a master key, creates {@code DATABASE} and prints one line on stdout:
 * {@code fake-td ready port=<port> pid=<pid>}. Clients then use the API as usual; {@code table/show} gives a table's
 * row count, {@code table/delete} frees its rows.
 *
 * <p>When stdin ends, or on SIGTERM / SIGINT, it prints
 * {@code fake-td cpu=<seconds> requests=<n> internal_errors=<n> hook_failures=<n>} — {@code cpu} is the CPU time of
 * the whole process (every thread, GC and JIT included, user plus system) — and exits. Everything else (logging,
 * the requests per endpoint, the fake's own failures) goes to stderr.
 *
 * <p>Rows: the fake decodes and checks every uploaded part as in the tests (gzip, msgpack, a map with string keys
 * and an integer {@code time} per record, every value convertible), but by default it then keeps only how many
 * valid records a part has, not the records themselves: decoded, a million records of 8 columns take about 1.3 GB of
 * heap, so a 10-million-row run would need more memory than a benchmark machine may have, and keeping them would
 * make the fake's garbage collector a large part of what it costs. The counts, and therefore {@code table/show}'s
 * row count, stay exact; the rows a table then returns to a test are placeholders. {@code --keep-rows} keeps
 * everything, as in the tests. A part is reduced when the next upload or the freeze arrives (fault-rule hooks),
 * under the state's lock.
 */
public final class FakeTreasureDataMain {
    private FakeTreasureDataMain() {
    }

    public static void main(String[] args) throws IOException, ReflectiveOperationException {
        boolean keepRows = args.length == 3 && args[2].equals("--keep-rows");
        if (args.length != 2 && !keepRows) {
            System.err.println("usage: FakeTreasureDataMain MASTER_KEY DATABASE [--keep-rows]");
            System.exit(2);
        }
        PrintStream out = System.out;
        System.setOut(System.err);   // stdout carries only the two lines above
        FakeTreasureData td = FakeTreasureData.start();
        td.registerKey(args[0], KeyRole.MASTER);
        td.state().createDatabase(args[1]);
        if (!keepRows) {
            CountsOnly counts = new CountsOnly(td.state());
            td.faults().add(FaultRule.on("upload_part").fromNth(1).whenArrives(r -> counts.reduce()).pass());
            td.faults().add(FaultRule.on("freeze").fromNth(1).whenArrives(r -> counts.reduce()).pass());
        }

        AtomicBoolean reported = new AtomicBoolean();
        Runnable report = () -> {
            if (!reported.compareAndSet(false, true)) {
                return;
            }
            System.err.println("fake-td requests by endpoint: " + td.requests().countsByEndpoint());
            td.internalErrors().forEach(e -> e.printStackTrace(System.err));
            td.faults().hookFailures().forEach(e -> e.printStackTrace(System.err));
            out.printf(Locale.ROOT, "fake-td cpu=%.3f requests=%d internal_errors=%d hook_failures=%d%n",
                    processCpuSeconds(), td.requests().entries().size(), td.internalErrors().size(),
                    td.faults().hookFailures().size());
            out.flush();
        };
        Runtime.getRuntime().addShutdownHook(new Thread(report, "fake-td-report"));

        out.printf(Locale.ROOT, "fake-td ready port=%d pid=%d%n", td.port(), ProcessHandle.current().pid());
        out.flush();

        InputStream in = System.in;
        byte[] discard = new byte[256];
        while (in.read(discard) >= 0) {
            // only the end of stdin matters
        }
        report.run();
        td.close();
        System.exit(0);
    }

    /** The process's CPU time: all its threads, those that ended included. */
    private static double processCpuSeconds() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    /** Replaces the decoded records of stored parts by as many references to one placeholder record. */
    private static final class CountsOnly {
        private static final Map<String, Object> PLACEHOLDER = Map.of("time", 0L);

        private final TdState state;
        private final Map<String, FakeSession> sessions;

        @SuppressWarnings("unchecked")
        CountsOnly(TdState state) throws ReflectiveOperationException {
            this.state = state;
            Field field = TdState.class.getDeclaredField("sessions");
            field.setAccessible(true);
            this.sessions = (Map<String, FakeSession>) field.get(state);
        }

        void reduce() {
            synchronized (state) {   // TdState's own lock: its methods are synchronized
                for (FakeSession session : sessions.values()) {
                    for (Map.Entry<String, DecodedPart> part : session.parts.entrySet()) {
                        DecodedPart p = part.getValue();
                        List<Map<String, Object>> records = p.validRecords();
                        if (records.isEmpty() || records.get(0) == PLACEHOLDER) {
                            continue;
                        }
                        part.setValue(new DecodedPart(Collections.nCopies(records.size(), PLACEHOLDER),
                                p.errorRecords(), p.malformed()));
                    }
                }
            }
        }
    }
}
