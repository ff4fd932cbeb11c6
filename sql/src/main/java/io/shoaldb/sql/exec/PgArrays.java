package io.shoaldb.sql.exec;

import io.shoaldb.sql.catalog.PgType;
import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * One-dimensional arrays: unmodifiable {@code List}s of element values (nulls allowed), with
 * PostgreSQL's text format ({@code {1,NULL,"a b"}}), 1-based subscripts and its ordering. The one
 * implementation of array text: pgwire's codec calls {@link #format} and {@link #parse} too.
 */
public final class PgArrays {
    /** Bound on elements, as PostgreSQL's MaxAllocSize bounds an array. */
    public static final int MAX_ELEMENTS = 134_217_727;

    private PgArrays() {
    }

    /** An unmodifiable list that may hold nulls. */
    public static List<Object> of(Object[] elements) {
        if (elements.length > MAX_ELEMENTS) {
            throw new SqlException(SqlState.PROGRAM_LIMIT_EXCEEDED, "array size exceeds the maximum allowed ("
                    + MAX_ELEMENTS + ")");
        }
        return Collections.unmodifiableList(Arrays.asList(elements));
    }

    /** PostgreSQL's array output: elements quoted when empty, "NULL", or containing {}," \ or space. */
    public static String format(List<?> list, Function<Object, String> element) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            Object v = list.get(i);
            if (v == null) {
                b.append("NULL");
                continue;
            }
            String s = element.apply(v);
            if (needsQuotes(s)) {
                b.append('"');
                for (int j = 0; j < s.length(); j++) {
                    char c = s.charAt(j);
                    if (c == '"' || c == '\\') {
                        b.append('\\');
                    }
                    b.append(c);
                }
                b.append('"');
            } else {
                b.append(s);
            }
        }
        return b.append('}').toString();
    }

    private static boolean needsQuotes(String s) {
        if (s.isEmpty() || s.equalsIgnoreCase("NULL")) {
            return true;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{' || c == '}' || c == ',' || c == '"' || c == '\\' || c == ' ' || c == '\t' || c == '\n'
                    || c == '\r' || c == '\f' || c == 0x0B) {
                return true;
            }
        }
        return false;
    }

    /** Parses PostgreSQL's array input; {@code element} converts each non-null element's text. */
    public static List<Object> parse(String text, Function<String, Object> element) {
        String s = text.strip();
        if (s.isEmpty() || s.charAt(0) != '{') {
            throw malformed(text, "Array value must start with \"{\" or dimension information.");
        }
        List<Object> out = new ArrayList<>();
        int i = 1;
        int n = s.length();
        i = skipSpace(s, i);
        if (i < n && s.charAt(i) == '}') {
            if (skipSpace(s, i + 1) != n) {
                throw malformed(text, "Junk after closing right brace.");
            }
            return of(out.toArray());
        }
        while (true) {
            i = skipSpace(s, i);
            if (i >= n) {
                throw malformed(text, "Unexpected end of input.");
            }
            if (s.charAt(i) == '{') {
                throw SqlException.notSupported("multidimensional arrays");
            }
            StringBuilder e = new StringBuilder();
            boolean quoted = false;
            if (s.charAt(i) == '"') {
                quoted = true;
                i++;
                while (i < n && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    e.append(s.charAt(i++));
                }
                if (i >= n) {
                    throw malformed(text, "Unexpected end of input.");
                }
                i++;
            } else {
                while (i < n && s.charAt(i) != ',' && s.charAt(i) != '}') {
                    char c = s.charAt(i);
                    if (c == '"' || c == '{') {
                        throw malformed(text, "Unexpected \"" + c + "\" character.");
                    }
                    if (c == '\\' && i + 1 < n) {
                        i++;
                    }
                    e.append(s.charAt(i++));
                }
            }
            String value = quoted ? e.toString() : e.toString().strip();
            if (!quoted && value.isEmpty()) {
                throw malformed(text, "Unexpected \"" + (i < n ? s.charAt(i) : '}') + "\" character.");
            }
            out.add(!quoted && value.equalsIgnoreCase("NULL") ? null : element.apply(value));
            i = skipSpace(s, i);
            if (i >= n) {
                throw malformed(text, "Unexpected end of input.");
            }
            char sep = s.charAt(i++);
            if (sep == '}') {
                if (skipSpace(s, i) != n) {
                    throw malformed(text, "Junk after closing right brace.");
                }
                return of(out.toArray());
            }
            if (sep != ',') {
                throw malformed(text, "Unexpected \"" + sep + "\" character.");
            }
        }
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static SqlException malformed(String text, String detail) {
        return new SqlException(SqlState.INVALID_TEXT_REPRESENTATION, "malformed array literal: \"" + text + "\"", detail);
    }

    /** Array order: element by element (NULL above any value), then the shorter array first. */
    public static int compare(List<?> a, List<?> b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            Object x = a.get(i);
            Object y = b.get(i);
            if (x == null || y == null) {
                if (x != y) {
                    return x == null ? 1 : -1;
                }
                continue;
            }
            int c = Values.compare(x, y);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** a[i]: 1-based, NULL outside the array. */
    public static Object subscript(List<?> a, long index) {
        return index >= 1 && index <= a.size() ? a.get((int) (index - 1)) : null;
    }

    /** Text of a value of {@code type} as PostgreSQL prints it, timestamptz in {@code zone}. */
    public static String text(Object v, PgType type, java.time.ZoneId zone) {
        if (v == null) {
            return null;
        }
        if (v instanceof io.shoaldb.sql.pgcatalog.PgArray p && p.vector()) {
            return p.toString(); // the catalog's int2vector/oidvector: space-separated
        }
        if (type.isArray() && v instanceof List<?> l) {
            return format(l, e -> text(e, type.element, zone));
        }
        return switch (type) {
            case DATE -> Values.formatDate((Integer) v);
            case TIMESTAMP -> Values.formatTimestamp((Long) v);
            case TIMESTAMPTZ -> DateTimeText.formatTimestamptz(java.time.OffsetDateTime.ofInstant((java.time.Instant) v, zone), zone);
            default -> Values.format(v);
        };
    }
}
