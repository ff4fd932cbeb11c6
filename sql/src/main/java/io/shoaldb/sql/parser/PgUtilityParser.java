package io.shoaldb.sql.parser;

import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * PostgreSQL's SET / SHOW / RESET statements, which take almost any token as a value ({@code SET
 * standard_conforming_strings = on}, {@code SET search_path TO "$user", public}) and so are parsed here by a
 * small tokenizer instead of Calcite's grammar. Also splits a script at top-level semicolons, so these
 * statements can be mixed with the others in a simple query. Role DDL (CREATE/ALTER/DROP ROLE or USER) is
 * parsed here too: its options are keyword lists that need no expression grammar.
 */
public final class PgUtilityParser {
    private PgUtilityParser() {
    }

    private enum T { WORD, QUOTED, STRING, NUMBER, PUNCT }

    private record Token(T type, String text) {
        boolean is(String word) {
            return type == T.WORD && text.equals(word);
        }
    }

    /** Whether {@code sql}'s first word makes it a statement for this parser. */
    public static boolean handles(String sql) {
        List<Token> tokens;
        try {
            tokens = tokenize(sql);
        } catch (SqlException e) {
            return false;
        }
        return !tokens.isEmpty() && (tokens.get(0).is("set") || tokens.get(0).is("show") || tokens.get(0).is("reset")
                || isRoleStatement(tokens) || isMaintenance(tokens));
    }

    private static boolean isMaintenance(List<Token> tokens) {
        return tokens.get(0).is("vacuum") || tokens.get(0).is("analyze") || tokens.get(0).is("analyse");
    }

    private static boolean isRoleStatement(List<Token> tokens) {
        return tokens.size() >= 2 && (tokens.get(0).is("create") || tokens.get(0).is("alter") || tokens.get(0).is("drop"))
                && (tokens.get(1).is("role") || tokens.get(1).is("user"));
    }

    /** Parses a statement for which {@link #handles} is true: SET / SHOW / RESET or role DDL. */
    public static org.apache.calcite.sql.SqlNode parseUtility(String sql) {
        List<Token> t = new ArrayList<>(tokenize(sql));
        while (!t.isEmpty() && t.get(t.size() - 1).text().equals(";") && t.get(t.size() - 1).type() == T.PUNCT) {
            t.remove(t.size() - 1);
        }
        if (isRoleStatement(t)) {
            return new Cursor(t).roleStatement();
        }
        if (isMaintenance(t)) {
            return new Cursor(t).maintenance();
        }
        return new Cursor(t).statement();
    }

    /** Parses one SET / SHOW / RESET statement (a trailing semicolon is allowed). */
    public static PgSettingStatement parse(String sql) {
        List<Token> t = new ArrayList<>(tokenize(sql));
        while (!t.isEmpty() && t.get(t.size() - 1).text().equals(";") && t.get(t.size() - 1).type() == T.PUNCT) {
            t.remove(t.size() - 1);
        }
        return new Cursor(t).statement();
    }

