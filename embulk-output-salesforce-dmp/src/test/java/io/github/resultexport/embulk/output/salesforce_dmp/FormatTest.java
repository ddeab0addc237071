package io.github.resultexport.embulk.output.salesforce_dmp;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.embulk.config.ConfigSource;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The object's lines are exactly the documented format, for a table of cases read from CSV: attributes from the
 * extra columns in column order, the segment list last, nulls and empty values left out, timestamps ISO-8601 UTC,
 * json as text, numbers and booleans as text, unicode, a 254-character value; gzip and {@code compression: none}.
 */
public class FormatTest {
    private static final String V254 = String.join("", Collections.nCopies(254, "é"));

    /** Each case: a CSV line, then the line of the import file. */
    private static final String[][] CASES = {
        {"u1,\"seg1,seg2\",a@example.com,42,2.5,true,2024-03-10 18:30:00.000000 +0900,\"{\"\"a\"\":1,\"\"b\"\":[true,"
                + "null]}\",hello",
            "u1^email:a@example.com;visits:42;score:2.5;active:true;last_seen:2024-03-10T09:30:00Z;"
                + "profile:{\"a\":1,\"b\":[true,null]};note:hello;segment:seg1,seg2"},
        {"u2,s,,,,,,,", "u2^segment:s"},
        {"u3,\"\",\"\",7,,,,,\"\"", "u3^visits:7"},
        {"u4,,,,,,,,", "u4^"},
        {"u5,,,-5,1e20,false,2024-03-10 23:59:59.123456 +0000,,",
            "u5^visits:-5;score:1.0E20;active:false;last_seen:2024-03-10T23:59:59.123456Z"},
        {"ユーザー6,déjà-vu,zoë@example.com,,,,,,日本語 🎉 Zoë",
            "ユーザー6^email:zoë@example.com;note:日本語 🎉 Zoë;segment:déjà-vu"},
        {"u7,,,,,,,," + V254, "u7^note:" + V254},
        {"u8,,,,,,,\"\"\"x:y\"\"\",", "u8^profile:\"x:y\""},
    };
    private static final String[] COLUMNS = {"user_id:string", "td_segment:string", "email:string", "visits:long",
        "score:double", "active:boolean", "last_seen:timestamp:%Y-%m-%d %H:%M:%S.%N %z", "profile:json",
        "note:string"};

    @ClassRule
    public static final S3Server S3 = new S3Server();
    @ClassRule
    public static final DmpEmbulk EMBULK = new DmpEmbulk();
    @Rule
    public TemporaryFolder dir = new TemporaryFolder();

    private ConfigSource in;

    @Before
    public void writeCases() throws Exception {
        S3.clear();
        StringBuilder csv = new StringBuilder();
        for (String[] c : CASES) {
            csv.append(c[0]).append('\n');
        }
        Path file = dir.getRoot().toPath().resolve("cases.csv");
        Files.write(file, csv.toString().getBytes(StandardCharsets.UTF_8));
        in = EMBULK.csv(file.toString(), COLUMNS);
    }

    @Test
    public void gzipFile() throws Exception {
        EMBULK.run(in, EMBULK.out(S3.endpoint()), EMBULK.exec(1));

        String key = DmpEmbulk.dailyKey(DmpEmbulk.DAY);
        byte[] object = S3.bytes(key);
        assertArrayEquals("gzip magic", new byte[] {0x1f, (byte) 0x8b}, Arrays.copyOf(object, 2));
        assertEquals(expectedLines(), S3.lines(key, true));
    }

    @Test
    public void uncompressedFile() throws Exception {
        EMBULK.run(in, EMBULK.out(S3.endpoint()).set("compression", "none")
                .set("file_name", "{client}_first_party_segment.txt"), EMBULK.exec(1));

        String key = DmpEmbulk.CLIENT + "/uploads/" + DmpEmbulk.DAY + "/" + DmpEmbulk.CLIENT
                + "_first_party_segment.txt";
        assertEquals(String.join("\n", expectedLines()) + "\n", new String(S3.bytes(key), StandardCharsets.UTF_8));
    }

    private static List<String> expectedLines() {
        String[] lines = new String[CASES.length];
        for (int i = 0; i < CASES.length; i++) {
            lines[i] = CASES[i][1];
        }
        return Arrays.asList(lines);
    }
}
