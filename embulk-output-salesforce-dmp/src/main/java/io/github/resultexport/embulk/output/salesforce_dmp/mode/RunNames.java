package io.github.resultexport.embulk.output.salesforce_dmp.mode;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The id of one run: its transaction time (UTC, to the second) and a random part, e.g.
 * {@code 20240310T093000Z-3f2a9c1b}. It names the run's folder of temporary objects and, with
 * {@code append_to_date_folder}, its file; two runs started in the same second still differ.
 */
public final class RunNames {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunNames() {
    }

    public static String newRunId(Instant transactionTime) {
        return TIME.format(transactionTime) + "-" + String.format(Locale.ROOT, "%08x", RANDOM.nextInt());
    }

    /**
     * {@code fileName} made unique for the run: the run id goes before the first {@code .} of the name (so the
     * extension stays), or at the end when there is none: {@code a_segment.gz} → {@code a_segment_<run id>.gz}.
     */
    public static String uniqueFileName(String fileName, String runId) {
        int dot = fileName.indexOf('.', 1);
        if (dot < 0) {
            return fileName + "_" + runId;
        }
        return fileName.substring(0, dot) + "_" + runId + fileName.substring(dot);
    }
}
