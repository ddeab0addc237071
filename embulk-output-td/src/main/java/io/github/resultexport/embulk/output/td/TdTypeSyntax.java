package io.github.resultexport.embulk.output.td;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The syntax of a TD column type as written in {@code column_options.<column>.type}: a primitive ({@code int},
 * {@code long}, {@code float}, {@code double}, {@code string}; TD has no boolean type), {@code array<T>} or
 * {@code map<K,V>}, nested freely, case-insensitive, spaces allowed around the punctuation.
 */
final class TdTypeSyntax {
    private static final Set<String> PRIMITIVES =
            new HashSet<>(Arrays.asList("int", "long", "float", "double", "string"));

    private final String text;
    private int pos;

    private TdTypeSyntax(String text) {
        this.text = text.toLowerCase(Locale.ROOT);
    }

    static boolean isValid(String type) {
        if (type == null) {
            return false;
        }
        TdTypeSyntax parser = new TdTypeSyntax(type);
        boolean ok = parser.type();
        parser.skipSpaces();
        return ok && parser.pos == parser.text.length();
    }

    private boolean type() {
        skipSpaces();
        String word = word();
        if (PRIMITIVES.contains(word)) {
            return true;
        }
        if (word.equals("array")) {
            return expect('<') && type() && expect('>');
        }
        if (word.equals("map")) {
            return expect('<') && type() && expect(',') && type() && expect('>');
        }
        return false;
    }

    private String word() {
        int start = pos;
        while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private boolean expect(char c) {
        skipSpaces();
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipSpaces() {
        while (pos < text.length() && text.charAt(pos) == ' ') {
            pos++;
        }
    }
}
