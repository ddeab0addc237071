package io.github.resultexport.embulk.output.sfdc.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a CSV the Bulk API answers (batch results, query results): fields separated by commas, records by LF
 * or CRLF; a quoted field may hold commas, line breaks and doubled quotes; an empty field, quoted or not, is null (as
 * force-wsc's reader has it). Read whole (a batch's results are at most
 * 10,000 short rows): the general CSV reader of force-wsc took a third of the plugin's Java time on them.
 */
final class CsvReply {
    private final String text;
    private int pos;

    private CsvReply(String text) {
        this.text = text;
    }

    static List<List<String>> read(InputStream in) throws IOException {
        try (InputStream input = in) {
            return parse(new String(readAll(input), StandardCharsets.UTF_8));
        }
    }

    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    static List<List<String>> parse(String text) throws IOException {
        return new CsvReply(text).rows();
    }

    private List<List<String>> rows() throws IOException {
        List<List<String>> rows = new ArrayList<>();
        while (pos < text.length()) {
            rows.add(row());
        }
        return rows;
    }

    private List<String> row() throws IOException {
        List<String> row = new ArrayList<>();
        while (true) {
            row.add(pos < text.length() && text.charAt(pos) == '"' ? quoted() : plain());
            if (pos >= text.length()) {
                return row;
            }
            char c = text.charAt(pos++);
            if (c == '\n') {
                return row;
            }
            if (c == '\r') {
                if (pos < text.length() && text.charAt(pos) == '\n') {
                    pos++;
                }
                return row;
            }
            // c == ',': the next field
        }
    }

    private String plain() {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ',' || c == '\n' || c == '\r') {
                break;
            }
            pos++;
        }
        return pos == start ? null : text.substring(start, pos);
    }

    private String quoted() throws IOException {
        int open = pos++;
        StringBuilder value = null;
        int start = pos;
        while (true) {
            int quote = text.indexOf('"', pos);
            if (quote < 0) {
                throw new IOException("Salesforce answered a CSV whose quoted field at character " + open
                        + " is never closed");
            }
            if (quote + 1 < text.length() && text.charAt(quote + 1) == '"') {
                if (value == null) {
                    value = new StringBuilder();
                }
                value.append(text, start, quote + 1);
                pos = quote + 2;
                start = pos;
                continue;
            }
            pos = quote + 1;
            if (pos < text.length() && ",\r\n".indexOf(text.charAt(pos)) < 0) {
                throw new IOException("Salesforce answered a CSV with '" + text.charAt(pos) + "' after the quoted"
                        + " field at character " + open);
            }
            if (value == null) {
                return quote == start ? null : text.substring(start, quote);
            }
            return value.append(text, start, quote).toString();
        }
    }
}
