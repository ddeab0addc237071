package io.github.resultexport.embulk.output.salesforce_dmp.stage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resultexport.embulk.output.salesforce_dmp.client.StagedObject;
import io.github.resultexport.embulk.output.salesforce_dmp.client.UploadedPart;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.embulk.config.TaskReport;

/**
 * What one task staged: the parts it uploaded into the run's multipart upload and the temporary object holding the
 * rest of its output (smaller than a part), if any. Travels in the task's report as plain lists and maps (Embulk's
 * own Jackson writes them) and is read back with this plugin's Jackson.
 */
public final class StagedOutput {
    static final String PARTS = "parts";
    static final String TAIL = "tail";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<UploadedPart> parts;
    private final StagedObject tail;

    public StagedOutput(List<UploadedPart> parts, StagedObject tail) {
        this.parts = Collections.unmodifiableList(new ArrayList<>(parts));
        this.tail = tail;
    }

    public static StagedOutput nothing() {
        return new StagedOutput(Collections.<UploadedPart>emptyList(), null);
    }

    public List<UploadedPart> parts() {
        return parts;
    }

    /** The end of the task's output that is smaller than a part; null when there is none. */
    public StagedObject tail() {
        return tail;
    }

    /** Bytes of the file this task staged. */
    public long bytes() {
        long bytes = tail == null ? 0 : tail.getSize();
        for (UploadedPart p : parts) {
            bytes += p.getSize();
        }
        return bytes;
    }

    /** Puts this into {@code report}. */
    public TaskReport into(TaskReport report) {
        report.set(PARTS, JSON.convertValue(parts, List.class));
        if (tail != null) {
            report.set(TAIL, JSON.convertValue(tail, Map.class));
        }
        return report;
    }

    /** What {@link #into} put into {@code report}. */
    public static StagedOutput from(TaskReport report) {
        try {
            JsonNode tree = JSON.readTree(report.toJson());
            List<UploadedPart> parts = tree.has(PARTS)
                    ? JSON.convertValue(tree.get(PARTS), new TypeReference<List<UploadedPart>>() { })
                    : Collections.<UploadedPart>emptyList();
            StagedObject tail = tree.hasNonNull(TAIL) ? JSON.treeToValue(tree.get(TAIL), StagedObject.class) : null;
            return new StagedOutput(parts, tail);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read a task report of salesforce_dmp", e);
        }
    }
}
