package io.github.resultexport.embulk.output.salesforce_dmp.mode;

import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.github.resultexport.embulk.output.salesforce_dmp.client.UploadedPart;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;

/** The parts S3 lists must be exactly the reported ones: count, numbers, sizes, ETags and checksums. */
public class PublishCheckTest {
    private static final long MIB5 = 5L * 1024 * 1024;
    private static final String URL = "s3://b/k";

    private static UploadedPart part(int number, long size, String etag, String crc) {
        return new UploadedPart(number, size, etag, crc);
    }

    private static final List<UploadedPart> REPORTED = Arrays.asList(
            part(1, MIB5, "aa", "c1"), part(2500, MIB5 + 7, "bb", "c2"), part(9999, 10, "cc", "c3"));

    @Test
    public void theSamePartsPass() {
        PublishCheck.verify(URL, REPORTED, Arrays.asList(
                part(1, MIB5, "\"AA\"", "c1"), part(2500, MIB5 + 7, "bb", "c2"), part(9999, 10, "cc", "c3")));
    }

    @Test
    public void anExtraPartFails() {
        assertRefused("part 17 was not reported", Arrays.asList(part(1, MIB5, "aa", "c1"),
                part(17, MIB5, "dd", null), part(2500, MIB5 + 7, "bb", "c2"), part(9999, 10, "cc", "c3")));
    }

    @Test
    public void aMissingPartFails() {
        assertRefused("part 2500 is missing", Arrays.asList(part(1, MIB5, "aa", "c1"), part(9999, 10, "cc", "c3")));
    }

    @Test
    public void aDifferentSizeEtagOrChecksumFails() {
        assertRefused("S3 has part 9999 (11 bytes", Arrays.asList(part(1, MIB5, "aa", "c1"),
                part(2500, MIB5 + 7, "bb", "c2"), part(9999, 11, "cc", "c3")));
        assertRefused("ETag xx", Arrays.asList(part(1, MIB5, "xx", "c1"),
                part(2500, MIB5 + 7, "bb", "c2"), part(9999, 10, "cc", "c3")));
        assertRefused("CRC32 zz", Arrays.asList(part(1, MIB5, "aa", "c1"),
                part(2500, MIB5 + 7, "bb", "zz"), part(9999, 10, "cc", "c3")));
    }

    @Test
    public void onlyTheLastPartMayBeSmall() {
        PublishCheck.verifySizes(URL, REPORTED);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PublishCheck.verifySizes(URL,
                Arrays.asList(part(1, MIB5 - 1, "aa", null), part(2, 10, "bb", null))));
        assertTrue(e.getMessage(), e.getMessage().contains("part 1 (5242879 bytes"));
    }

    private static void assertRefused(String expected, List<UploadedPart> listed) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PublishCheck.verify(URL, REPORTED, listed));
        assertTrue(e.getMessage(), e.getMessage().contains(expected));
        assertTrue(e.getMessage(), e.getMessage().contains("nothing was published"));
    }
}
