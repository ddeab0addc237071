package io.github.resultexport.embulk.output.sfdc.client;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.sforce.async.CSVReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;

public class CsvReplyTest {
    @Test
    public void readsBatchResults() throws IOException {
        String csv = "\"Id\",\"Success\",\"Created\",\"Error\"\n"
                + "\"001000000000001AAA\",\"true\",\"true\",\"\"\n"
                + "\"\",\"false\",\"false\",\"REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --\"\n";
        assertEquals(Arrays.asList(
                Arrays.asList("Id", "Success", "Created", "Error"),
                Arrays.asList("001000000000001AAA", "true", "true", null),
                Arrays.asList(null, "false", "false", "REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --")),
                CsvReply.parse(csv));
    }

    @Test
    public void readsQuotedCommasQuotesAndLineBreaksAsForceWscDoes() throws IOException {
        String csv = "\"Id\",\"Name\",\"Note\"\r\n"
                + "\"a01\",\"Smith, \"\"Jo\"\"\",\"two\nlines, and a comma\"\r\n"
                + "a02,plain,\r\n"
                + "\"a03\",\"Zürich 東京 🙂\",\"\"\"\"\n"
                + "\"a04\",,\"\"\n";
        List<List<String>> ours = CsvReply.parse(csv);
        assertEquals(5, ours.size());
        assertEquals(Arrays.asList("a01", "Smith, \"Jo\"", "two\nlines, and a comma"), ours.get(1));
        assertEquals(Arrays.asList("a02", "plain", null), ours.get(2));
        assertEquals(Arrays.asList("a03", "Zürich 東京 🙂", "\""), ours.get(3));
        assertEquals(Arrays.asList("a04", null, null), ours.get(4));
        assertEquals(forceWsc(csv), ours);
    }

    @Test
    public void keepsACarriageReturnInsideQuotes() throws IOException {
        assertEquals(Arrays.asList(Arrays.asList("Note"), Arrays.asList("a\r\nb")),
                CsvReply.parse("\"Note\"\r\n\"a\r\nb\"\r\n"));
    }

    @Test
    public void emptyReplyHasNoRows() throws IOException {
        assertTrue(CsvReply.parse("").isEmpty());
    }

    @Test
    public void refusesAnUnclosedQuote() {
        IOException e = assertThrows(IOException.class, () -> CsvReply.parse("\"Id\"\n\"001,true\n"));
        assertTrue(e.getMessage(), e.getMessage().contains("never closed"));
    }

    @Test
    public void refusesTextAfterAClosingQuote() {
        IOException e = assertThrows(IOException.class, () -> CsvReply.parse("\"Id\"x,\"Success\"\n"));
        assertTrue(e.getMessage(), e.getMessage().contains("after the quoted field"));
    }

    private static List<List<String>> forceWsc(String csv) throws IOException {
        CSVReader reader = new CSVReader(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "UTF-8");
        List<List<String>> rows = new ArrayList<>();
        List<String> row;
        while ((row = reader.nextRecord()) != null) {
            rows.add(row);
        }
        return rows;
    }
}
