package io.github.resultexport.embulk.output.salesforce_dmp.mode;

import io.github.resultexport.embulk.output.salesforce_dmp.client.UploadedPart;
import io.github.resultexport.embulk.output.salesforce_dmp.stage.PartWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The check before an upload is completed: S3 must hold exactly the parts that were reported (the tasks' and the
 * transaction's own), no more and no other, and every part but the last must be one S3 accepts. Otherwise the run
 * fails and nothing is published.
 */
public final class PublishCheck {
    private static final int SHOWN = 5;

    private PublishCheck() {
    }

    /**
     * @param expected the reported parts in part number order
     * @param listed what ListParts returned, in part number order
     * @throws IllegalStateException naming the first differences
     */
    public static void verify(String objectUrl, List<UploadedPart> expected, List<UploadedPart> listed) {
        List<String> differences = new ArrayList<>();
        int e = 0;
        int l = 0;
        while (e < expected.size() || l < listed.size()) {
            UploadedPart want = e < expected.size() ? expected.get(e) : null;
            UploadedPart have = l < listed.size() ? listed.get(l) : null;
            if (have == null || (want != null && want.getNumber() < have.getNumber())) {
                differences.add("part " + want.getNumber() + " is missing (reported: " + want + ")");
                e++;
            } else if (want == null || have.getNumber() < want.getNumber()) {
                differences.add("part " + have.getNumber() + " was not reported by any task (S3 has " + have + ")");
                l++;
            } else {
                if (!same(want, have)) {
                    differences.add("S3 has " + have + ", reported " + want);
                }
                e++;
                l++;
            }
        }
        if (!differences.isEmpty()) {
            throw new IllegalStateException("the upload of " + objectUrl + " does not hold what the tasks reported ("
                    + expected.size() + " parts reported, " + listed.size() + " listed by S3): "
                    + String.join("; ", differences.subList(0, Math.min(SHOWN, differences.size())))
                    + (differences.size() > SHOWN ? "; and " + (differences.size() - SHOWN) + " more" : "")
                    + "; nothing was published and the upload was aborted");
        }
    }

    /** Every part but the last must be at least 5 MiB, and there may be at most 10,000. */
    public static void verifySizes(String objectUrl, List<UploadedPart> parts) {
        if (parts.size() > PartNumbers.MAX_PARTS) {
            throw new IllegalStateException("the upload of " + objectUrl + " has " + parts.size() + " parts, more"
                    + " than S3 accepts (" + PartNumbers.MAX_PARTS + ")");
        }
        for (int i = 0; i < parts.size() - 1; i++) {
            if (parts.get(i).getSize() < PartWriter.MIN_PART_SIZE) {
                throw new IllegalStateException("the upload of " + objectUrl + " has " + parts.get(i) + " before its"
                        + " last part; S3 accepts parts under 5 MiB only at the end; nothing was published");
            }
        }
    }

    private static boolean same(UploadedPart want, UploadedPart have) {
        return want.getSize() == have.getSize()
                && want.getEtag() != null && want.getEtag().equalsIgnoreCase(have.getEtag())
                && (want.getCrc32() == null || have.getCrc32() == null || want.getCrc32().equals(have.getCrc32()));
    }
}
