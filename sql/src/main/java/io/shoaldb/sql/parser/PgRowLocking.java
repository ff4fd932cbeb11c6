package io.shoaldb.sql.parser;

import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * PostgreSQL's row-locking clauses of a top-level SELECT ({@code FOR UPDATE | FOR NO KEY UPDATE | FOR SHARE |
 * FOR KEY SHARE [OF name [, ...]] [NOWAIT | SKIP LOCKED]}, any number of them, before or after LIMIT/OFFSET),
 * taken out of the statement's text before Calcite's parser sees it. Calcite's grammar has no such clause,
 * and adding one to its query production would touch every query rule; the clause can only stand at the end
 * of a top-level query, so a scan of the text's tokens finds it exactly: it skips string literals
 * ('', E'', $tag$ $tag$), quoted identifiers and comments, and only looks at parenthesis depth 0 (where
 * FOR has no other meaning: substring(x FROM 1 FOR 2) sits inside parentheses). The clause is blanked out
 * with spaces, so positions in the rest of the text are unchanged.
 */
public final class PgRowLocking {
    /** Lock strengths, weakest last as PostgreSQL orders them in its messages. */
    public enum Strength {
        UPDATE("FOR UPDATE"), NO_KEY_UPDATE("FOR NO KEY UPDATE"), SHARE("FOR SHARE"), KEY_SHARE("FOR KEY SHARE");

        public final String sql;

        Strength(String sql) {
            this.sql = sql;
        }
    }

    /** What a clause does when a row is locked by another transaction. */
    public enum WaitPolicy { WAIT, NOWAIT, SKIP_LOCKED }

    /** One locking clause: its strength, the FROM items it names (empty: all of them) and its wait policy. */
    public record Clause(Strength strength, List<String> of, WaitPolicy waitPolicy) {
        public Clause {
            of = List.copyOf(of);
        }

        String toSql() {
            StringBuilder b = new StringBuilder(strength.sql);
            if (!of.isEmpty()) {
                b.append(" OF ");
                for (int i = 0; i < of.size(); i++) {
                    b.append(i == 0 ? "" : ", ").append('"').append(of.get(i).replace("\"", "\"\"")).append('"');
                }
            }
            return b.append(switch (waitPolicy) {
                case WAIT -> "";
                case NOWAIT -> " NOWAIT";
                case SKIP_LOCKED -> " SKIP LOCKED";
            }).toString();
        }
    }

    /** The statement without its locking clauses, and the clauses in order. */
    public record Extracted(String sql, List<Clause> clauses) {
        public Extracted {
            clauses = List.copyOf(clauses);
        }
    }

    /** Bound on locking clauses and OF names in one statement (each is a few tokens of the client's text). */
    static final int MAX_CLAUSES = 64;

    private PgRowLocking() {
    }

    private record Token(int start, int end, int depth, String word, boolean quoted) {
        boolean is(String w) {
            return !quoted && w.equals(word);
        }
    }

