package io.github.resultexport.embulk.output.sfdc.fake;

import java.util.ArrayList;
import java.util.List;

/**
 * CSV as Bulk API v1 reads and writes it: comma separated, fields optionally in double quotes with {@code ""} for a
 * quote inside, CRLF or LF line ends, a quoted field may span lines. Unquoted and quoted empty fields both read as
 * the empty string. Written values are always quoted, lines end in LF.
 */
final class Csv {
    private Csv() {
    }

    static final class MalformedCsvException extends Exception {
        MalformedCsvException(String message) {
            super(message);
        }
    }

    /** The rows of a CSV text; a final line end does not start another row, nor does a blank last line. */
    static List<List<String>> parse(String text) throws MalformedCsvException {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int n = text.length();
        boolean atFieldStart = true;
        boolean rowHasContent = false;
        while (i < n) {
            char c = text.charAt(i);
            if (atFieldStart && c == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char q = text.charAt(i);
                    if (q == '"') {
                        if (i + 1 < n && text.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        closed = true;
                        break;
                    }
                    field.append(q);
                    i++;
                }
                if (!closed) {
                    throw new MalformedCsvException("unterminated quoted field in row " + (rows.size() + 1));
                }
                if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                    throw new MalformedCsvException("text after a closing quote in row " + (rows.size() + 1));
                }
                atFieldStart = false;
                rowHasContent = true;
                continue;
            }
            if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
                atFieldStart = true;
                rowHasContent = true;
                i++;
                continue;
            }
            if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                i++;
                if (rowHasContent || field.length() > 0) {
                    row.add(field.toString());
                    rows.add(row);
                }
                row = new ArrayList<>();
                field.setLength(0);
                atFieldStart = true;
                rowHasContent = false;
                continue;
            }
            if (c == '"') {
                throw new MalformedCsvException("a quote inside an unquoted field in row " + (rows.size() + 1));
            }
            field.append(c);
            atFieldStart = false;
            rowHasContent = true;
            i++;
        }
        if (rowHasContent || field.length() > 0) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }

    static String quote(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    static String line(List<String> values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(quote(values.get(i)));
        }
        return sb.append('\n').toString();
    }
}
