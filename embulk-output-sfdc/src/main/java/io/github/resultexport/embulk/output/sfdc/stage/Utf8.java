package io.github.resultexport.embulk.output.sfdc.stage;

/**
 * UTF-8 of a line being built, written straight into a batch: the line is not first copied into a String and then
 * into a byte array of its own. A lone surrogate becomes {@code ?}, as {@code String.getBytes} makes it.
 */
final class Utf8 {
    private Utf8() {
    }

    static int length(CharSequence s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                bytes += 1;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 2;   // 4 bytes for the pair's 2 chars
                i++;
            } else if (Character.isSurrogate(c)) {
                continue;     // '?'
            } else {
                bytes += 2;
            }
        }
        return bytes;
    }

    /** Writes the UTF-8 of {@code s} at {@code at}; the room ({@link #length}) must be there. */
    static void encode(CharSequence s, byte[] out, int at) {
        int n = s.length();
        int p = at;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out[p++] = (byte) c;
            } else if (c < 0x800) {
                out[p++] = (byte) (0xC0 | (c >> 6));
                out[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out[p++] = (byte) (0xF0 | (cp >> 18));
                out[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                out[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[p++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                out[p++] = (byte) '?';
            } else {
                out[p++] = (byte) (0xE0 | (c >> 12));
                out[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }
}
