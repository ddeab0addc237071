package io.github.resultexport.embulk.output.salesforce_dmp;

import static io.github.resultexport.embulk.output.salesforce_dmp.DmpEmbulk.CLIENT;
import static io.github.resultexport.embulk.output.salesforce_dmp.DmpEmbulk.DAY;
import static io.github.resultexport.embulk.output.salesforce_dmp.DmpEmbulk.dailyKey;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.embulk.config.ConfigSource;
import org.junit.After;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * Keys are {@code <bucket>/<client>/uploads/<UTC date>/<file>}: the {@code client-} prefix once, a second run the
 * same UTC day replaces the day's file, {@code append_to_date_folder} adds a uniquely named file per run, and the
 * transaction time's UTC day picks the folder.
 */
public class LayoutTest {
    private static final long ROWS = 50;

    @ClassRule
    public static final S3Server S3 = new S3Server();
    @ClassRule
    public static final DmpEmbulk EMBULK = new DmpEmbulk();

    @Before
    public void emptyBucket() {
        S3.clear();
    }

    @After
    public void nothingLeftBehind() {
        assertEquals(Collections.emptyList(), S3.keys(CLIENT + "/embulk-staging/"));
        assertEquals(Collections.emptyList(), S3.uploads());
    }

    @Test
    public void theClientPrefixIsAddedOnceAndNeverDoubled() throws Exception {
        run(1, EMBULK.out(S3.endpoint()).set("client_name", "treasure-data"), DmpEmbulk.TRANSACTION_TIME);
        assertEquals(Arrays.asList(dailyKey(DAY)), S3.keys(""));

        run(2, EMBULK.out(S3.endpoint()).set("client_name", "client-treasure-data"), DmpEmbulk.TRANSACTION_TIME);
        assertEquals(Arrays.asList(dailyKey(DAY)), S3.keys(""));
        assertEquals("client-treasure-data/uploads/2024-03-10/client-treasure-data_first_party_segment.gz",
                dailyKey(DAY));
    }

    @Test
    public void aSecondRunOnTheSameUtcDayReplacesTheFile() throws Exception {
        run(1, EMBULK.out(S3.endpoint()), "2024-03-10 00:00:00 UTC");
        assertEquals(expected(1), sortedLines(dailyKey(DAY)));

        run(2, EMBULK.out(S3.endpoint()), "2024-03-10 23:59:59 UTC");

        assertEquals(Arrays.asList(dailyKey(DAY)), S3.keys(""));
        assertEquals(expected(2), sortedLines(dailyKey(DAY)));
    }

    @Test
    public void appendToDateFolderAddsAUniquelyNamedFilePerRun() throws Exception {
        run(1, EMBULK.out(S3.endpoint()), DmpEmbulk.TRANSACTION_TIME);
        run(2, EMBULK.out(S3.endpoint()).set("append_to_date_folder", true), DmpEmbulk.TRANSACTION_TIME);
        run(3, EMBULK.out(S3.endpoint()).set("append_to_date_folder", true), DmpEmbulk.TRANSACTION_TIME);

        List<String> keys = S3.keys("");
        assertEquals(keys.toString(), 3, keys.size());
        List<String> added = new ArrayList<>(keys);
        added.remove(dailyKey(DAY));
        String folder = CLIENT + "/uploads/" + DAY + "/";
        List<List<String>> contents = new ArrayList<>();
        for (String key : added) {
            assertTrue(key, key.matches(folder + CLIENT + "_first_party_segment_20240310T093000Z-[0-9a-f]{8}\\.gz"));
            contents.add(sortedLines(key));
        }
        assertTrue(contents.contains(expected(2)));
        assertTrue(contents.contains(expected(3)));
        assertEquals("the earlier file is kept", expected(1), sortedLines(dailyKey(DAY)));
    }

    @Test
    public void runsOnTwoUtcDaysMakeTwoFolders() throws Exception {
        run(1, EMBULK.out(S3.endpoint()), "2024-03-10 23:59:59 UTC");
        run(2, EMBULK.out(S3.endpoint()), "2024-03-11 00:00:00 UTC");

        assertEquals(Arrays.asList(dailyKey("2024-03-10"), dailyKey("2024-03-11")), S3.keys(""));
        assertEquals(expected(1), sortedLines(dailyKey("2024-03-10")));
        assertEquals(expected(2), sortedLines(dailyKey("2024-03-11")));
    }

    @Test
    public void aRunWithoutRecordsReplacesTheDaysFileWithAnEmptyOne() throws Exception {
        run(1, EMBULK.out(S3.endpoint()), DmpEmbulk.TRANSACTION_TIME);

        EMBULK.run(EMBULK.segments(0, 2), EMBULK.out(S3.endpoint()), EMBULK.exec(2));

        assertEquals(Arrays.asList(dailyKey(DAY)), S3.keys(""));
        assertEquals("a valid gzip file without lines", Collections.emptyList(), S3.lines(dailyKey(DAY), true));
    }

    private static void run(long seed, ConfigSource out, String transactionTime) {
        EMBULK.run(EMBULK.segments(ROWS, 2).set("seed", seed), out, EMBULK.execAt(transactionTime, 2));
    }

    private static List<String> expected(long seed) {
        return SegmentsInputPlugin.lines(seed, 2, ROWS, 2, 12);
    }

    private static List<String> sortedLines(String key) throws Exception {
        return S3.sortedLines(key);
    }
}
