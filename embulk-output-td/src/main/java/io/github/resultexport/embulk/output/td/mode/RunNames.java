package io.github.resultexport.embulk.output.td.mode;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of what a run creates, all within TD's rules (3–128 characters of {@code [a-z0-9_]}) and all carrying
 * the run id (its start time, UTC to the second, and a random part), so that the next run can tell whose they are:
 * <ul>
 * <li>bulk-import session {@code embulk_<run id>};</li>
 * <li>lease sessions {@code embulk_<run id>_lease_<unix seconds>}, renewed while the run lives;</li>
 * <li>temporary table (replace, truncate) {@code <table>_embulk_<run id>}, the table name cut so the whole stays
 *     within 128 characters.</li>
 * </ul>
 */
public final class RunNames {
    static final int MAX_NAME = 128;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String RUN_ID = "(\\d{14}_[0-9a-f]{8})";
    private static final Pattern SESSION = Pattern.compile("embulk_" + RUN_ID + "(?:_lease_(\\d{1,19}))?");
    private static final String TEMP_INFIX = "_embulk_";

    private final String runId;

    private RunNames(String runId) {
        this.runId = runId;
    }

    public static RunNames newRun(Instant start) {
        return new RunNames(TIME.format(start) + "_" + String.format(Locale.ROOT, "%08x", RANDOM.nextInt()));
    }

    public String runId() {
        return runId;
    }

    public String session() {
        return "embulk_" + runId;
    }

    public String lease(long unixSeconds) {
        return session() + "_lease_" + unixSeconds;
    }

    public String tempTable(String table) {
        return tempPrefix(table) + runId;
    }

    /** What every temporary table for {@code table} starts with, whatever the run. */
    static String tempPrefix(String table) {
        int room = MAX_NAME - TEMP_INFIX.length() - 23;
        return (table.length() > room ? table.substring(0, room) : table) + TEMP_INFIX;
    }

    /** The run id of a temporary table of {@code table}, if {@code name} is one. */
    static Optional<String> runOfTempTable(String table, String name) {
        String prefix = tempPrefix(table);
        if (!name.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = name.substring(prefix.length());
        return rest.matches(RUN_ID) ? Optional.of(rest) : Optional.empty();
    }

    /** A session name of some run: its run id and, for a lease, the time it was renewed. */
    static Optional<SessionName> parseSession(String name) {
        Matcher m = SESSION.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new SessionName(m.group(1), m.group(2) == null ? -1 : Long.parseLong(m.group(2))));
    }

    /** When a run started, from its id. */
    static Instant startOf(String runId) {
        return java.time.LocalDateTime.parse(runId.substring(0, 14),
                DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT)).toInstant(ZoneOffset.UTC);
    }

    static final class SessionName {
        final String runId;
        final long leaseSeconds;

        SessionName(String runId, long leaseSeconds) {
            this.runId = runId;
            this.leaseSeconds = leaseSeconds;
        }

        boolean isLease() {
            return leaseSeconds >= 0;
        }
    }
}
