import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

/**
 * Writes the salesforce_dmp benchmark's input: java Gen.java ROWS CSV LINES
 *
 * <p>CSV: a header and ROWS records of user_id, td_segment and 5 attributes (email, city, visits long, score double,
 * last_seen timestamp), about 10% of the emails empty. LINES: the import-format line salesforce_dmp writes for each
 * record, in the same order, so that gzip of LINES is the baseline. Deterministic: the same ROWS, the same files.
 */
public class Gen {
    private static final String[] CITIES = {"Tokyo", "Osaka", "San Francisco", "New York", "Berlin", "Zürich",
        "São Paulo", "München", "Paris", "Москва", "台北", "Seoul", "London", "Montréal", "Kraków", "Reykjavík"};
    private static final DateTimeFormatter CSV_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final long T0 = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();

    public static void main(String[] args) throws IOException {
        long rows = Long.parseLong(args[0]);
        SplittableRandom random = new SplittableRandom(20240310L);
        try (BufferedWriter csv = writer(args[1]); BufferedWriter lines = writer(args[2])) {
            csv.write("user_id,td_segment,email,city,visits,score,last_seen\n");
            StringBuilder c = new StringBuilder(256);
            StringBuilder l = new StringBuilder(256);
            for (long n = 0; n < rows; n++) {
                c.setLength(0);
                l.setLength(0);
                String userId = String.format("u%010d%04x", n, random.nextInt(0x10000));
                StringBuilder segments = new StringBuilder();
                int count = 1 + random.nextInt(4);
                for (int s = 0; s < count; s++) {
                    segments.append(s == 0 ? "" : ",").append("seg").append(10 + random.nextInt(40));
                }
                String email = random.nextInt(10) == 0 ? "" : "user" + random.nextInt(1_000_000) + "@example.com";
                String city = CITIES[random.nextInt(CITIES.length)];
                long visits = random.nextInt(5000);
                double score = random.nextInt(100_000) / 100.0;
                Instant lastSeen = Instant.ofEpochSecond(T0 + random.nextInt(60 * 24 * 3600));

                c.append(userId).append(",\"").append(segments).append("\",").append(email).append(',')
                        .append(city).append(',').append(visits).append(',').append(Double.toString(score))
                        .append(',').append(CSV_TIME.format(lastSeen)).append('\n');
                l.append(userId).append('^');
                if (!email.isEmpty()) {
                    l.append("email:").append(email).append(';');
                }
                l.append("city:").append(city).append(";visits:").append(visits).append(";score:")
                        .append(Double.toString(score)).append(";last_seen:").append(lastSeen)
                        .append(";segment:").append(segments).append('\n');
                csv.append(c);
                lines.append(l);
            }
        }
    }

    private static BufferedWriter writer(String path) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(Paths.get(path)),
                StandardCharsets.UTF_8), 1 << 20);
    }
}
