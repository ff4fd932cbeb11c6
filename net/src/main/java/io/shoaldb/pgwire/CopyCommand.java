package io.shoaldb.pgwire;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A COPY statement as the protocol runs it: {@code COPY table [(columns)] FROM STDIN} or
 * {@code COPY {table [(columns)] | (query)} TO STDOUT}, with the options of both the modern
 * {@code WITH (FORMAT csv, HEADER, DELIMITER ',', NULL '', QUOTE '"', ESCAPE '"', FREEZE)} and the
 * legacy {@code WITH CSV HEADER} syntax. COPY rides on the engine's INSERT and SELECT, so pgwire
 * parses just this statement; server-side files, PROGRAM, BINARY and WHERE are refused clearly.
 */
record CopyCommand(String table, List<String> columns, String query, boolean from, CopyFormat format) {
    private static final Pattern COPY_START = Pattern.compile("^\\s*(?:--[^\\n]*\\n\\s*|/\\*.*?\\*/\\s*)*copy\\b",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    static boolean looksLikeCopy(String sql) {
        return COPY_START.matcher(sql).find();
    }

    /** Parses a COPY statement, or returns null when {@code sql} is not one. */
    static CopyCommand parse(String sql) {
        if (!looksLikeCopy(sql)) {
            return null;
        }
        Lexer lx = new Lexer(sql);
        lx.expectWord("copy");
        String table = null;
        String query = null;
        List<String> columns = new ArrayList<>();
        if (lx.peek("(")) {
            int start = lx.pos;
            lx.skipParenthesized();
            query = sql.substring(start + 1, lx.pos - 1).strip();
        } else {
            table = lx.qualifiedName();
            if (lx.peek("(")) {
                lx.next();
                do {
                    columns.add(lx.identifier());
                } while (lx.accept(","));
                lx.expect(")");
            }
        }
        String direction = lx.word();
        boolean from;
        if (direction.equals("from")) {
            from = true;
            if (query != null) {
                throw syntax("COPY (query) FROM is not valid; use COPY table FROM STDIN");
            }
        } else if (direction.equals("to")) {
            from = false;
        } else {
            throw syntax("expected FROM or TO in COPY, found \"" + direction + "\"");
        }
        String endpoint = lx.peekWord();
        if (!endpoint.equals(from ? "stdin" : "stdout")) {
            throw new SqlException(ErrorFields.error(SqlState.FEATURE_NOT_SUPPORTED,
                    "COPY " + (from ? "FROM" : "TO") + " a server file or program is not supported")
                    .withHint(from ? "Use COPY ... FROM STDIN (psql: \\copy)." : "Use COPY ... TO STDOUT (psql: \\copy)."));
        }
        lx.word();
        CopyFormat format = parseOptions(lx);
        if (!lx.atEnd()) {
            String rest = lx.peekWord();
            if (rest.equals("where")) {
                throw new SqlException(SqlState.FEATURE_NOT_SUPPORTED, "COPY ... WHERE is not supported");
            }
            throw syntax("unexpected \"" + sql.substring(lx.pos).strip() + "\" at end of COPY");
        }
        if (!from && query == null) {
            query = "SELECT " + (columns.isEmpty() ? "*" : String.join(", ", columns)) + " FROM " + table;
        }
        return new CopyCommand(table, List.copyOf(columns), query, from, format);
    }

    private static CopyFormat parseOptions(Lexer lx) {
        CopyFormat f = CopyFormat.TEXT;
        if (lx.atEnd()) {
            return f;
        }
        boolean with = lx.peekWord().equals("with");
        if (with) {
            lx.word();
        }
        if (lx.accept("(")) {
            do {
                String option = lx.word();
                f = switch (option) {
                    case "format" -> {
                        String kind = lx.word();
                        yield switch (kind) {
                            case "text" -> f.withCsv(false);
                            case "csv" -> f.withCsv(true);
                            case "binary" -> throw new SqlException(SqlState.FEATURE_NOT_SUPPORTED, "COPY BINARY is not supported");
                            default -> throw syntax("COPY format \"" + kind + "\" not recognized");
                        };
                    }
                    case "delimiter" -> f.withDelimiter(singleChar(lx.string(), "delimiter"));
                    case "null" -> f.withNullString(lx.string());
                    case "header" -> f.withHeader(lx.atOptionEnd() || bool(lx.value()));
                    case "quote" -> f.withQuote(singleChar(lx.string(), "quote"));
                    case "escape" -> f.withEscape(singleChar(lx.string(), "escape"));
                    case "freeze" -> {
                        // FREEZE only skips visibility bookkeeping in PostgreSQL; pgbench sends it. Nothing to skip here.
                        if (!lx.atOptionEnd()) {
                            bool(lx.value());
                        }
                        yield f;
                    }
                    case "encoding" -> {
                        String enc = lx.string().toUpperCase(Locale.ROOT).replace("-", "");
                        if (!enc.equals("UTF8")) {
                            throw new SqlException(SqlState.FEATURE_NOT_SUPPORTED, "COPY encoding " + enc + " is not supported; only UTF8");
                        }
                        yield f;
                    }
                    default -> throw new SqlException(SqlState.FEATURE_NOT_SUPPORTED, "COPY option \"" + option + "\" is not supported");
                };
            } while (lx.accept(","));
            lx.expect(")");
            return f;
        }
        // Legacy syntax: [BINARY] [DELIMITER [AS] 'c'] [NULL [AS] 's'] [CSV [HEADER] [QUOTE [AS] 'q'] [ESCAPE [AS] 'e']]
        while (!lx.atEnd()) {
            String w = lx.word();
            switch (w) {
                case "binary" -> throw new SqlException(SqlState.FEATURE_NOT_SUPPORTED, "COPY BINARY is not supported");
                case "csv" -> f = f.withCsv(true);
                case "header" -> f = f.withHeader(true);
                case "freeze" -> { }
                case "delimiter" -> f = f.withDelimiter(singleChar(lx.optionalAs().string(), "delimiter"));
                case "null" -> f = f.withNullString(lx.optionalAs().string());
                case "quote" -> f = f.withQuote(singleChar(lx.optionalAs().string(), "quote"));
                case "escape" -> f = f.withEscape(singleChar(lx.optionalAs().string(), "escape"));
                default -> throw new SqlException(SqlState.FEATURE_NOT_SUPPORTED, "COPY option \"" + w + "\" is not supported");
            }
        }
        return f;
    }

    private static char singleChar(String s, String what) {
        if (s.length() != 1) {
            throw new SqlException(SqlState.FEATURE_NOT_SUPPORTED, "COPY " + what + " must be a single one-byte character");
        }
        return s.charAt(0);
    }

    private static boolean bool(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "on", "1", "yes" -> true;
            case "false", "off", "0", "no" -> false;
            case "match" -> throw new SqlException(SqlState.FEATURE_NOT_SUPPORTED, "COPY HEADER MATCH is not supported");
            default -> throw syntax("invalid boolean \"" + v + "\" in COPY option");
        };
    }