    /** Splits a script at semicolons outside quotes, dollar quotes and comments; drops empty statements. */
    public static List<String> split(String sql) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                i = endOfQuoted(sql, i, c);
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = endOfBlockComment(sql, i);
            } else if (c == '$' && dollarTag(sql, i) != null && (i == 0 || !isWordChar(sql.charAt(i - 1)))) {
                String tag = dollarTag(sql, i);
                int close = sql.indexOf(tag, i + tag.length());
                i = close < 0 ? n : close + tag.length();
            } else if (c == ';') {
                addIfNotBlank(out, sql.substring(start, i));
                start = ++i;
            } else {
                i++;
            }
        }
        addIfNotBlank(out, sql.substring(start));
        return out;
    }

    private static void addIfNotBlank(List<String> out, String s) {
        if (!hasContent(s)) {
            return;
        }
        out.add(s);
    }

    /** Whether {@code s} holds anything but whitespace and comments. */
    private static boolean hasContent(String s) {
        try {
            return !tokenize(s).isEmpty();
        } catch (SqlException e) {
            return true;
        }
    }

    private static int endOfQuoted(String sql, int i, char quote) {
        int j = i + 1;
        while (j < sql.length()) {
            if (sql.charAt(j) == quote) {
                if (j + 1 < sql.length() && sql.charAt(j + 1) == quote) {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            if (quote == '\'' && sql.charAt(j) == '\\' && i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')) {
                j += 2;
                continue;
            }
            j++;
        }
        return sql.length();
    }

    private static int endOfBlockComment(String sql, int i) {
        int depth = 0;
        int j = i;
        while (j < sql.length()) {
            if (sql.startsWith("/*", j)) {
                depth++;
                j += 2;
            } else if (sql.startsWith("*/", j)) {
                depth--;
                j += 2;
                if (depth == 0) {
                    return j;
                }
            } else {
                j++;
            }
        }
        return sql.length();
    }

    private static String dollarTag(String sql, int i) {
        int j = i + 1;
        while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        if (j < sql.length() && sql.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(sql.charAt(i + 1)))) {
            return sql.substring(i, j + 1);
        }
        return null;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private static List<Token> tokenize(String sql) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = endOfBlockComment(sql, i);
            } else if (c == '\'' || ((c == 'E' || c == 'e') && i + 1 < n && sql.charAt(i + 1) == '\'')) {
                int open = c == '\'' ? i : i + 1;
                int end = endOfQuoted(sql, open, '\'');
                if (end > n || sql.charAt(end - 1) != '\'' || end - 1 == open) {
                    throw new SqlException(SqlState.SYNTAX_ERROR, "unterminated quoted string at or near \""
                            + sql.substring(i) + "\"");
                }
                String body = sql.substring(open + 1, end - 1).replace("''", "'");
                if (open != i) {
                    body = body.replace("\\\\", "\\").replace("\\'", "'");
                }
                out.add(new Token(T.STRING, body));
                i = end;
            } else if (c == '"') {
                int end = endOfQuoted(sql, i, '"');
                if (sql.charAt(end - 1) != '"' || end - 1 == i) {
                    throw new SqlException(SqlState.SYNTAX_ERROR, "unterminated quoted identifier at or near \""
                            + sql.substring(i) + "\"");
                }
                out.add(new Token(T.QUOTED, sql.substring(i + 1, end - 1).replace("\"\"", "\"")));
                i = end;
            } else if (Character.isDigit(c) || ((c == '-' || c == '+' || c == '.') && i + 1 < n
                    && (Character.isDigit(sql.charAt(i + 1)) || sql.charAt(i + 1) == '.'))) {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '.')) {
                    j++;
                }
                out.add(new Token(T.NUMBER, sql.substring(i, j)));
                i = j;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i + 1;
                while (j < n && (isWordChar(sql.charAt(j)) || sql.charAt(j) == '.')) {
                    j++;
                }
                out.add(new Token(T.WORD, sql.substring(i, j).toLowerCase(Locale.ROOT)));
                i = j;
            } else {
                out.add(new Token(T.PUNCT, String.valueOf(c)));
                i++;
            }
        }
        return out;
    }

    private static final class Cursor {
        private final List<Token> t;
        private int pos;

        Cursor(List<Token> t) {
            this.t = t;
        }

        private Token peek() {
            return pos < t.size() ? t.get(pos) : null;
        }

        private boolean accept(String word) {
            Token k = peek();
            if (k != null && k.is(word)) {
                pos++;
                return true;
            }
            return false;
        }

        private SqlException syntax() {
            Token k = peek();
            return new SqlException(SqlState.SYNTAX_ERROR,
                    k == null ? "syntax error at end of input" : "syntax error at or near \"" + k.text() + "\"");
        }

        private void expect(String word) {
            if (!accept(word)) {
                throw syntax();
            }
        }

        private void end() {
            if (peek() != null) {
                throw syntax();
            }
        }

        private String name() {
            Token k = peek();
            if (k == null || (k.type() != T.WORD && k.type() != T.QUOTED)) {
                throw syntax();
            }
            pos++;
            return k.type() == T.WORD ? k.text() : k.text().toLowerCase(Locale.ROOT);
        }

        /** A role name: quoted names keep their case, as identifiers do. */
        private String roleName() {
            Token k = peek();
            if (k == null || (k.type() != T.WORD && k.type() != T.QUOTED)) {
                throw syntax();
            }
            if (k.type() == T.WORD && (k.is("current_user") || k.is("current_role") || k.is("session_user")
                    || k.is("public") || k.is("none"))) {
                throw new SqlException(SqlState.RESERVED_NAME, "role name \"" + k.text() + "\" is reserved"
                        + (k.is("public") || k.is("none") ? "" : " here; name the role explicitly"));
            }
            if (k.type() == T.WORD && k.text().indexOf('.') >= 0) {
                throw syntax();
            }
            pos++;
            return k.text();
        }

        /** VACUUM / ANALYZE with PostgreSQL's options; every option is accepted, as they only tune the work. */
        PgVacuum maintenance() {
            boolean vacuum = accept("vacuum");
            boolean analyze = !vacuum;
            if (!vacuum && !accept("analyze")) {
                expect("analyse");
            }
            Token k = peek();
            if (k != null && k.type() == T.PUNCT && k.text().equals("(")) {
                pos++;
                do {
                    Token option = peek();
                    if (option == null || option.type() != T.WORD) {
                        throw syntax();
                    }
                    pos++;
                    boolean on = true;
                    Token value = peek();
                    if (value != null && !(value.type() == T.PUNCT && (value.text().equals(",") || value.text().equals(")")))) {
                        pos++;
                        on = !(value.is("false") || value.is("off") || value.text().equals("0"));
                    }
                    if ((option.is("analyze") || option.is("analyse")) && on) {
                        analyze = true;
                    }
                } while (acceptPunct(","));
                if (!acceptPunct(")")) {
                    throw syntax();
                }
            } else {
                while (accept("full") || accept("freeze") || accept("verbose") || accept("skip_locked")) {
                    // tuning only: every form reclaims all it can
                }
                if (vacuum && (accept("analyze") || accept("analyse"))) {
                    analyze = true;
                }
                accept("verbose");
            }
            List<String> tables = new ArrayList<>();
            while (peek() != null) {
                Token name = peek();
                if (name.type() != T.WORD && name.type() != T.QUOTED) {
                    throw syntax();
                }
                pos++;
                String text = name.text();
                if (name.type() == T.WORD && text.startsWith("public.")) {
                    text = text.substring("public.".length());
                }
                tables.add(text);
                if (acceptPunct("(")) { // a column list: ANALYZE of some columns is ANALYZE of the table
                    while (peek() != null && !acceptPunct(")")) {
                        pos++;
                    }
                }
                if (!acceptPunct(",")) {
                    break;
                }
            }
            end();
            return new PgVacuum(vacuum, analyze, tables);
        }

        private boolean acceptPunct(String p) {
            Token k = peek();
            if (k != null && k.type() == T.PUNCT && k.text().equals(p)) {
                pos++;
                return true;
            }
            return false;
        }

        PgRoleStatement roleStatement() {
            PgRoleStatement.Kind kind = accept("create") ? PgRoleStatement.Kind.CREATE
                    : accept("alter") ? PgRoleStatement.Kind.ALTER : null;
            if (kind == null) {
                expect("drop");
                kind = PgRoleStatement.Kind.DROP;
            }
            boolean user = accept("user");
            if (!user) {
                expect("role");
            }
            if (kind == PgRoleStatement.Kind.DROP) {
                boolean ifExists = false;
                if (accept("if")) {
                    expect("exists");
                    ifExists = true;
                }
                List<String> names = new ArrayList<>();
                names.add(roleName());
                while (peek() != null && peek().type() == T.PUNCT && peek().text().equals(",")) {
                    pos++;
                    names.add(roleName());
                }
                end();
                return new PgRoleStatement(kind, names, ifExists, null, null, false, null);
            }
            String name = roleName();
            if (kind == PgRoleStatement.Kind.ALTER && peek() != null) {
                if (peek().is("rename")) {
                    throw SqlException.notSupported("ALTER ROLE ... RENAME");
                }
                if (peek().is("set") || peek().is("reset") || peek().is("in")) {
                    throw SqlException.notSupported("per-role settings (ALTER ROLE ... " + peek().text().toUpperCase(Locale.ROOT) + ")");
                }
            }
            accept("with");
            Boolean superuser = null;
            Boolean login = user && kind == PgRoleStatement.Kind.CREATE ? Boolean.TRUE : null;
            boolean loginGiven = false;
            boolean passwordGiven = false;
            String password = null;
            while (peek() != null) {
                Token k = peek();
                if (k.type() != T.WORD) {
                    throw syntax();
                }
                pos++;
                switch (k.text()) {
                    case "superuser", "nosuperuser" -> {
                        if (superuser != null) {
                            throw redundant();
                        }
                        superuser = k.text().equals("superuser");
                    }
                    case "login", "nologin" -> {
                        if (loginGiven) {
                            throw redundant();
                        }
                        loginGiven = true;
                        login = k.text().equals("login");
                    }
                    case "encrypted", "password" -> {
                        if (k.text().equals("encrypted")) {
                            expect("password");
                        }
                        if (passwordGiven) {
                            throw redundant();
                        }
                        passwordGiven = true;
                        Token v = peek();
                        if (v != null && v.is("null")) {
                            pos++;
                        } else if (v != null && v.type() == T.STRING) {
                            pos++;
                            password = v.text();
                        } else {
                            throw syntax();
                        }
                    }
                    // What ShoalDB does for every role that is not a superuser: accepted because it is true.
                    case "nocreatedb", "nocreaterole", "noreplication", "nobypassrls", "inherit" -> {
                    }
                    case "createdb", "createrole", "replication", "bypassrls", "noinherit", "connection", "valid",
                            "in", "role", "admin", "user", "sysid" ->
                        throw SqlException.notSupported("role option " + k.text().toUpperCase(Locale.ROOT));
                    default -> throw syntax0(k);
                }
            }
            return new PgRoleStatement(kind, List.of(name), false, superuser, login, passwordGiven, password);
        }

        private static SqlException redundant() {
            return new SqlException(SqlState.SYNTAX_ERROR, "conflicting or redundant options");
        }

        private static SqlException syntax0(Token k) {
            return new SqlException(SqlState.SYNTAX_ERROR, "unrecognized role option \"" + k.text() + "\"");
        }

        PgSettingStatement statement() {
            if (accept("show")) {
                return show();
            }
            if (accept("reset")) {
                return reset();
            }
            expect("set");
            return set();
        }

        private PgSettingStatement show() {
            PgSettingStatement s;
            if (accept("all")) {
                s = new PgSettingStatement(PgSettingStatement.Kind.SHOW_ALL, null, null, false, null, null, null);
            } else if (accept("time")) {
                expect("zone");
                s = show("timezone");
            } else if (accept("transaction")) {
                expect("isolation");
                expect("level");
                s = show("transaction_isolation");
            } else if (accept("session")) {
                expect("authorization");
                s = show("session_authorization");
            } else {
                s = show(name());
            }
            end();
            return s;
        }

        private static PgSettingStatement show(String name) {
            return new PgSettingStatement(PgSettingStatement.Kind.SHOW, name, null, false, null, null, null);
        }

        private PgSettingStatement reset() {
            PgSettingStatement s;
            if (accept("all")) {
                s = new PgSettingStatement(PgSettingStatement.Kind.RESET_ALL, null, null, false, null, null, null);
            } else if (accept("time")) {
                expect("zone");
                s = reset("timezone", false);
            } else if (accept("session")) {
                expect("authorization");
                throw SqlException.notSupported("RESET SESSION AUTHORIZATION");
            } else if (accept("role")) {
                throw SqlException.notSupported("RESET ROLE");
            } else {
                s = reset(name(), false);
            }
            end();
            return s;
        }

        private static PgSettingStatement reset(String name, boolean local) {
            return new PgSettingStatement(PgSettingStatement.Kind.RESET, name, null, local, null, null, null);
        }

        private PgSettingStatement set() {
            boolean local = false;
            if (accept("local")) {
                local = true;
            } else if (peek() != null && peek().is("session") && pos + 1 < t.size()
                    && t.get(pos + 1).is("characteristics")) {
                pos += 2;
                expect("as");
                expect("transaction");
                return modes(PgSettingStatement.Kind.SET_SESSION_CHARACTERISTICS);
            } else if (peek() != null && peek().is("session") && pos + 1 < t.size()
                    && (t.get(pos + 1).type() == T.WORD || t.get(pos + 1).type() == T.QUOTED)) {
                pos++;
            }
            if (accept("transaction")) {
                if (peek() != null && peek().is("snapshot")) {
                    throw SqlException.notSupported("SET TRANSACTION SNAPSHOT");
                }
                return modes(PgSettingStatement.Kind.SET_TRANSACTION);
            }
            if (accept("session")) {
                expect("authorization");
                throw SqlException.notSupported("SET SESSION AUTHORIZATION");
            }
            if (peek() != null && (peek().is("role") || peek().is("constraints"))) {
                throw SqlException.notSupported("SET " + peek().text().toUpperCase(Locale.ROOT));
            }
            String name;
            List<String> values = new ArrayList<>();
            if (accept("time")) {
                expect("zone");
                name = "timezone";
                if (accept("local") || accept("default")) {
                    end();
                    return reset(name, local);
                }
                values.add(value());
                end();
                return assign(name, values, local);
            }
            if (accept("schema")) {
                name = "search_path";
                values.add(value());
                end();
                return assign(name, values, local);
            }
            if (accept("names")) {
                name = "client_encoding";
                if (accept("default") || peek() == null) {
                    end();
                    return reset(name, local);
                }
                values.add(value());
                end();
                return assign(name, values, local);
            }
            name = name();
            if (!accept("to")) {
                Token eq = peek();
                if (eq == null || eq.type() != T.PUNCT || !eq.text().equals("=")) {
                    throw syntax();
                }
                pos++;
            }
            if (accept("default")) {
                end();
                return reset(name, local);
            }
            values.add(value());
            while (peek() != null && peek().type() == T.PUNCT && peek().text().equals(",")) {
                pos++;
                values.add(value());
            }
            end();
            return assign(name, values, local);
        }

        private static PgSettingStatement assign(String name, List<String> values, boolean local) {
            return new PgSettingStatement(local ? PgSettingStatement.Kind.SET_LOCAL : PgSettingStatement.Kind.SET,
                    name, values, local, null, null, null);
        }

        private String value() {
            Token k = peek();
            if (k == null || k.type() == T.PUNCT) {
                throw syntax();
            }
            pos++;
            return k.text();
        }

        private PgSettingStatement modes(PgSettingStatement.Kind kind) {
            String isolation = null;
            Boolean readOnly = null;
            Boolean deferrable = null;
            do {
                if (accept("isolation")) {
                    expect("level");
                    if (accept("serializable")) {
                        isolation = "serializable";
                    } else if (accept("repeatable")) {
                        expect("read");
                        isolation = "repeatable read";
                    } else if (accept("read")) {
                        if (accept("committed")) {
                            isolation = "read committed";
                        } else {
                            expect("uncommitted");
                            isolation = "read uncommitted";
                        }
                    } else {
                        throw syntax();
                    }
                } else if (accept("read")) {
                    if (accept("only")) {
                        readOnly = true;
                    } else {
                        expect("write");
                        readOnly = false;
                    }
                } else if (accept("not")) {
                    expect("deferrable");
                    deferrable = false;
                } else if (accept("deferrable")) {
                    deferrable = true;
                } else {
                    throw syntax();
                }
            } while (peek() != null && (peek().type() == T.PUNCT && peek().text().equals(",") ? ++pos > 0 : true));
            return new PgSettingStatement(kind, null, null, false, isolation, readOnly, deferrable);
        }
    }
}
