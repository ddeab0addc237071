package io.github.resultexport.embulk.output.sfdc.fake;

import java.util.List;

/**
 * A job as the fake holds it. {@code state} is Open, Closed or Aborted; {@code maxBatchesInProgress} is the most
 * batches of this job that were InProgress at once (1 for a serial job); {@code createdByUsername} the login that
 * created it.
 */
public record JobView(String id, String operation, String object, String externalIdFieldName,
        String concurrencyMode, String state, String createdByUsername, List<BatchView> batches,
        int maxBatchesInProgress) {
}
