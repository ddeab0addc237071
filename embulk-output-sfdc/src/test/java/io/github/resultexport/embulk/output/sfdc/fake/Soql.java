package io.github.resultexport.embulk.output.sfdc.fake;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SOQL the fake understands, checked against the org's objects as Salesforce checks it:
 *
 * <pre>
 * SELECT &lt;field&gt;[, &lt;field&gt;…] FROM &lt;object&gt;
 *     [WHERE &lt;field&gt; = &lt;literal&gt; | WHERE &lt;field&gt; IN (&lt;literal&gt;[, &lt;literal&gt;…])]
 * </pre>
 *
 * Keywords, field and object names are case-insensitive. Literals: strings in single quotes with SOQL's backslash
 * escapes ({@code \' \" \\ \n \r \t \b \f \_ \%}, and a backslash, {@code u} and four hex digits), numbers,
 * {@code true}, {@code false}, {@code null}, dates ({@code 2024-01-31}) and dateTimes ({@code 2024-01-31T12:00:00Z},
 * {@code …+09:00}). A literal must fit the field's type (text in quotes for text and id fields, no quotes
 * otherwise). Text is compared case-insensitively, as Salesforce compares it; ids in their 18-character form.
 *
 * <p>Failures carry Salesforce's exception code and fault type: {@code MALFORMED_QUERY} (MalformedQueryFault) for
 * what does not parse, {@code INVALID_TYPE} (InvalidSObjectFault) for an unknown object, {@code INVALID_FIELD}
 * (InvalidFieldFault) for an unknown field or a literal of the wrong type, and a message laid out as Salesforce lays
 * it out (the query line, a caret under the offending token, {@code ERROR at Row:r:Column:c}, the problem). The
 * unknown object and unknown field problems are Salesforce's wording; the others are close to it, not known to be
 * verbatim. A malformed id literal is {@code INVALID_QUERY_FILTER_OPERATOR} "invalid ID field: …" as Salesforce
 * says it; that it comes as a MalformedQueryFault is this fake's choice. SOQL that Salesforce accepts but this fake
 * does not (AND/OR, other operators, ORDER BY, LIMIT, functions, relationship fields, subqueries) is a
 * {@code MALFORMED_QUERY} whose message says so.
 */
final class Soql {
    static final String MALFORMED = "MalformedQueryFault";
    static final String INVALID_FIELD = "InvalidFieldFault";
    static final String INVALID_TYPE = "InvalidSObjectFault";

    private static final String SUPPORTED = "this fake supports only SELECT <fields> FROM <object> [WHERE <field> ="
            + " <literal> | WHERE <field> IN (<literals>)]";
    /** Words and symbols of SOQL that Salesforce accepts where this fake stops. */
    private static final Set<String> UNSUPPORTED = Set.of("AND", "OR", "NOT", "LIKE", "INCLUDES", "EXCLUDES",
            "ORDER", "GROUP", "HAVING", "LIMIT", "OFFSET", "WITH", "FOR", "USING", "TYPEOF", "SCOPE", "ALL", "UPDATE",
            "<", ">", "<=", ">=", "!=", "<>", ".", "(", ":");
    /** Words that are never a field or object name. */
    private static final Set<String> RESERVED = Set.of("SELECT", "FROM", "WHERE", "IN", "AND", "OR", "NOT", "LIKE");
    private static final Pattern IDENT = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern DATETIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?(Z|[+-]\\d{2}:\\d{2})");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d+)?|\\.\\d+)");

    private Soql() {
    }

    /** A query that failed to parse or to check: the fault Salesforce answers with. */
    static final class Failure extends Exception {
        final String faultType;
        final String exceptionCode;
        final int row;
        final int column;

        private Failure(String faultType, String exceptionCode, String message, int row, int column) {
            super(message, null, false, false);
            this.faultType = faultType;
            this.exceptionCode = exceptionCode;
            this.row = row;
            this.column = column;
        }
    }

    /** A failure at {@code offset} of the query text, its message laid out as Salesforce's. */
    static Failure failure(String soql, int offset, String faultType, String exceptionCode, String problem) {
        int lineStart = soql.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
        if (offset == 0) {
            lineStart = 0;
        }
        int row = 1;
        for (int i = 0; i < lineStart; i++) {
            if (soql.charAt(i) == '\n') {
                row++;
            }
        }
        int lineEnd = soql.indexOf('\n', lineStart);
        String line = soql.substring(lineStart, lineEnd < 0 ? soql.length() : lineEnd);
        int column = offset - lineStart + 1;
        String message = "\n" + line + "\n" + " ".repeat(column - 1) + "^\nERROR at Row:" + row + ":Column:" + column
                + "\n" + problem;
        return new Failure(faultType, exceptionCode, message, row, column);
    }

    /** A checked query: the object, the selected fields in the order given, and the filter. */
    record Select(SObjectDef object, List<FieldDef> fields, FieldDef whereField, List<Object> whereValues) {
        /** Whether a record (field name → typed value) passes the WHERE clause. */
        boolean matches(Map<String, Object> record) {
            if (whereField == null) {
                return true;
            }
            Object actual = record.get(whereField.name);
            for (Object wanted : whereValues) {
                if (wanted == null ? actual == null : actual != null && same(actual, wanted)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean same(Object actual, Object wanted) {
            if (actual instanceof String && wanted instanceof String) {
                return ((String) actual).equalsIgnoreCase((String) wanted);
            }
            if (actual instanceof Number && wanted instanceof Number) {
                return ((Number) actual).doubleValue() == ((Number) wanted).doubleValue();
            }
            return actual.equals(wanted);
        }
    }

    /** Parses and checks a query against the objects ({@code objects} answers null for an unknown name). */
    static Select compile(String soql, Function<String, SObjectDef> objects) throws Failure {
        Parsed q = new Parser(soql).parse();
        SObjectDef def = objects.apply(q.object.text);
        if (def == null) {
            throw failure(soql, q.object.offset, INVALID_TYPE, "INVALID_TYPE", "sObject type '" + q.object.text
                    + "' is not supported. If you are attempting to use a custom object, be sure to append the"
                    + " '__c' after the entity name. Please reference your WSDL or the describe call for the"
                    + " appropriate names.");
        }
        List<FieldDef> fields = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Token name : q.fields) {
            FieldDef f = field(soql, def, name);
            if (!seen.add(f.name)) {
                throw failure(soql, name.offset, MALFORMED, "MALFORMED_QUERY", "duplicate field selected: " + f.name);
            }
            fields.add(f);
        }
        if (q.whereField == null) {
            return new Select(def, List.copyOf(fields), null, List.of());
        }
        FieldDef whereField = field(soql, def, q.whereField);
        List<Object> values = new ArrayList<>();
        for (Token literal : q.whereValues) {
            values.add(value(soql, whereField, literal));
        }
        return new Select(def, List.copyOf(fields), whereField, values);
    }

    private static FieldDef field(String soql, SObjectDef def, Token name) throws Failure {
        FieldDef f = def.fieldOrNull(name.text);
        if (f == null) {
            throw failure(soql, name.offset, INVALID_FIELD, "INVALID_FIELD", "No such column '" + name.text
                    + "' on entity '" + def.name + "'. If you are attempting to use a custom field, be sure to append"
                    + " the '__c' after the custom field name. Please reference your WSDL or the describe call for"
                    + " the appropriate names.");
        }
        return f;
    }

    /** The typed value of a literal compared with a field, as records hold it. */
    private static Object value(String soql, FieldDef f, Token literal) throws Failure {
        if (literal.kind == Kind.NULL) {
            return null;
        }
        boolean quoted = f.type == FieldType.STRING || f.type == FieldType.ID || f.type == FieldType.REFERENCE;
        Kind wanted;
        switch (f.type) {
            case STRING:
            case ID:
            case REFERENCE:
                wanted = Kind.STRING;
                break;
            case INT:
            case DOUBLE:
                wanted = Kind.NUMBER;
                break;
            case BOOLEAN:
                wanted = Kind.BOOLEAN;
                break;
            case DATE:
                wanted = Kind.DATE;
                break;
            case DATETIME:
                wanted = Kind.DATETIME;
                break;
            default:
                throw new IllegalStateException("type " + f.type);
        }
        if (literal.kind != wanted) {
            throw failure(soql, literal.offset, INVALID_FIELD, "INVALID_FIELD", "value of filter criterion for"
                    + " field '" + f.name + "' must be of type " + f.type.wireName + " and should "
                    + (quoted ? "" : "not ") + "be enclosed in quotes");
        }
        if (f.type == FieldType.ID || f.type == FieldType.REFERENCE) {
            String id = Ids.normalize((String) literal.value);
            if (id == null) {
                throw failure(soql, literal.offset, MALFORMED, "INVALID_QUERY_FILTER_OPERATOR",
                        "invalid ID field: " + literal.value);
            }
            return id;
        }
        return literal.value;
    }

    // ---------------------------------------------------------------- parsing

    private enum Kind { WORD, STRING, NUMBER, BOOLEAN, NULL, DATE, DATETIME, SYMBOL, EOF }

    /** A token: its kind, text as written, value (unescaped string, BigDecimal, Boolean, LocalDate, Instant). */
    private record Token(Kind kind, String text, Object value, int offset) {
        boolean is(String keyword) {
            return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
        }

        boolean isSymbol(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }
    }

    private record Parsed(List<Token> fields, Token object, Token whereField, List<Token> whereValues) {
    }

    private static final class Parser {
        private final String soql;
        private final List<Token> tokens;
        private int next;

        Parser(String soql) throws Failure {
            this.soql = soql;
            this.tokens = tokenize(soql);
        }

        Parsed parse() throws Failure {
            keyword("SELECT");
            List<Token> fields = new ArrayList<>();
            fields.add(name());
            while (peek().isSymbol(",")) {
                next++;
                fields.add(name());
            }
            keyword("FROM");
            Token object = name();
            Token whereField = null;
            List<Token> values = new ArrayList<>();
            if (peek().is("WHERE")) {
                next++;
                whereField = name();
                Token op = take();
                if (op.isSymbol("=")) {
                    values.add(literal());
                } else if (op.is("IN")) {
                    symbol("(");
                    values.add(literal());
                    while (peek().isSymbol(",")) {
                        next++;
                        values.add(literal());
                    }
                    symbol(")");
                } else {
                    throw unexpected(op);
                }
            }
            Token end = take();
            if (end.kind != Kind.EOF) {
                throw unexpected(end);
            }
            return new Parsed(fields, object, whereField, values);
        }

        private Token peek() {
            return tokens.get(next);
        }

        private Token take() {
            Token t = tokens.get(next);
            if (t.kind != Kind.EOF) {
                next++;
            }
            return t;
        }

        private void keyword(String keyword) throws Failure {
            Token t = take();
            if (!t.is(keyword)) {
                throw unexpected(t);
            }
        }

        private void symbol(String symbol) throws Failure {
            Token t = take();
            if (!t.isSymbol(symbol)) {
                throw unexpected(t);
            }
        }

        /** A field or object name: a word that is no keyword of the grammar above. */
        private Token name() throws Failure {
            Token t = take();
            if (t.kind != Kind.WORD || RESERVED.contains(t.text.toUpperCase(Locale.ROOT))) {
                throw unexpected(t);
            }
            if (peek().isSymbol(".") || peek().isSymbol("(")) {
                throw unexpected(peek());
            }
            return t;
        }

        private Token literal() throws Failure {
            Token t = take();
            switch (t.kind) {
                case STRING:
                case NUMBER:
                case BOOLEAN:
                case NULL:
                case DATE:
                case DATETIME:
                    return t;
                default:
                    throw unexpected(t);
            }
        }

        private Failure unexpected(Token t) {
            String shown = t.kind == Kind.EOF ? "<EOF>" : t.text;
            String problem = "unexpected token: '" + shown + "'";
            if (t.kind != Kind.EOF && UNSUPPORTED.contains(t.text.toUpperCase(Locale.ROOT))) {
                problem += " (Salesforce may accept this; " + SUPPORTED + ")";
            }
            return failure(soql, t.offset, MALFORMED, "MALFORMED_QUERY", problem);
        }

        private static List<Token> tokenize(String soql) throws Failure {
            List<Token> out = new ArrayList<>();
            int i = 0;
            int n = soql.length();
            while (true) {
                while (i < n && Character.isWhitespace(soql.charAt(i))) {
                    i++;
                }
                if (i >= n) {
                    out.add(new Token(Kind.EOF, "", null, n));
                    return out;
                }
                char c = soql.charAt(i);
                if (c == '\'') {
                    int[] end = new int[1];
                    String value = string(soql, i, end);
                    out.add(new Token(Kind.STRING, soql.substring(i, end[0]), value, i));
                    i = end[0];
                    continue;
                }
                Matcher ident = IDENT.matcher(soql).region(i, n);
                if (ident.lookingAt()) {
                    String word = ident.group();
                    Kind kind = word.equalsIgnoreCase("true") || word.equalsIgnoreCase("false") ? Kind.BOOLEAN
                            : word.equalsIgnoreCase("null") ? Kind.NULL : Kind.WORD;
                    Object value = kind == Kind.BOOLEAN ? Boolean.valueOf(word.toLowerCase(Locale.ROOT)) : null;
                    out.add(new Token(kind, word, value, i));
                    i = ident.end();
                    continue;
                }
                Token literal = numberOrDate(soql, i);
                if (literal != null) {
                    out.add(literal);
                    i += literal.text.length();
                    continue;
                }
                String symbol = soql.startsWith("<=", i) || soql.startsWith(">=", i) || soql.startsWith("!=", i)
                        || soql.startsWith("<>", i) ? soql.substring(i, i + 2) : String.valueOf(c);
                out.add(new Token(Kind.SYMBOL, symbol, null, i));
                i += symbol.length();
            }
        }

        private static Token numberOrDate(String soql, int i) throws Failure {
            Matcher m = DATETIME.matcher(soql).region(i, soql.length());
            if (m.lookingAt()) {
                try {
                    return new Token(Kind.DATETIME, m.group(), OffsetDateTime.parse(m.group()).toInstant(), i);
                } catch (DateTimeParseException e) {
                    throw failure(soql, i, MALFORMED, "MALFORMED_QUERY", "invalid dateTime: " + m.group());
                }
            }
            m = DATE.matcher(soql).region(i, soql.length());
            if (m.lookingAt()) {
                try {
                    return new Token(Kind.DATE, m.group(), LocalDate.parse(m.group()), i);
                } catch (DateTimeParseException e) {
                    throw failure(soql, i, MALFORMED, "MALFORMED_QUERY", "invalid date: " + m.group());
                }
            }
            m = NUMBER.matcher(soql).region(i, soql.length());
            if (m.lookingAt()) {
                return new Token(Kind.NUMBER, m.group(), new BigDecimal(m.group()), i);
            }
            return null;
        }

        /** The value of the string literal starting at {@code start}; {@code end[0]} is set past its closing quote. */
        private static String string(String soql, int start, int[] end) throws Failure {
            StringBuilder sb = new StringBuilder();
            int i = start + 1;
            while (i < soql.length()) {
                char c = soql.charAt(i);
                if (c == '\'') {
                    end[0] = i + 1;
                    return sb.toString();
                }
                if (c != '\\') {
                    sb.append(c);
                    i++;
                    continue;
                }
                if (i + 1 >= soql.length()) {
                    break;
                }
                char e = soql.charAt(i + 1);
                switch (e) {
                    case '\'': case '"': case '\\': case '_': case '%':
                        sb.append(e);
                        break;
                    case 'n': case 'N':
                        sb.append('\n');
                        break;
                    case 'r': case 'R':
                        sb.append('\r');
                        break;
                    case 't': case 'T':
                        sb.append('\t');
                        break;
                    case 'b': case 'B':
                        sb.append('\b');
                        break;
                    case 'f': case 'F':
                        sb.append('\f');
                        break;
                    case 'u':
                        if (i + 6 <= soql.length() && soql.substring(i + 2, i + 6).matches("[0-9A-Fa-f]{4}")) {
                            sb.append((char) Integer.parseInt(soql.substring(i + 2, i + 6), 16));
                            i += 6;
                            continue;
                        }
                        // fall through: u without four hex digits is an illegal sequence
                    default:
                        throw failure(soql, start, MALFORMED, "MALFORMED_QUERY", "Invalid string literal '"
                                + soql.substring(start + 1, Math.min(soql.length(), i + 2)) + "'. Illegal character"
                                + " sequence '\\" + e + "' in string literal.");
                }
                i += 2;
            }
            throw failure(soql, start, MALFORMED, "MALFORMED_QUERY", "unterminated string literal: the closing quote"
                    + " is missing");
        }
    }
}
