import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sfdc benchmark's baseline, "a plain writer": the CSV batches the sfdc output sends for the CSV of Gen.java,
 * written with a {@code Writer} into byte arrays.
 *
 * <pre>java PlainCsv.java CSV [DUMP_DIR]</pre>
 *
 * <p>Untimed: reads the whole CSV into memory as the values Embulk's csv parser gives the plugin (strings, doubles,
 * longs, booleans, the date and the timestamp as instants in UTC; an empty Doc__c as null).
 *
 * <p>Timed (printed on stdout: the wall-clock seconds, the CPU seconds of the JVM in that time, then the batches and
 * their bytes): every batch as the sfdc output writes it — the header line (the 8 field names, quoted), then one line
 * per record, every value quoted with inner quotes doubled, a null an empty unquoted field, values formatted as the
 * plugin's RecordEncoder does (doubles in plain decimal without trailing zeros through {@code BigDecimal}, booleans
 * {@code true}/{@code false}, the date field {@code yyyy-MM-dd}, the datetime field
 * {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'}, both through {@code DateTimeFormatter}), LF line ends, UTF-8 — through an
 * {@code OutputStreamWriter} (in a {@code BufferedWriter}) into a {@code ByteArrayOutputStream}, a new batch (its
 * bytes taken with {@code toByteArray()}) after 10,000 records (the plugin's {@code split_records}; its other limits,
 * 10 MB and 10,000,000 characters a batch, are never reached by 10,000 of these records, about 3.2 MB).
 * Single-threaded. With DUMP_DIR, each batch is also written into {@code DUMP_DIR/batch-<n>.csv} (inside the timed
 * part: only for checking what is written, not for timing).
 */
public final class PlainCsv {
    private static final int MAX_RECORDS = 10_000;
    private static final String[] HEADER =
            {"Name", "Score__c", "Count__c", "Active__c", "Day__c", "At__c", "Doc__c", "Ext__c"};
    private static final DateTimeFormatter DATETIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);
    private static final DateTimeFormatter CSV_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);

    private static int n;
    private static String[] name;
    private static double[] score;
    private static long[] count;
    private static boolean[] active;
    private static Instant[] day;
    private static Instant[] at;
    private static String[] doc;
    private static String[] ext;

    public static void main(String[] args) throws IOException {
        if (args.length != 1 && args.length != 2) {
            System.err.println("usage: java PlainCsv.java CSV [DUMP_DIR]");
            System.exit(2);
        }
        Path dump = args.length == 2 ? Files.createDirectories(Paths.get(args[1])) : null;
        load(args[0]);
        StringBuilder h = new StringBuilder();
        for (int i = 0; i < HEADER.length; i++) {
            if (i > 0) {
                h.append(',');
            }
            h.append('"').append(HEADER[i]).append('"');
        }
        String header = h.append('\n').toString();

        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        long batches = 0;
        long bytes = 0;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(4 << 20);
        Writer w = null;
        int inBatch = 0;
        for (int i = 0; i < n; i++) {
            if (w == null) {
                buffer.reset();
                w = new BufferedWriter(new OutputStreamWriter(buffer, StandardCharsets.UTF_8), 64 * 1024);
                w.write(header);
                inBatch = 0;
            }
            quoted(w, name[i]);
            w.write(',');
            quoted(w, BigDecimal.valueOf(score[i]).stripTrailingZeros().toPlainString());
            w.write(',');
            quoted(w, Long.toString(count[i]));
            w.write(',');
            quoted(w, active[i] ? "true" : "false");
            w.write(',');
            quoted(w, DATE.format(day[i].atZone(ZoneOffset.UTC).toLocalDate()));
            w.write(',');
            quoted(w, DATETIME.format(at[i]));
            w.write(',');
            if (doc[i] != null) {
                quoted(w, doc[i]);
            }
            w.write(',');
            quoted(w, ext[i]);
            w.write('\n');
            inBatch++;
            if (inBatch == MAX_RECORDS || i == n - 1) {
                w.flush();
                byte[] batch = buffer.toByteArray();
                bytes += batch.length;
                batches++;
                if (dump != null) {
                    Files.write(dump.resolve("batch-" + batches + ".csv"), batch);
                }
                w = null;
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        double cpu = (processCpuNanos() - cpuStart) / 1e9;
        System.out.printf(Locale.ROOT, "%.3f %.3f %d %d%n", secs, cpu, batches, bytes);
    }

    /** Always quoted; inner quotes doubled. */
    private static void quoted(Writer w, String s) throws IOException {
        w.write('"');
        int start = 0;
        int quote;
        while ((quote = s.indexOf('"', start)) >= 0) {
            w.write(s, start, quote + 1 - start);
            w.write('"');
            start = quote + 1;
        }
        w.write(s, start, s.length() - start);
        w.write('"');
    }

    private static void load(String csv) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(Paths.get(csv), StandardCharsets.UTF_8)) {
            r.readLine();
            String line;
            while ((line = r.readLine()) != null) {
                rows.add(fields(line));
            }
        }
        n = rows.size();
        name = new String[n];
        score = new double[n];
        count = new long[n];
        active = new boolean[n];
        day = new Instant[n];
        at = new Instant[n];
        doc = new String[n];
        ext = new String[n];
        for (int i = 0; i < n; i++) {
            String[] f = rows.get(i);
            rows.set(i, null);
            name[i] = f[0];
            score[i] = Double.parseDouble(f[1]);
            count[i] = Long.parseLong(f[2]);
            active[i] = Boolean.parseBoolean(f[3]);
            day[i] = LocalDate.parse(f[4]).atStartOfDay(ZoneOffset.UTC).toInstant();
            at[i] = LocalDateTime.parse(f[5], CSV_TIME).toInstant(ZoneOffset.UTC);
            doc[i] = f[6];
            ext[i] = f[7];
        }
    }

    /** The 8 fields of a line of Gen.java's CSV: quoted ones unquoted, an empty unquoted one null. */
    private static String[] fields(String line) {
        String[] out = new String[8];
        StringBuilder sb = new StringBuilder();
        int pos = 0;
        for (int k = 0; k < 8; k++) {
            if (pos < line.length() && line.charAt(pos) == '"') {
                sb.setLength(0);
                pos++;
                while (true) {
                    char c = line.charAt(pos++);
                    if (c == '"') {
                        if (pos < line.length() && line.charAt(pos) == '"') {
                            sb.append('"');
                            pos++;
                        } else {
                            break;
                        }
                    } else {
                        sb.append(c);
                    }
                }
                out[k] = sb.toString();
                pos++;   // the comma (or past the end)
            } else {
                int end = line.indexOf(',', pos);
                if (end < 0) {
                    end = line.length();
                }
                out[k] = end == pos ? null : line.substring(pos, end);
                pos = end + 1;
            }
        }
        return out;
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        }
        return -1;
    }
}
