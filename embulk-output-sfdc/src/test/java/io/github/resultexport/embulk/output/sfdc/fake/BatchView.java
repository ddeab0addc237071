package io.github.resultexport.embulk.output.sfdc.fake;

import java.util.List;

/**
 * A batch as the fake holds it: {@code state} is Queued, InProgress, Completed, Failed or NotProcessed;
 * {@code request} is the CSV (or SOQL) as received, after gunzip; {@code results} the result rows once Completed
 * (for a query batch, empty: see {@code queryResultIds}); {@code polls} how many polls it has seen.
 */
public record BatchView(String id, String jobId, String state, String stateMessage, String request,
        int numberRecordsProcessed, int numberRecordsFailed, List<ResultRow> results, List<String> queryResultIds,
        int polls) {
}