    /**
     * Finds the locking clauses of {@code sql} (a single statement, after {@link ParameterRewriter}); null when
     * it is not a query or has none. Throws 42601 for a clause PostgreSQL's grammar would refuse.
     */
    public static Extracted extract(String sql) {
        if (!mayHaveClause(sql)) {
            return null;
        }
        List<Token> tokens = tokenize(sql);
        if (tokens.isEmpty() || !(tokens.get(0).is("select") || tokens.get(0).is("with") || tokens.get(0).is("values")
                || tokens.get(0).is("("))) {
            return null;
        }
        int first = -1;
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.depth() == 0 && t.is("for") && strengthAt(tokens, i + 1) != null) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            return null;
        }
        char[] text = sql.toCharArray();
        List<Clause> clauses = new ArrayList<>();
        int i = first;
        while (i < tokens.size()) {
            Token t = tokens.get(i);
            if (t.is(";")) {
                break;
            }
            if (t.is("limit") || t.is("offset") || t.is("fetch")) {
                // LIMIT/OFFSET/FETCH may follow the clause (PostgreSQL takes both orders); Calcite parses them
                i = skipLimit(tokens, i);
                continue;
            }
            if (!t.is("for")) {
                throw syntax(t, sql);
            }
            int start = t.start();
            Parsed parsed = parseClause(tokens, i, sql);
            Clause c = parsed.clause();
            int next = parsed.next();
            if (clauses.size() >= MAX_CLAUSES) {
                throw new SqlException(SqlState.PROGRAM_LIMIT_EXCEEDED, "more than " + MAX_CLAUSES + " locking clauses");
            }
            clauses.add(c);
            int end = tokens.get(next - 1).end();
            for (int k = start; k < end; k++) {
                if (text[k] != '\n') {
                    text[k] = ' ';
                }
            }
            i = next;
        }
        return new Extracted(new String(text), clauses);
    }

    /** A cheap pre-check, so statements without the word FOR skip the token scan. */
    private static boolean mayHaveClause(String sql) {
        int n = sql.length();
        for (int i = 0; i + 3 <= n; i++) {
            char c = sql.charAt(i);
            if ((c == 'f' || c == 'F') && sql.regionMatches(true, i, "for", 0, 3)) {
                return true;
            }
        }
        return false;
    }

    /** Skips LIMIT/OFFSET/FETCH and their operands (depth 0 tokens up to the next FOR or end). */
    private static int skipLimit(List<Token> tokens, int i) {
        i++;
        while (i < tokens.size() && !tokens.get(i).is("for") && !tokens.get(i).is(";")) {
            i++;
        }
        return i;
    }

    private static Strength strengthAt(List<Token> tokens, int i) {
        if (i >= tokens.size()) {
            return null;
        }
        Token t = tokens.get(i);
        if (t.is("update")) {
            return Strength.UPDATE;
        }
        if (t.is("share")) {
            return Strength.SHARE;
        }
        if (t.is("no") && i + 2 < tokens.size() && tokens.get(i + 1).is("key") && tokens.get(i + 2).is("update")) {
            return Strength.NO_KEY_UPDATE;
        }
        if (t.is("key") && i + 1 < tokens.size() && tokens.get(i + 1).is("share")) {
            return Strength.KEY_SHARE;
        }
        return null;
    }

    /** A clause and the index of the first token after it. */
    private record Parsed(Clause clause, int next) {
    }

    /** Parses the clause whose FOR is token {@code i}. */
    private static Parsed parseClause(List<Token> tokens, int i, String sql) {
        Strength s = strengthAt(tokens, i + 1);
        if (s == null) {
            throw syntax(i + 1 < tokens.size() ? tokens.get(i + 1) : null, sql);
        }
        i += switch (s) {
            case UPDATE, SHARE -> 2;
            case NO_KEY_UPDATE -> 4;
            case KEY_SHARE -> 3;
        };
        List<String> of = new ArrayList<>();
        if (i < tokens.size() && tokens.get(i).is("of")) {
            i++;
            while (true) {
                Token name = i < tokens.size() ? tokens.get(i) : null;
                if (name == null || name.word() == null || name.depth() != 0 || (!name.quoted() && isReservedAfterOf(name))) {
                    throw syntax(name, sql);
                }
                i++;
                if (i < tokens.size() && tokens.get(i).is(".")) {
                    throw new SqlException(SqlState.SYNTAX_ERROR, s.sql + " must specify unqualified relation names");
                }
                if (of.size() >= MAX_CLAUSES) {
                    throw new SqlException(SqlState.PROGRAM_LIMIT_EXCEEDED, "more than " + MAX_CLAUSES
                            + " relations in a locking clause");
                }
                of.add(name.word());
                if (i < tokens.size() && tokens.get(i).is(",")) {
                    i++;
                    continue;
                }
                break;
            }
        }
        WaitPolicy wait = WaitPolicy.WAIT;
        if (i < tokens.size() && tokens.get(i).is("nowait")) {
            wait = WaitPolicy.NOWAIT;
            i++;
        } else if (i + 1 < tokens.size() && tokens.get(i).is("skip") && tokens.get(i + 1).is("locked")) {
            wait = WaitPolicy.SKIP_LOCKED;
            i += 2;
        }
        return new Parsed(new Clause(s, of, wait), i);
    }

    private static boolean isReservedAfterOf(Token t) {
        return switch (t.word()) {
            case "for", "limit", "offset", "fetch", "nowait", "skip", ",", ";", "(", ")", "." -> true;
            default -> false;
        };
    }

    private static SqlException syntax(Token t, String sql) {
        return new SqlException(SqlState.SYNTAX_ERROR, t == null ? "syntax error at end of input"
                : "syntax error at or near \"" + sql.substring(t.start(), t.end()) + "\"");
    }

    /**
     * Words (lower-cased unless quoted), quoted identifiers (their text) and single punctuation characters,
     * with their parenthesis depth; string literals, numbers' digits and comments are skipped.
     */
    private static List<Token> tokenize(String sql) {
        List<Token> out = new ArrayList<>();
        int depth = 0;
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = endOfBlockComment(sql, i);
            } else if (c == '\'') {
                boolean escapes = i > 0 && (sql.charAt(i - 1) == 'e' || sql.charAt(i - 1) == 'E')
                        && (i < 2 || !isWordChar(sql.charAt(i - 2)));
                i = endOfString(sql, i, escapes);
            } else if (c == '"') {
                int end = endOfString(sql, i, false, '"');
                String name = sql.substring(i + 1, Math.max(i + 1, end - 1)).replace("\"\"", "\"");
                out.add(new Token(i, end, depth, name, true));
                i = end;
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int close = sql.indexOf(tag, i + tag.length());
                i = close < 0 ? n : close + tag.length();
            } else if (isWordChar(c)) {
                int start = i;
                while (i < n && (isWordChar(sql.charAt(i)) || sql.charAt(i) == '$')) {
                    i++;
                }
                if (Character.isDigit(c)) {
                    continue; // a number: never a keyword or a name
                }
                out.add(new Token(start, i, depth, sql.substring(start, i).toLowerCase(Locale.ROOT), false));
            } else {
                if (c == ')') {
                    depth = Math.max(0, depth - 1);
                }
                out.add(new Token(i, i + 1, depth, String.valueOf(c), false));
                if (c == '(') {
                    depth++;
                }
                i++;
            }
        }
        return out;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static int endOfBlockComment(String sql, int i) {
        int level = 0;
        int n = sql.length();
        while (i < n) {
            if (sql.startsWith("/*", i)) {
                level++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                level--;
                i += 2;
                if (level == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    private static int endOfString(String sql, int i, boolean backslashEscapes) {
        return endOfString(sql, i, backslashEscapes, '\'');
    }

    /** The index after the closing quote of the literal opening at {@code i} (doubled quotes stay inside). */
    private static int endOfString(String sql, int i, boolean backslashEscapes, char quote) {
        int n = sql.length();
        i++;
        while (i < n) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < n && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    /** The $tag$ opening a dollar-quoted string at {@code i}, or null ($1 parameters are not one). */
    private static String dollarTag(String sql, int i) {
        int j = i + 1;
        while (j < sql.length() && (Character.isLetter(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        return j < sql.length() && sql.charAt(j) == '$' ? sql.substring(i, j + 1) : null;
    }

    /** The clauses as SQL text (for unparsing). */
    static String toSql(List<Clause> clauses) {
        StringBuilder b = new StringBuilder();
        for (Clause c : clauses) {
            b.append(' ').append(c.toSql());
        }
        return b.toString();
    }
}
