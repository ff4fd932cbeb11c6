package io.shoaldb.sql.exec;

import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * json and jsonb values. Both are held as text at run time and in storage: json as its input (after a
 * validity check), jsonb in PostgreSQL's normalised form — object keys ordered by length then bytes,
 * duplicates resolved last-wins, numbers as numeric prints them, one space after ':' and ','. The
 * operators parse that text into a small tree: {@code Map} (ordered as jsonb orders keys), {@code List},
 * {@code String}, {@code BigDecimal}, {@code Boolean} and {@link #NULL}.
 */
public final class JsonValue {
    /** JSON null (Java null stands for SQL NULL). */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** Bound on nesting, as PostgreSQL's stack-depth limit bounds it. */
    private static final int MAX_DEPTH = 1000;

    /** jsonb's key order: shorter keys first, then by bytes (code points, which UTF-8 preserves). */
    private static final java.util.Comparator<String> KEY_ORDER = (a, b) -> {
        int la = a.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        int lb = b.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        return la != lb ? Integer.compare(la, lb) : Values.compareText(a, b);
    };

    private final String text;
    private int pos;

    private JsonValue(String text) {
        this.text = text;
    }

    /** Checks json input; returns it unchanged (json keeps its text). */
    public static String validateJson(String text) {
        parse(text, "json");
        return text;
    }

    /** Parses json text into the tree, with PostgreSQL's 22P02 error on bad input. */
    public static Object parse(String text) {
        return parse(text, "json");
    }

    private static Object parse(String text, String typeName) {
        JsonValue p = new JsonValue(text);
        p.skipSpace();
        Object v = p.value(0, typeName);
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.invalid(typeName, "Expected end of input, but found \"" + p.token() + "\".");
        }
        return v;
    }

    /** jsonb input: parse and print in PostgreSQL's normalised form. */
    public static String normalize(String text) {
        return print(parse(text, "json"));
    }

    // ---- parsing ----

    private Object value(int depth, String typeName) {
        if (depth > MAX_DEPTH) {
            throw new SqlException(SqlState.PROGRAM_LIMIT_EXCEEDED, "stack depth limit exceeded");
        }
        if (pos >= text.length()) {
            throw invalid(typeName, "The input string ended unexpectedly.");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{': {
                pos++;
                Map<String, Object> map = new TreeMap<>(KEY_ORDER);
                skipSpace();
                if (peek() == '}') {
                    pos++;
                    return map;
                }
                while (true) {
                    skipSpace();
                    if (peek() != '"') {
                        throw invalid(typeName, pos >= text.length() ? "The input string ended unexpectedly."
                                : "Expected string or \"}\", but found \"" + token() + "\".");
                    }
                    String key = string(typeName);
                    skipSpace();
                    if (peek() != ':') {
                        throw invalid(typeName, pos >= text.length() ? "The input string ended unexpectedly."
                                : "Expected \":\", but found \"" + token() + "\".");
                    }
                    pos++;
                    skipSpace();
                    map.put(key, value(depth + 1, typeName));
                    skipSpace();
                    char d = peek();
                    pos++;
                    if (d == '}') {
                        return map;
                    }
                    if (d != ',') {
                        pos--;
                        throw invalid(typeName, pos >= text.length() ? "The input string ended unexpectedly."
                                : "Expected \",\" or \"}\", but found \"" + token() + "\".");
                    }
                }
            }
            case '[': {
                pos++;
                List<Object> list = new ArrayList<>();
                skipSpace();
                if (peek() == ']') {
                    pos++;
                    return list;
                }
                while (true) {
                    skipSpace();
                    list.add(value(depth + 1, typeName));
                    skipSpace();
                    char d = peek();
                    pos++;
                    if (d == ']') {
                        return list;
                    }
                    if (d != ',') {
                        pos--;
                        throw invalid(typeName, pos >= text.length() ? "The input string ended unexpectedly."
                                : "Expected \",\" or \"]\", but found \"" + token() + "\".");
                    }
                }
            }
            case '"':
                return string(typeName);
            default: {
                String t = token();
                pos += t.length();
                switch (t) {
                    case "true":
                        return Boolean.TRUE;
                    case "false":
                        return Boolean.FALSE;
                    case "null":
                        return NULL;
                    default:
                        if (t.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
                            BigDecimal d = new BigDecimal(t);
                            return d.scale() < 0 ? d.setScale(0) : d;
                        }
                        pos -= t.length();
                        throw invalid(typeName, "Token \"" + t + "\" is invalid.");
                }
            }
        }
    }

    private String string(String typeName) {
        pos++; // opening quote
        StringBuilder b = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw invalid(typeName, "The input string ended unexpectedly.");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return b.toString();
            }
            if (c < 0x20) {
                throw invalid(typeName, "Character with value 0x" + String.format("%02x", (int) c) + " must be escaped.");
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw invalid(typeName, "The input string ended unexpectedly.");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length() || !text.substring(pos, pos + 4).matches("[0-9a-fA-F]{4}")) {
                        throw invalid(typeName, "\"\\u\" must be followed by four hexadecimal digits.");
                    }
                    char u = (char) Integer.parseInt(text.substring(pos, pos + 4), 16);
                    if (u == 0) {
                        throw new SqlException(SqlState.UNTRANSLATABLE_CHARACTER, "unsupported Unicode escape sequence");
                    }
                    b.append(u);
                    pos += 4;
                }
                default -> throw invalid(typeName, "Escape sequence \"\\" + e + "\" is invalid.");
            }
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    /** The token at pos as PostgreSQL's lexer would cut it (a punctuation char or a run of word chars). */
    private String token() {
        if (pos >= text.length()) {
            return "";
        }
        char c = text.charAt(pos);
        if ("{}[],:\"".indexOf(c) >= 0) {
            return String.valueOf(c);
        }
        int end = pos;
        while (end < text.length() && "{}[],:\" \t\n\r".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        return text.substring(pos, end);
    }

    private SqlException invalid(String typeName, String detail) {
        return new SqlException(SqlState.INVALID_TEXT_REPRESENTATION, "invalid input syntax for type " + typeName)
                .withDetail(detail);
    }

    // ---- printing (jsonb's output format) ----

    public static String print(Object v) {
        StringBuilder b = new StringBuilder();
        print(b, v);
        return b.toString();
    }

    private static void print(StringBuilder b, Object v) {
        switch (v) {
            case Map<?, ?> m -> {
                b.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) {
                        b.append(", ");
                    }
                    first = false;
                    quote(b, (String) e.getKey());
                    b.append(": ");
                    print(b, e.getValue());
                }
                b.append('}');
            }
            case List<?> l -> {
                b.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) {
                        b.append(", ");
                    }
                    print(b, l.get(i));
                }
                b.append(']');
            }
            case String s -> quote(b, s);
            case BigDecimal d -> b.append(d.toPlainString());
            case Boolean x -> b.append(x ? "true" : "false");
            default -> b.append("null");
        }
    }

    /** A JSON string literal with PostgreSQL's escapes. */
    public static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    // ---- operators ----

    /** {@code ->}: object field by key or array element by index (negative counts from the end); else null. */
    public static Object get(Object tree, Object key) {
        if (key instanceof String k) {
            return tree instanceof Map<?, ?> m ? m.get(k) : null;
        }
        if (tree instanceof List<?> l && key instanceof Number n) {
            long i = n.longValue();
            if (i < 0) {
                i += l.size();
            }
            return i >= 0 && i < l.size() ? l.get((int) i) : null;
        }
        return null;
    }

    /** {@code #>}: the value at a path of keys/indexes (text elements; numeric ones index arrays). */
    public static Object path(Object tree, List<?> path) {
        Object cur = tree;
        for (Object step : path) {
            if (cur == null || step == null) {
                return null;
            }
            String s = step.toString();
            if (cur instanceof List<?>) {
                try {
                    cur = get(cur, Long.parseLong(s.strip()));
                } catch (NumberFormatException e) {
                    return null;
                }
            } else {
                cur = get(cur, s);
            }
        }
        return cur;
    }

    /** ->> and #>>: a string's own text, null for JSON null, else the value's JSON text. */
    public static String asText(Object v) {
        if (v == null || v == NULL) {
            return null;
        }
        return v instanceof String s ? s : print(v);
    }

    /** jsonb_typeof / json_typeof. */
    public static String typeOf(Object v) {
        return switch (v) {
            case Map<?, ?> m -> "object";
            case List<?> l -> "array";
            case String s -> "string";
            case BigDecimal d -> "number";
            case Boolean b -> "boolean";
            default -> "null";
        };
    }

    /** {@code @>}: PostgreSQL's jsonb containment. */
    public static boolean contains(Object a, Object b) {
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            for (Map.Entry<?, ?> e : y.entrySet()) {
                if (!x.containsKey(e.getKey()) || !contains(x.get(e.getKey()), e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            for (Object want : y) {
                boolean found = false;
                for (Object have : x) {
                    if (contains(have, want)) {
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> x && !(b instanceof Map<?, ?>) && !(b instanceof List<?>)) {
            // a top-level array contains a scalar it has as an element
            for (Object have : x) {
                if (!(have instanceof Map<?, ?>) && !(have instanceof List<?>) && scalarEquals(have, b)) {
                    return true;
                }
            }
            return false;
        }
        return scalarEquals(a, b);
    }

    private static boolean scalarEquals(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        if (a instanceof Map<?, ?> || a instanceof List<?> || b instanceof Map<?, ?> || b instanceof List<?>) {
            return false;
        }
        return a.equals(b);
    }

    /** {@code ?}: a key of an object, or a string element of an array, or the string itself. */
    public static boolean hasKey(Object tree, String key) {
        return switch (tree) {
            case Map<?, ?> m -> m.containsKey(key);
            case List<?> l -> l.contains(key);
            case String s -> s.equals(key);
            default -> false;
        };
    }

    /** A JSON value for a SQL value, as to_jsonb does for the types ShoalDB has. */
    public static Object fromSql(Object v, boolean isJsonText) {
        if (v == null) {
            return NULL;
        }
        if (isJsonText) {
            return parse((String) v);
        }
        return switch (v) {
            case Boolean b -> b;
            case Short s -> BigDecimal.valueOf(s);
            case Integer i -> BigDecimal.valueOf(i);
            case Long l -> BigDecimal.valueOf(l);
            case BigDecimal d -> d;
            case Float f -> Float.isFinite(f) ? new BigDecimal(Values.format(f).replace("e+", "E")) : Values.format(f);
            case Double d -> Double.isFinite(d) ? new BigDecimal(Values.format(d).replace("e+", "E")) : Values.format(d);
            case List<?> l -> {
                List<Object> out = new ArrayList<>();
                for (Object e : l) {
                    out.add(fromSql(e, false));
                }
                yield Collections.unmodifiableList(out);
            }
            default -> Values.format(v);
        };
    }

    /** jsonb_build_object: alternating keys and values; keys must not be null. */
    public static Map<String, Object> buildObject(List<Object> keys, List<Object> values) {
        Map<String, Object> out = new TreeMap<>(KEY_ORDER);
        for (int i = 0; i < keys.size(); i++) {
            Object k = keys.get(i);
            if (k == null) {
                throw new SqlException(SqlState.NULL_VALUE_NOT_ALLOWED, "argument " + (2 * i + 1)
                        + ": key must not be null");
            }
            out.put(k instanceof String s ? s : Values.format(k), values.get(i));
        }
        return out;
    }

    /** json_build_object's text: keys in argument order, duplicates kept, PostgreSQL's json spacing. */
    public static String buildJsonObjectText(List<Object> keys, List<Object> values) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < keys.size(); i++) {
            Object k = keys.get(i);
            if (k == null) {
                throw new SqlException(SqlState.NULL_VALUE_NOT_ALLOWED, "argument " + (2 * i + 1)
                        + ": key must not be null");
            }
            if (i > 0) {
                b.append(", ");
            }
            quote(b, k instanceof String s ? s : Values.format(k));
            b.append(" : ");
            b.append(print(values.get(i)));
        }
        return b.append('}').toString();
    }
}
