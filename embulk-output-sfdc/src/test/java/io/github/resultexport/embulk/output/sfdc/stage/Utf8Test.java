package io.github.resultexport.embulk.output.sfdc.stage;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.Test;

public class Utf8Test {
    @Test
    public void sameBytesAsStringGetBytes() {
        String[] samples = {"", "plain ascii, \"quoted\"\n", "Zürich señor déjà", "Москва", "東京都", "🙂 and 𝄞",
            "lone \uD83D high", "lone \uDE42 low", "\uDE42\uD83D reversed", "end \uD83D", "\u07FF\u0800\uFFFF"};
        for (String s : samples) {
            check(s);
        }
        SplittableRandom random = new SplittableRandom(3);
        char[] pool = {'a', 'Z', '"', ',', '\n', 'é', 'ß', 'Ж', '東', '\u0800', '\uFFFD', '\uD83D', '\uDE42', '\u007F',
            '\u0080'};
        for (int i = 0; i < 20_000; i++) {
            char[] cs = new char[random.nextInt(40)];
            for (int j = 0; j < cs.length; j++) {
                cs[j] = random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : pool[random.nextInt(pool.length)];
            }
            check(new String(cs));
        }
    }

    @Test
    public void encodesFromABuilderAtAnOffset() {
        StringBuilder line = new StringBuilder("\"Zürich 🙂\",\"x\"\n");
        byte[] out = new byte[40];
        Arrays.fill(out, (byte) 7);
        Utf8.encode(line, out, 5);
        byte[] expected = line.toString().getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(expected, Arrays.copyOfRange(out, 5, 5 + expected.length));
        assertEquals(7, out[4]);
        assertEquals(7, out[5 + expected.length]);
    }

    private static void check(String s) {
        byte[] expected = s.getBytes(StandardCharsets.UTF_8);
        assertEquals(s, expected.length, Utf8.length(s));
        byte[] out = new byte[expected.length];
        Utf8.encode(new StringBuilder(s), out, 0);
        assertArrayEquals(s, expected, out);
    }
}
