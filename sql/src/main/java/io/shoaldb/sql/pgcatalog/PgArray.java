package io.shoaldb.sql.pgcatalog;

import io.shoaldb.sql.exec.Values;
import java.util.ArrayList;
import java.util.List;

/**
 * The runtime value of an array (Calcite ARRAY type): elements in order, null elements allowed. A
 * {@code vector} is one of PostgreSQL's int2vector/oidvector catalog types, whose text form is
 * space-separated ({@code 1 2}) where an array's is {@code {1,2}}; both subscript from 1.
 */
public final class PgArray extends java.util.AbstractList<Object> {
    /** Bound on elements built from one literal or function call. */
    public static final int MAX_ELEMENTS = 100_000;

    private final List<Object> elements;
    private final boolean vector;

    public PgArray(List<Object> elements, boolean vector) {
        if (elements.size() > MAX_ELEMENTS) {
            throw new io.shoaldb.sql.error.SqlException("54000", "array size exceeds the maximum allowed ("
                    + MAX_ELEMENTS + ")");
        }
        this.elements = java.util.Collections.unmodifiableList(new ArrayList<>(elements));
        this.vector = vector;
    }

    public List<Object> elements() {
        return elements;
    }

    public boolean vector() {
        return vector;
    }

    /** Any array value (the engine's arrays are lists) as a PgArray. */
    public static PgArray from(Object value) {
        if (value instanceof PgArray p) {
            return p;
        }
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) value;
        return new PgArray(list, false);
    }

    /** The element at {@code index} as SQL subscripts it: from 0 for a vector, from 1 for an array. */
    public Object subscript(long index) {
        return at(vector ? index + 1 : index);
    }

    @Override
    public Object get(int index) {
        return elements.get(index);
    }

    public static PgArray of(List<?> elements) {
        return new PgArray(new ArrayList<>(elements), false);
    }

    public static PgArray vector(List<?> elements) {
        return new PgArray(new ArrayList<>(elements), true);
    }

    /** The element at 1-based {@code index}, or null outside the bounds (as PostgreSQL answers). */
    public Object at(long index) {
        return index < 1 || index > elements.size() ? null : elements.get((int) (index - 1));
    }

    @Override
    public int size() {
        return elements.size();
    }

    /** PostgreSQL's text form. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (!vector) {
            b.append('{');
        }
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                b.append(vector ? ' ' : ',');
            }
            Object e = elements.get(i);
            b.append(e == null ? "NULL" : quote(Values.format(e)));
        }
        if (!vector) {
            b.append('}');
        }
        return b.toString();
    }

    private String quote(String s) {
        if (vector) {
            return s;
        }
        boolean needs = s.isEmpty() || s.equalsIgnoreCase("null");
        for (int i = 0; i < s.length() && !needs; i++) {
            char c = s.charAt(i);
            needs = c == ',' || c == '{' || c == '}' || c == '"' || c == '\\' || Character.isWhitespace(c);
        }
        if (!needs) {
            return s;
        }
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** Parses an array literal's text ({@code {a,"b c",NULL}}) into text elements. */
    public static PgArray parse(String text) {
        String s = text.strip();
        if (s.length() < 2 || s.charAt(0) != '{' || s.charAt(s.length() - 1) != '}') {
            throw new io.shoaldb.sql.error.SqlException("22P02", "malformed array literal: \"" + text + "\"");
        }
        List<Object> out = new ArrayList<>();
        int i = 1;
        int end = s.length() - 1;
        while (i < end) {
            while (i < end && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= end) {
                break;
            }
            StringBuilder e = new StringBuilder();
            boolean quoted = false;
            if (s.charAt(i) == '"') {
                quoted = true;
                i++;
                while (i < end && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < end) {
                        i++;
                    }
                    e.append(s.charAt(i++));
                }
                i++;
            } else {
                while (i < end && s.charAt(i) != ',') {
                    e.append(s.charAt(i++));
                }
            }
            String v = quoted ? e.toString() : e.toString().strip();
            out.add(!quoted && v.equalsIgnoreCase("null") ? null : v);
            while (i < end && s.charAt(i) != ',') {
                i++;
            }
            i++;
        }
        return new PgArray(out, false);
    }
}
