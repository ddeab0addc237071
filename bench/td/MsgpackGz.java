import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/**
 * The td benchmark's baseline: the records the td output writes for the CSV of Gen.java, written as gzip'd msgpack
 * with msgpack-core alone.
 *
 * <pre>java -cp msgpack-core.jar MsgpackGz.java CSV [SPLIT_BYTES]</pre>
 *
 * <p>Untimed: reads the whole CSV into memory as the values the records hold (longs, doubles, booleans, strings;
 * the timestamp as its text {@code yyyy-MM-dd HH:mm:ss.SSS}, which is also how the td output writes it by default,
 * and as its unix second for {@code time}; the JSON column as its text; an empty note as null).
 *
 * <p>Timed (printed on stdout: the wall-clock seconds, then the CPU seconds of the JVM in that time): packing every
 * record as one msgpack map — {@code time} (integer) then the 8 columns under their names, booleans as msgpack
 * booleans, null as nil — through a {@code GZIPOutputStream} (default level, 64 KB buffer) into part files in the
 * temporary directory, a new part once the compressed size reaches SPLIT_BYTES (default 16 MB, the td output's
 * default {@code file_split_size}), checked every 256 records as the td output does. The parts are deleted
 * afterwards (untimed).
 */
public final class MsgpackGz {
    private static final int BUFFER = 64 * 1024;
    private static final DateTimeFormatter CSV_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);

    private static int n;
    private static long[] id;
    private static String[] name;
    private static double[] score;
    private static boolean[] active;
    private static long[] time;
    private static String[] createdAt;
    private static String[] attrs;
    private static String[] note;
    private static long[] ref;

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: java -cp msgpack-core.jar MsgpackGz.java CSV [SPLIT_BYTES]");
            System.exit(2);
        }
        long splitBytes = args.length == 2 ? Long.parseLong(args[1]) : 16384L * 1024;
        load(Paths.get(args[0]));
        Path dir = Files.createTempDirectory("bench-td-msgpack-gz-");
        List<Path> parts = new ArrayList<>();
        long records = 0;
        long compressedBytes = 0;

        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        Counting counter = null;
        MessagePacker p = null;
        long partRecords = 0;
        for (int i = 0; i < n; i++) {
            if (p == null) {
                Path part = dir.resolve("part-" + parts.size() + ".msgpack.gz");
                parts.add(part);
                counter = new Counting(new BufferedOutputStream(Files.newOutputStream(part), BUFFER));
                p = MessagePack.newDefaultPacker(new GZIPOutputStream(counter, BUFFER));
                partRecords = 0;
            }
            p.packMapHeader(9);
            p.packString("time");
            p.packLong(time[i]);
            p.packString("id");
            p.packLong(id[i]);
            p.packString("name");
            p.packString(name[i]);
            p.packString("score");
            p.packDouble(score[i]);
            p.packString("active");
            p.packBoolean(active[i]);
            p.packString("created_at");
            p.packString(createdAt[i]);
            p.packString("attrs");
            p.packString(attrs[i]);
            p.packString("note");
            if (note[i] == null) {
                p.packNil();
            } else {
                p.packString(note[i]);
            }
            p.packString("ref");
            p.packLong(ref[i]);
            records++;
            if (++partRecords % 256 == 0) {
                p.flush();
                if (counter.count >= splitBytes) {
                    p.close();
                    compressedBytes += counter.count;
                    p = null;
                }
            }
        }
        if (p != null) {
            p.close();
            compressedBytes += counter.count;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;

        for (Path part : parts) {
            Files.delete(part);
        }
        Files.delete(dir);
        System.err.printf(Locale.ROOT, "MsgpackGz: %,d records, %d parts, %.1f MB compressed, %.3f s (CPU %.3f s)%n",
                records, parts.size(), compressedBytes / 1e6, seconds, cpuSeconds);
        System.out.printf(Locale.ROOT, "%.3f %.3f%n", seconds, cpuSeconds);
    }

    /** CPU time of the whole JVM (every thread: GC and JIT too). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Reads the CSV of Gen.java: every string field quoted (quotes doubled), an empty note unquoted. */
    private static void load(Path csv) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (!"id,name,score,active,created_at,attrs,note,ref".equals(header)) {
                throw new IOException(csv + " is not a CSV of bench/td/Gen.java");
            }
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        }
        n = lines.size();
        id = new long[n];
        name = new String[n];
        score = new double[n];
        active = new boolean[n];
        time = new long[n];
        createdAt = new String[n];
        attrs = new String[n];
        note = new String[n];
        ref = new long[n];
        List<String> f = new ArrayList<>(8);
        for (int i = 0; i < n; i++) {
            split(lines.get(i), f);
            if (f.size() != 8) {
                throw new IOException("line " + (i + 2) + " has " + f.size() + " fields");
            }
            id[i] = Long.parseLong(f.get(0));
            name[i] = f.get(1);
            score[i] = Double.parseDouble(f.get(2));
            active[i] = Boolean.parseBoolean(f.get(3));
            createdAt[i] = f.get(4);
            time[i] = LocalDateTime.parse(f.get(4), CSV_TIME).toEpochSecond(ZoneOffset.UTC);
            attrs[i] = f.get(5);
            note[i] = f.get(6);
            ref[i] = Long.parseLong(f.get(7));
            lines.set(i, null);
        }
    }

    /** Splits one line; an unquoted empty field becomes null. */
    private static void split(String line, List<String> out) {
        out.clear();
        int i = 0;
        int len = line.length();
        while (true) {
            if (i < len && line.charAt(i) == '"') {
                StringBuilder s = new StringBuilder();
                i++;
                while (true) {
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < len && line.charAt(i) == '"') {
                            s.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        s.append(c);
                    }
                }
                out.add(s.toString());
            } else {
                int end = line.indexOf(',', i);
                end = end < 0 ? len : end;
                out.add(end == i ? null : line.substring(i, end));
                i = end;
            }
            if (i >= len) {
                return;
            }
            i++; // the comma
        }
    }

    /** Counts the compressed bytes, to cut parts as the td output does. */
    private static final class Counting extends FilterOutputStream {
        long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
