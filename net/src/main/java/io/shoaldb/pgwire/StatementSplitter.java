package io.shoaldb.pgwire;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a simple-query string into statements at top-level semicolons, the way PostgreSQL's lexer sees
 * them: not inside '...' (with '' and, in E'...', backslash escapes), "...", $tag$...$tag$, -- comments
 * or nested block comments. Empty statements are dropped.
 */
final class StatementSplitter {
    private StatementSplitter() {
    }

    static List<String> split(String sql) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'') {
                boolean escapes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
                        && (i < 2 || !Character.isLetterOrDigit(sql.charAt(i - 2)) && sql.charAt(i - 2) != '_');
                i = skipQuoted(sql, i, '\'', escapes);
            } else if (c == '"') {
                i = skipQuoted(sql, i, '"', false);
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int depth = 1;
                i += 2;
                while (i < n && depth > 0) {
                    if (sql.startsWith("/*", i)) {
                        depth++;
                        i += 2;
                    } else if (sql.startsWith("*/", i)) {
                        depth--;
                        i += 2;
                    } else {
                        i++;
                    }
                }
            } else if (c == '$' && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)) && sql.charAt(i - 1) != '_')) {
                int tagEnd = i + 1;
                while (tagEnd < n && (Character.isLetterOrDigit(sql.charAt(tagEnd)) || sql.charAt(tagEnd) == '_')
                        && !Character.isDigit(sql.charAt(i + 1))) {
                    tagEnd++;
                }
                if (tagEnd < n && sql.charAt(tagEnd) == '$') {
                    String tag = sql.substring(i, tagEnd + 1);
                    int close = sql.indexOf(tag, tagEnd + 1);
                    i = close < 0 ? n : close + tag.length();
                } else {
                    i++;
                }
            } else if (c == ';') {
                add(out, sql.substring(start, i));
                i++;
                start = i;
            } else {
                i++;
            }
        }
        add(out, sql.substring(start));
        return out;
    }

    private static int skipQuoted(String sql, int open, char quote, boolean backslashEscapes) {
        int i = open + 1;
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
        return sql.length();
    }

    private static void add(List<String> out, String statement) {
        if (!isBlank(statement)) {
            out.add(statement.strip());
        }
    }

    /** Blank means only whitespace and comments. */
    private static boolean isBlank(String s) {
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (s.startsWith("--", i)) {
                int end = s.indexOf('\n', i);
                i = end < 0 ? s.length() : end + 1;
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? s.length() : end + 2;
            } else {
                return false;
            }
        }
        return true;
    }
}
