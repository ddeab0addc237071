package io.github.resultexport.embulk.output.salesforce_dmp.mode;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import org.junit.Test;

public class RunNamesTest {
    @Test
    public void runIdsCarryTheTransactionTimeAndDiffer() {
        Instant t = Instant.parse("2024-03-10T09:30:00.789Z");
        String a = RunNames.newRunId(t);
        String b = RunNames.newRunId(t);

        assertTrue(a, a.matches("20240310T093000Z-[0-9a-f]{8}"));
        assertNotEquals(a, b);
    }

    @Test
    public void uniqueFileNamesKeepTheExtension() {
        assertEquals("c_first_party_segment_R.gz", RunNames.uniqueFileName("c_first_party_segment.gz", "R"));
        assertEquals("c_2024-03-10_R.tsv.gz", RunNames.uniqueFileName("c_2024-03-10.tsv.gz", "R"));
        assertEquals("segments_R", RunNames.uniqueFileName("segments", "R"));
        assertEquals(".hidden_R", RunNames.uniqueFileName(".hidden", "R"));
    }

    @Test
    public void leasesReadBackWhatTheyWrote() {
        Lease lease = new Lease("R1", "client-x/uploads/2024-03-10/f.gz", null).withUploadId("up-1");
        Lease read = Lease.parse(lease.text());

        assertEquals("R1", read.runId());
        assertEquals("client-x/uploads/2024-03-10/f.gz", read.key());
        assertEquals("up-1", read.uploadId());
        assertNull(Lease.parse(new Lease("R2", "k", null).text()).uploadId());
        assertNull(Lease.parse("not a lease"));
    }
}
