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
 * Writes the sfdc benchmark's input: a header line, then N rows of 8 columns named as the fields of the benchmark's
 * object — {@code Name} string (accents, Cyrillic, CJK, an emoji; now and then a quote or a comma), {@code Score__c}
 * double (three decimals at most), {@code Count__c} long (within an int), {@code Active__c} boolean, {@code Day__c}
 * date {@code yyyy-MM-dd}, {@code At__c} timestamp {@code yyyy-MM-dd HH:mm:ss.SSS} (UTC), {@code Doc__c} a long text
 * (60 to 400 characters of Latin-1 words, now and then a quote or a comma) that is empty (NULL to Embulk's csv
 * parser) in about 20% of the rows, {@code Ext__c} an external id string {@code EXT-<row number, 10 digits>}.
 * Strings are always quoted, an empty Doc__c never is. Deterministic (fixed seed): the same N always gives the same
 * file.
 *
 * <pre>java Gen.java ROWS OUTPUT.csv</pre>
 */
public final class Gen {
    private static final String[] WORDS = {
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
        "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango",
        "naïve", "café", "Zürich", "Ångström", "日本語", "東京", "Привет", "señor", "façade", "😀ok",
    };
    private static final String[] LATIN1 = {
        "lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed", "do", "eiusmod",
        "tempor", "incididunt", "ut", "labore", "et", "dolore", "magna", "aliqua", "naïve", "café", "Zürich",
        "Ångström", "señor", "façade", "déjà", "vu", "crème", "brûlée", "über",
    };
    private static final String[] ODD = {"\"quoted\"", "it's", "a,b", "say \"hi\""};
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
        StringBuilder sb = new StringBuilder(1024);
        try (OutputStream os = new BufferedOutputStream(new FileOutputStream(tmp.toFile()), 1 << 20);
                Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8)) {
            w.write("Name,Score__c,Count__c,Active__c,Day__c,At__c,Doc__c,Ext__c\n");
            for (long i = 1; i <= rows; i++) {
                sb.setLength(0);
                quoted(sb, text(rnd, WORDS, 12, 32));
                sb.append(',');
                sb.append(Math.round(rnd.nextDouble() * 1e7) / 1e3).append(',');
                sb.append(rnd.nextInt(2_000_000_000) - 1_000_000_000).append(',');
                sb.append(rnd.nextBoolean()).append(',');
                long day = BASE + rnd.nextLong(3660L) * 86400;
                date(sb, LocalDateTime.ofEpochSecond(day, 0, ZoneOffset.UTC));
                sb.append(',');
                LocalDateTime at = LocalDateTime.ofEpochSecond(BASE + rnd.nextLong(366L * 86400), 0, ZoneOffset.UTC);
                date(sb, at);
                sb.append(' ');
                pad(sb, at.getHour(), 2).append(':');
                pad(sb, at.getMinute(), 2).append(':');
                pad(sb, at.getSecond(), 2).append('.');
                pad(sb, rnd.nextInt(1000), 3);
                sb.append(',');
                if (rnd.nextInt(5) != 0) {
                    quoted(sb, text(rnd, LATIN1, 60, 400));
                }
                sb.append(',');
                sb.append("\"EXT-");
                pad(sb, i, 10).append('"');
                sb.append('\n');
                w.append(sb);
            }
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Words until the length is between min and max characters (never cutting a surrogate pair). */
    private static String text(SplittableRandom rnd, String[] words, int min, int max) {
        int target = min + rnd.nextInt(max - min + 1);
        StringBuilder s = new StringBuilder(max + 16);
        while (s.length() < target) {
            if (s.length() > 0) {
                s.append(' ');
            }
            s.append(rnd.nextInt(25) == 0 ? ODD[rnd.nextInt(ODD.length)] : words[rnd.nextInt(words.length)]);
        }
        if (s.length() > max) {
            s.setLength(max);
            if (Character.isHighSurrogate(s.charAt(max - 1))) {
                s.setLength(max - 1);
            }
        }
        return s.toString();
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

    /** yyyy-MM-dd */
    private static void date(StringBuilder sb, LocalDateTime t) {
        sb.append(t.getYear()).append('-');
        pad(sb, t.getMonthValue(), 2).append('-');
        pad(sb, t.getDayOfMonth(), 2);
    }

    private static StringBuilder pad(StringBuilder sb, long v, int width) {
        String s = Long.toString(v);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}
