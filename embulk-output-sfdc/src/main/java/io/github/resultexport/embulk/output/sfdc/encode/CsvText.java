package io.github.resultexport.embulk.output.sfdc.encode;

/** CSV as the Bulk API reads it: every value quoted, quotes doubled; a null is an empty unquoted field. */
final class CsvText {
    private CsvText() {
    }

    static void appendQuoted(StringBuilder sb, String value) {
        sb.append('"');
        int start = 0;
        int quote;
        while ((quote = value.indexOf('"', start)) >= 0) {
            sb.append(value, start, quote + 1).append('"');
            start = quote + 1;
        }
        sb.append(value, start, value.length()).append('"');
    }
}