    static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static SqlException syntax(String message) {
        return new SqlException(SqlState.SYNTAX_ERROR, message);
    }

    /** Just enough of a lexer for COPY's grammar. */
    private static final class Lexer {
        final String s;
        int pos;

        Lexer(String s) {
            this.s = s;
        }

        void skipSpace() {
            while (pos < s.length()) {
                if (Character.isWhitespace(s.charAt(pos))) {
                    pos++;
                } else if (s.startsWith("--", pos)) {
                    int e = s.indexOf('\n', pos);
                    pos = e < 0 ? s.length() : e + 1;
                } else if (s.startsWith("/*", pos)) {
                    int e = s.indexOf("*/", pos + 2);
                    pos = e < 0 ? s.length() : e + 2;
                } else {
                    return;
                }
            }
        }

        boolean atEnd() {
            skipSpace();
            return pos >= s.length() || (s.charAt(pos) == ';' && s.substring(pos + 1).isBlank());
        }

        boolean atOptionEnd() {
            skipSpace();
            return pos >= s.length() || s.charAt(pos) == ',' || s.charAt(pos) == ')';
        }

        boolean peek(String punct) {
            skipSpace();
            return s.startsWith(punct, pos);
        }

        boolean accept(String punct) {
            if (peek(punct)) {
                pos += punct.length();
                return true;
            }
            return false;
        }

