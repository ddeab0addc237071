package io.github.resultexport.embulk.output.common;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * RFC 3986 percent-encoding in UTF-8. {@code +} is an ordinary character here (it is not a space), because
 * passwords and AWS secret keys often contain it.
 */
final class PercentEncoding {
    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();
    private static final char[] LOWER_HEX = "0123456789abcdef".toCharArray();
    private static final String UNRESERVED_PUNCTUATION = "-._~";
    private static final String USERINFO_PUNCTUATION = "-._~!$&'()*+,;=";

    private PercentEncoding() {
    }

    /**
     * Decodes {@code %XX} sequences as UTF-8.
     *
     * @throws IllegalArgumentException on a truncated or non-hex escape, or bytes that are not UTF-8; the message
     *     never quotes the input (it may be a secret)
     */
    static String decode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    throw new IllegalArgumentException("a '%' is not followed by two hex digits");
                }
                int high = Character.digit(text.charAt(i + 1), 16);
                int low = Character.digit(text.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new IllegalArgumentException("a '%' is not followed by two hex digits");
                }
                bytes.write((high << 4) | low);
                i += 3;
            } else {
                int end = i;
                while (end < text.length() && text.charAt(end) != '%') {
                    end++;
                }
                byte[] plain = text.substring(i, end).getBytes(StandardCharsets.UTF_8);
                bytes.write(plain, 0, plain.length);
                i = end;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the percent-escapes do not form UTF-8 text");
        }
    }

    /** Encodes every character except {@code A-Z a-z 0-9 - . _ ~}, with upper-case hex digits. */
    static String encodeAll(String text) {
        return encode(text, UNRESERVED_PUNCTUATION, UPPER_HEX);
    }

    /** Like {@link #encodeAll(String)} with lower-case hex digits, as some clients write them. */
    static String encodeAllLowerCase(String text) {
        return encode(text, UNRESERVED_PUNCTUATION, LOWER_HEX);
    }

    /** Encodes only what user info cannot hold as is ({@code @ : / ? # %}, spaces, non-ASCII, ...). */
    static String encodeForUserInfo(String text) {
        return encode(text, USERINFO_PUNCTUATION, UPPER_HEX);
    }

    private static String encode(String text, String keptPunctuation, char[] hex) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || keptPunctuation.indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(hex[c >> 4]).append(hex[c & 0xF]);
            }
        }
        return out.toString();
    }
}
