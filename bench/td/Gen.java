import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * Writes the td benchmark's input: a header line, then N rows of 8 columns —
 * {@code id} long, {@code name} string (accents, Cyrillic, CJK, an emoji; now and then a quote or a comma),
 * {@code score} double, {@code active} boolean, {@code created_at} timestamp {@code yyyy-MM-dd HH:mm:ss.SSS} (UTC),
 * {@code attrs} a JSON object, {@code note} a string that is empty (NULL to Embulk's csv parser) in about 20% of
 * the rows, {@code ref} long. Strings and JSON are always quoted, an empty note never is.
 * Deterministic (fixed seed): the same N always gives the same file.
 *
 * <pre>java Gen.java ROWS OUTPUT.csv</pre>
 */
public final class Gen {
    private static final String[] WORDS = {
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
        "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango",
        "naïve", "café", "Zürich", "Ångström", "日本語", "東京", "Привет", "señor", "façade", "😀ok",
    };
    private static final String[] ODD = {"\"quoted\"", "it's", "a,b", "say \"hi\""};
    private static final String[] TAGS = {"red", "green", "blue", "ünï", "深緑"};
    private static final long BASE = LocalDateTime.of(2024, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java Gen.java ROWS OUTPUT.csv");
            System.exit(2);
        }
        long rows = Long.parseLong(args[0]);
        Path out = Paths.get(args[1]);
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        SplittableRandom rnd = new SplittableRandom(20240601L);
        StringBuilder sb = new StringBuilder(512);
        try (OutputStream os = new BufferedOutputStream(new FileOutputStream(tmp.toFile()), 1 << 20);
                Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8)) {
            w.write("id,name,score,active,created_at,attrs,note,ref\n");
            for (long i = 1; i <= rows; i++) {
                sb.setLength(0);
                sb.append(i).append(',');
                quoted(sb, text(rnd, 12, 32));
                sb.append(',');
                sb.append(Math.round(rnd.nextDouble() * 1e7) / 1e3).append(',');
                sb.append(rnd.nextBoolean()).append(',');
                timestamp(sb, BASE + rnd.nextLong(366L * 86400), rnd.nextInt(1000));
                sb.append(',');
                quoted(sb, json(rnd, i));
                sb.append(',');
                if (rnd.nextInt(5) != 0) {
                    quoted(sb, text(rnd, 8, 16));
                }
                sb.append(',');
                sb.append(rnd.nextLong(1L << 40));
                sb.append('\n');
                w.append(sb);
            }
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Words until the length is between min and max characters (never cutting a surrogate pair). */
    private static String text(SplittableRandom rnd, int min, int max) {
        int target = min + rnd.nextInt(max - min + 1);
        StringBuilder s = new StringBuilder(max + 16);
        while (s.length() < target) {
            if (s.length() > 0) {
                s.append(' ');
            }
            s.append(rnd.nextInt(25) == 0 ? ODD[rnd.nextInt(ODD.length)] : WORDS[rnd.nextInt(WORDS.length)]);
        }
        if (s.length() > max) {
            s.setLength(max);
            if (Character.isHighSurrogate(s.charAt(max - 1))) {
                s.setLength(max - 1);
            }
        }
        return s.toString();
    }

    /** A compact JSON object, e.g. {"k":123,"t":["red","深緑"],"ok":true}. */
    private static String json(SplittableRandom rnd, long i) {
        StringBuilder s = new StringBuilder(96);
        s.append("{\"k\":").append(i % 1000).append(",\"t\":[");
        int n = rnd.nextInt(3);
        for (int t = 0; t <= n; t++) {
            if (t > 0) {
                s.append(',');
            }
            s.append('"').append(TAGS[rnd.nextInt(TAGS.length)]).append('"');
        }
        return s.append("],\"ok\":").append(rnd.nextBoolean()).append('}').toString();
    }

    /** Always quoted; inner quotes doubled. */
    private static void quoted(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                sb.append('"');
            }
            sb.append(c);
        }
        sb.append('"');
    }

    /** yyyy-MM-dd HH:mm:ss.SSS */
    private static void timestamp(StringBuilder sb, long epochSecond, int millis) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        sb.append(t.getYear()).append('-');
        pad(sb, t.getMonthValue(), 2).append('-');
        pad(sb, t.getDayOfMonth(), 2).append(' ');
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        pad(sb, t.getSecond(), 2).append('.');
        pad(sb, millis, 3);
    }

    private static StringBuilder pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}
