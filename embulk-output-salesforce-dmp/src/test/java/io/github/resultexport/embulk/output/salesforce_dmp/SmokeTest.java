package io.github.resultexport.embulk.output.salesforce_dmp;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;

public class SmokeTest {
    @Rule
    public S3Server s3 = new S3Server();
    @Rule
    public DmpEmbulk embulk = new DmpEmbulk();

    @Test
    public void twoSmallTasksMakeOneFile() throws Exception {
        embulk.run(embulk.segments(100, 2), embulk.out(s3.endpoint()), embulk.exec(2));

        List<String> lines = new ArrayList<>(s3.lines(DmpEmbulk.dailyKey(DmpEmbulk.DAY), true));
        lines.sort(null);
        assertEquals(SegmentsInputPlugin.lines(0, 2, 100, 2, 12), lines);
        assertEquals(List.of(DmpEmbulk.dailyKey(DmpEmbulk.DAY)), s3.keys(""));
        assertEquals(List.of(), s3.uploads());
    }
}
