package io.github.resultexport.embulk.output.postgresql.mode;

import io.github.resultexport.embulk.output.postgresql.client.QualifiedName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The name of the staging table one run creates beside the target: {@code embulk_stg_<target hash>_<time>_<random>}.
 * The target hash lets the next run of the same config find what a killed run left; the
 * random part keeps two runs started in the same second apart. At most 43 bytes, under PostgreSQL's 63.
 */
public final class RunNames {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final QualifiedName target;
    private final String runId;

    private RunNames(QualifiedName target, String runId) {
        this.target = target;
        this.runId = runId;
    }

    public static RunNames forRun(QualifiedName target, Instant transactionTime) {
        return new RunNames(target, TIME.format(transactionTime) + "_" + String.format(Locale.ROOT, "%08x",
                RANDOM.nextInt()));
    }

    public QualifiedName staging() {
        return target.sibling(stagingPrefix(target) + runId);
    }

    public String runId() {
        return runId;
    }

    /** Prefix of the staging tables of every run into {@code target}; used to sweep what killed runs left. */
    public static String stagingPrefix(QualifiedName target) {
        return "embulk_stg_" + hash(target) + "_";
    }

    private static String hash(QualifiedName target) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest((target.schema() + "\u0000" + target.table()).getBytes(StandardCharsets.UTF_8));
            return String.format(Locale.ROOT, "%02x%02x%02x%02x", d[0], d[1], d[2], d[3]);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
