package io.shoaldb.sql.parser;

import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites PostgreSQL's numbered parameters {@code $n} into Calcite's positional {@code ?} markers,
 * skipping string literals, quoted identifiers, dollar-quoted strings and comments. Calcite would read
 * {@code $1} as an identifier, so this runs before the parser. The result keeps, for every {@code ?} in
 * order, which {@code $n} it came from, so a repeated {@code $1} binds the same value twice.
 */
public final class ParameterRewriter {
    /** PostgreSQL's own limit on parameters of one statement. */
    public static final int MAX_PARAMETERS = 65_535;

    private ParameterRewriter() {
    }

    /**
     * @param sql       the rewritten text
     * @param markerToParameter for each {@code ?} in {@code sql}, the 0-based parameter index
     * @param parameterCount the highest {@code $n} seen (PostgreSQL counts parameters by the highest number)
     */
    public record Rewritten(String sql, int[] markerToParameter, int parameterCount) {
    }

    public static Rewritten rewrite(String sql) {
        StringBuilder out = null;
        List<Integer> markers = new ArrayList<>();
        int max = 0;
        int n = sql.length();
        int i = 0;
        int copied = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'') {
                i = skipQuoted(sql, i, '\'', isEscapeString(sql, i));
            } else if (c == '"') {
                i = skipQuoted(sql, i, '"', false);
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = skipBlockComment(sql, i);
            } else if (c == '$' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))
                    && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)) && sql.charAt(i - 1) != '_')) {
                int j = i + 1;
                long number = 0;
                while (j < n && Character.isDigit(sql.charAt(j))) {
                    number = Math.min(number * 10 + (sql.charAt(j) - '0'), Integer.MAX_VALUE);
                    j++;
                }
                if (number < 1 || number > MAX_PARAMETERS) {
                    throw new SqlException(SqlState.UNDEFINED_PARAMETER, "there is no parameter $" + number);
                }
                if (out == null) {
                    out = new StringBuilder(n);
                }
                out.append(sql, copied, i).append('?');
                copied = j;
                markers.add((int) number - 1);
                max = Math.max(max, (int) number);
                i = j;
            } else if (c == '$') {
                i = skipDollarQuoted(sql, i);
            } else {
                i++;
            }
        }
        if (out == null) {
            return new Rewritten(sql, new int[0], 0);
        }
        out.append(sql, copied, n);
        int[] map = new int[markers.size()];
        for (int k = 0; k < map.length; k++) {
            map[k] = markers.get(k);
        }
        return new Rewritten(out.toString(), map, max);
    }

    private static boolean isEscapeString(String sql, int quote) {
        return quote > 0 && (sql.charAt(quote - 1) == 'E' || sql.charAt(quote - 1) == 'e')
                && (quote == 1 || !Character.isLetterOrDigit(sql.charAt(quote - 2)));
    }

    private static int skipQuoted(String sql, int start, char quote, boolean backslashEscapes) {
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return i;
    }

    private static int skipBlockComment(String sql, int start) {
        int depth = 0;
        int i = start;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return i;
    }

    /** Skips {@code $tag$ ... $tag$}; a lone {@code $} is left for the parser to reject. */
    private static int skipDollarQuoted(String sql, int start) {
        int j = start + 1;
        while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        if (j >= sql.length() || sql.charAt(j) != '$') {
            return start + 1;
        }
        String tag = sql.substring(start, j + 1);
        int end = sql.indexOf(tag, j + 1);
        return end < 0 ? sql.length() : end + tag.length();
    }
}
