package io.github.resultexport.embulk.output.sfdc.fake;

import java.util.regex.Pattern;

/** Salesforce record ids: 15 case-sensitive characters (3-character key prefix first) plus a 3-character suffix. */
final class Ids {
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String SUFFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    private static final Pattern ID = Pattern.compile("[0-9A-Za-z]{15}(?:[0-9A-Za-z]{3})?");

    private Ids() {
    }

    /** The 18-character id of the {@code n}th record with this key prefix (pod part fixed). */
    static String make(String keyPrefix, long n) {
        StringBuilder digits = new StringBuilder();
        long v = n;
        for (int i = 0; i < 9; i++) {
            digits.append(BASE62.charAt((int) (v % 62)));
            v /= 62;
        }
        String id15 = keyPrefix + "5g0" + digits.reverse();
        return to18(id15);
    }

    /** Adds the case-encoding suffix: for each 5-character chunk, one bit per upper-case letter. */
    static String to18(String id15) {
        StringBuilder sb = new StringBuilder(id15);
        for (int chunk = 0; chunk < 3; chunk++) {
            int bits = 0;
            for (int i = 0; i < 5; i++) {
                char c = id15.charAt(chunk * 5 + i);
                if (c >= 'A' && c <= 'Z') {
                    bits |= 1 << i;
                }
            }
            sb.append(SUFFIX.charAt(bits));
        }
        return sb.toString();
    }

    /** The 18-character form of a well-formed 15- or 18-character id, or null if malformed (or a bad suffix). */
    static String normalize(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return null;
        }
        String full = to18(id.substring(0, 15));
        if (id.length() == 18 && !full.substring(15).equalsIgnoreCase(id.substring(15))) {
            return null;
        }
        return full;
    }
}