        void expect(String punct) {
            if (!accept(punct)) {
                throw syntax("syntax error in COPY: expected \"" + punct + "\"");
            }
        }

        void next() {
            skipSpace();
            pos++;
        }

        String peekWord() {
            int save = pos;
            String w = pos < s.length() ? word() : "";
            pos = save;
            return w;
        }

        String word() {
            skipSpace();
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            if (start == pos) {
                throw syntax("syntax error in COPY at \"" + s.substring(start, Math.min(s.length(), start + 20)) + "\"");
            }
            return s.substring(start, pos).toLowerCase(Locale.ROOT);
        }

        void expectWord(String w) {
            if (!word().equals(w)) {
                throw syntax("expected " + w.toUpperCase(Locale.ROOT));
            }
        }

        Lexer optionalAs() {
            if (peekWord().equals("as")) {
                word();
            }
            return this;
        }

        /** An identifier, kept in SQL form (quoted names stay quoted) so the engine resolves it. */
        String identifier() {
            skipSpace();
            if (pos < s.length() && s.charAt(pos) == '"') {
                int start = pos;
                pos++;
                while (pos < s.length()) {
                    if (s.charAt(pos) == '"') {
                        if (pos + 1 < s.length() && s.charAt(pos + 1) == '"') {
                            pos += 2;
                            continue;
                        }
                        pos++;
                        return s.substring(start, pos);
                    }
                    pos++;
                }
                throw syntax("unterminated quoted identifier in COPY");
            }
            return word();
        }

        String qualifiedName() {
            StringBuilder sb = new StringBuilder(identifier());
            while (accept(".")) {
                sb.append('.').append(identifier());
            }
            return sb.toString();
        }

        String string() {
            skipSpace();
            boolean escapes = false;
            if (pos < s.length() && (s.charAt(pos) == 'E' || s.charAt(pos) == 'e') && pos + 1 < s.length() && s.charAt(pos + 1) == '\'') {
                escapes = true;
                pos++;
            }
            if (pos >= s.length() || s.charAt(pos) != '\'') {
                throw syntax("expected a string literal in COPY");
            }
            pos++;
            StringBuilder sb = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '\'') {
                    if (pos + 1 < s.length() && s.charAt(pos + 1) == '\'') {
                        sb.append('\'');
                        pos += 2;
                        continue;
                    }
                    pos++;
                    return sb.toString();
                }
                if (escapes && c == '\\' && pos + 1 < s.length()) {
                    char e = s.charAt(++pos);
                    sb.append(switch (e) {
                        case 't' -> '\t';
                        case 'n' -> '\n';
                        case 'r' -> '\r';
                        default -> e;
                    });
                    pos++;
                    continue;
                }
                sb.append(c);
                pos++;
            }
            throw syntax("unterminated string literal in COPY");
        }

        String value() {
            skipSpace();
            return pos < s.length() && (s.charAt(pos) == '\'' || s.charAt(pos) == 'E' && s.startsWith("E'", pos)) ? string() : word();
        }

        void skipParenthesized() {
            skipSpace();
            int depth = 0;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '\'' || c == '"') {
                    int close = s.indexOf(c, pos + 1);
                    pos = close < 0 ? s.length() : close + 1;
                    continue;
                }
                pos++;
                if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth == 0) {
                    return;
                }
            }
            throw syntax("unbalanced parentheses in COPY");
        }
    }
}
