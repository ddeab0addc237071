package io.github.resultexport.embulk.output.salesforce_dmp.mode;

import io.github.resultexport.embulk.output.salesforce_dmp.client.StagedObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Groups the tasks' small ends (each under 5 MiB) into the file's last parts. S3 accepts a part under 5 MiB only
 * as the last one, and UploadPartCopy cannot join several small objects into one part, so the transaction reads the
 * ends back and uploads them joined: consecutive ends go into one part until it would pass S3's 5 GiB part limit.
 * Every group but the last is then larger than 5 GiB minus one end, far above the 5 MiB minimum.
 */
public final class TailParts {
    /** S3's largest part. */
    static final long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;

    private TailParts() {
    }

    public static List<List<StagedObject>> group(List<StagedObject> tails) {
        return group(tails, MAX_PART_SIZE);
    }

    static List<List<StagedObject>> group(List<StagedObject> tails, long maxPartSize) {
        List<List<StagedObject>> groups = new ArrayList<>();
        List<StagedObject> current = new ArrayList<>();
        long size = 0;
        for (StagedObject tail : tails) {
            if (!current.isEmpty() && size + tail.getSize() > maxPartSize) {
                groups.add(Collections.unmodifiableList(current));
                current = new ArrayList<>();
                size = 0;
            }
            current.add(tail);
            size += tail.getSize();
        }
        if (!current.isEmpty()) {
            groups.add(Collections.unmodifiableList(current));
        }
        return groups;
    }

    static long size(List<StagedObject> group) {
        long size = 0;
        for (StagedObject o : group) {
            size += o.getSize();
        }
        return size;
    }
}
