package io.github.resultexport.embulk.output.td.fake;

import java.util.List;
import java.util.Map;

/**
 * An uploaded part after decoding: its valid records (as Java values), its error records (each the record's msgpack
 * encoding), or, for a part that is not gzip'd msgpack, {@code malformed} with no records at all.
 */
record DecodedPart(List<Map<String, Object>> validRecords, List<byte[]> errorRecords, boolean malformed) {
}
