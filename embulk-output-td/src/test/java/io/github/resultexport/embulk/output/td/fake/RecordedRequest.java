package io.github.resultexport.embulk.output.td.fake;

import java.util.Map;

/**
 * One request in the log. {@code query} is the URL's query string and {@code params} the query and form parameters
 * together (td-client sends the parameters of a POST without JSON in a form body). {@code keyRole} is MASTER,
 * WRITE_ONLY, UNKNOWN (a key the fake does not know) or NONE; the key itself is never kept. {@code applied} tells
 * whether the request was carried out (a 2xx outcome), {@code answered} whether a response was written;
 * {@code status} is the status written, or for a connection dropped after applying the status that was lost (0 when
 * nothing was decided). {@code fault} describes the fault rules that hit the request, if any.
 */
public record RecordedRequest(long seq, String method, String path, String query, Map<String, String> params,
        String endpoint, String keyRole, boolean applied, boolean answered, int status, String fault) {
}
