package io.shoaldb.sql.pgcatalog;

import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUserDefinedTypeNameSpec;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * PostgreSQL syntax of catalog queries that Calcite's grammar lacks, in two steps. Before parsing,
 * {@link #rewriteText} turns {@code OPERATOR(pg_catalog.~)} into {@code ~}, drops {@code COLLATE
 * pg_catalog.default} (ShoalDB has one collation) and turns {@code E'\n'} into a plain literal. After parsing,
 * {@link #CASTS} rewrites casts to catalog types: {@code 'name'::regclass} looks the OID up,
 * {@code oid::regclass} shows the name, {@code 'array_in'::regproc} is the function name, oid/name/"char" are
 * integers and text, and {@code '{a,b}'::text[]} an array value. Text outside string literals, quoted
 * identifiers and comments is the only text touched.
 */
public final class CatalogSyntax {
    private CatalogSyntax() {
    }

    /** PostgreSQL's {@code &} on integers; binds tighter than comparisons, looser than {@code + -}. */
    public static final org.apache.calcite.sql.SqlBinaryOperator BIT_AND = new org.apache.calcite.sql.SqlBinaryOperator(
            "&", SqlKind.OTHER, 36, true, org.apache.calcite.sql.type.ReturnTypes.LEAST_RESTRICTIVE,
            org.apache.calcite.sql.type.InferTypes.FIRST_KNOWN, org.apache.calcite.sql.type.OperandTypes.EXACT_NUMERIC_EXACT_NUMERIC);

    /** Set-returning functions that may stand in a select list (PostgreSQL runs them as a lateral join). */
    private static final java.util.Set<String> SELECT_LIST_SRFS = java.util.Collections.unmodifiableSet(
            new java.util.TreeSet<>(List.of("_pg_expandarray", "generate_series", "generate_subscripts", "shoal_unnest")));

    /**
     * A select list calling a set-returning function ({@code SELECT (_pg_expandarray(i.indkey)).n ...}) as
     * PostgreSQL evaluates it: each distinct call becomes a {@code CROSS JOIN LATERAL} of the FROM clause, its
     * field accesses columns of that join, and the call itself a composite of them.
     */
    private static SqlNode setReturning(org.apache.calcite.sql.SqlSelect sel) {
        if (sel.getFrom() == null) {
            return sel;
        }
        java.util.Map<String, String> aliases = new java.util.LinkedHashMap<>();
        java.util.Map<String, SqlCall> calls = new java.util.LinkedHashMap<>();
        SqlShuttle replace = new SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall c) {
                if (c instanceof org.apache.calcite.sql.SqlSelect) {
                    return c;
                }
                SqlParserPos p = c.getParserPosition();
                if (c.getKind() == SqlKind.DOT && c.operand(0) instanceof SqlCall inner && isSrf(inner)
                        && c.operand(1) instanceof SqlIdentifier field) {
                    return new SqlIdentifier(List.of(alias(inner), field.getSimple()), p);
                }
                if (isSrf(c)) {
                    String alias = alias(c);
                    if (name(c).equals("_pg_expandarray")) {
                        return call2("shoal_expandarray_row", new SqlIdentifier(List.of(alias, "x"), p),
                                new SqlIdentifier(List.of(alias, "n"), p), p);
                    }
                    return new SqlIdentifier(List.of(alias, name(c).equals("shoal_unnest") ? "unnest" : name(c)), p);
                }
                return super.visit(c);
            }

            private String alias(SqlCall c) {
                String key = c.toString();
                calls.putIfAbsent(key, c);
                return aliases.computeIfAbsent(key, k -> "shoal_srf_" + aliases.size());
            }
        };
        org.apache.calcite.sql.SqlNodeList items = sel.getSelectList();
        List<SqlNode> rewritten = new java.util.ArrayList<>();
        for (SqlNode item : items) {
            rewritten.add(item.accept(replace));
        }
        if (calls.isEmpty()) {
            return sel;
        }
        SqlNode from = sel.getFrom();
        if (calls.size() > 1) {
            // several set-returning functions run in lockstep: one ROWS FROM lateral, columns f<i>_<name>
            return zipped(sel, new org.apache.calcite.sql.SqlNodeList(rewritten, items.getParserPosition()), calls, aliases);
        }
        for (var e : calls.entrySet()) {
            SqlParserPos p = e.getValue().getParserPosition();
            SqlNode table = SqlStdOperatorTable.LATERAL.createCall(p,
                    SqlStdOperatorTable.COLLECTION_TABLE.createCall(p, e.getValue()));
            SqlNode aliased = SqlStdOperatorTable.AS.createCall(p, table, new SqlIdentifier(aliases.get(e.getKey()), p));
            from = new org.apache.calcite.sql.SqlJoin(p, from, SqlLiteral.createBoolean(false, p),
                    org.apache.calcite.sql.JoinType.CROSS.symbol(p), aliased,
                    org.apache.calcite.sql.JoinConditionType.NONE.symbol(p), null);
        }
        sel.setFrom(from);
        sel.setSelectList(new org.apache.calcite.sql.SqlNodeList(rewritten, items.getParserPosition()));
        return sel;
    }

    private static SqlNode zipped(org.apache.calcite.sql.SqlSelect sel, org.apache.calcite.sql.SqlNodeList items,
            java.util.Map<String, SqlCall> calls, java.util.Map<String, String> aliases) {
        SqlParserPos p = sel.getParserPosition();
        List<SqlNode> operands = new java.util.ArrayList<>();
        java.util.Map<String, Integer> index = new java.util.LinkedHashMap<>();
        for (var e : calls.entrySet()) {
            index.put(aliases.get(e.getKey()), index.size());
            operands.add(SqlLiteral.createCharString(name(e.getValue()), p));
            operands.add(SqlLiteral.createExactNumeric(Integer.toString(e.getValue().operandCount()), p));
            operands.addAll(e.getValue().getOperandList());
        }
        SqlNode rowsFrom = new org.apache.calcite.sql.SqlUnresolvedFunction(new SqlIdentifier("shoal_rows_from", p), null,
                null, null, null, org.apache.calcite.sql.SqlFunctionCategory.USER_DEFINED_TABLE_FUNCTION)
                .createCall(p, operands);
        SqlNode table = SqlStdOperatorTable.LATERAL.createCall(p, SqlStdOperatorTable.COLLECTION_TABLE.createCall(p, rowsFrom));
        SqlNode aliased = SqlStdOperatorTable.AS.createCall(p, table, new SqlIdentifier("shoal_srf", p));
        sel.setFrom(new org.apache.calcite.sql.SqlJoin(p, sel.getFrom(), SqlLiteral.createBoolean(false, p),
                org.apache.calcite.sql.JoinType.CROSS.symbol(p), aliased,
                org.apache.calcite.sql.JoinConditionType.NONE.symbol(p), null));
        // the first pass named columns shoal_srf_<k>.<column>: point them at the zipped relation's f<k>_<column>
        SqlShuttle rename = new SqlShuttle() {
            @Override
            public SqlNode visit(SqlIdentifier id) {
                if (id.names.size() == 2 && index.containsKey(id.names.get(0))) {
                    return new SqlIdentifier(List.of("shoal_srf", "f" + index.get(id.names.get(0)) + "_" + id.names.get(1)),
                            id.getParserPosition());
                }
                return id;
            }
        };
        List<SqlNode> out = new java.util.ArrayList<>();
        for (SqlNode item : items) {
            out.add(item.accept(rename));
        }
        sel.setSelectList(new org.apache.calcite.sql.SqlNodeList(out, items.getParserPosition()));
        return sel;
    }

    private static String name(SqlCall c) {
        if (c.getOperator() instanceof org.apache.calcite.sql.SqlUnresolvedFunction
                || c.getOperator() instanceof org.apache.calcite.sql.SqlFunction) {
            SqlIdentifier id = ((org.apache.calcite.sql.SqlFunction) c.getOperator()).getSqlIdentifier();
            String n = id != null ? id.names.get(id.names.size() - 1) : c.getOperator().getName();
            return n.toLowerCase(Locale.ROOT);
        }
        return "";
    }

    private static boolean isSrf(SqlCall c) {
        return SELECT_LIST_SRFS.contains(name(c));
    }

    private static SqlNode call2(String function, SqlNode x, SqlNode y, SqlParserPos p) {
        return new org.apache.calcite.sql.SqlUnresolvedFunction(new SqlIdentifier(function, p), null, null, null, null,
                org.apache.calcite.sql.SqlFunctionCategory.USER_DEFINED_FUNCTION).createCall(p, x, y);
    }

    /** Rewrites the text forms (see the class comment); returns {@code sql} itself when none occurs. */
    public static String rewriteText(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int n = sql.length();
        int i = 0;
        boolean changed = false;
        // for each open parenthesis: whether it opened CAST( ... AS type), where AS is followed by a type
        java.util.ArrayDeque<Boolean> parens = new java.util.ArrayDeque<>();
        // for each nesting level: the clause keyword last seen (unnest( is renamed in select lists only)
        java.util.ArrayDeque<String> clauses = new java.util.ArrayDeque<>();
        clauses.push("");
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isLetter(c) && (i == 0 || !isIdentChar(sql.charAt(i - 1)))) {
                int end = i;
                while (end < n && isIdentChar(sql.charAt(end))) {
                    end++;
                }
                String word = sql.substring(i, end).toLowerCase(Locale.ROOT);
                if (CLAUSES.contains(word)) {
                    clauses.pop();
                    clauses.push(word);
                }
            }
            if (c == '(') {
                clauses.push("");
                parens.push(endsWithWord(out, "cast"));
                out.append(c);
                i++;
                continue;
            }
            if (c == ')') {
                parens.poll();
                if (clauses.size() > 1) {
                    clauses.pop();
                }
                out.append(c);
                i++;
                continue;
            }
            if ((c == 'p' || c == 'P') && regionMatches(sql, i, "pg_catalog.") && (i == 0 || !isIdentChar(sql.charAt(i - 1)))
                    && functionCallAt(sql, i + 11)) {
                // every built-in function lives in pg_catalog: pg_catalog.count(*) is count(*)
                i += 11;
                changed = true;
                continue;
            }
            if ((c == 'E' || c == 'e') && i + 1 < n && sql.charAt(i + 1) == '\''
                    && (i == 0 || !isIdentChar(sql.charAt(i - 1)))) {
                int end = i + 2;
                StringBuilder lit = new StringBuilder("'");
                while (end < n && sql.charAt(end) != '\'') {
                    char d = sql.charAt(end);
                    if (d == '\\' && end + 1 < n) {
                        char e = sql.charAt(++end);
                        lit.append(switch (e) {
                            case 'n' -> "\n";
                            case 't' -> "\t";
                            case 'r' -> "\r";
                            case 'b' -> "\b";
                            case 'f' -> "\f";
                            case '\'' -> "''";
                            default -> String.valueOf(e);
                        });
                    } else {
                        lit.append(d);
                    }
                    end++;
                    if (end + 1 < n && sql.charAt(end) == '\'' && sql.charAt(end + 1) == '\'') {
                        lit.append("''");
                        end += 2;
                    }
                }
                out.append(lit).append('\'');
                i = end + 1;
                changed = true;
            } else if (c == '\'' || c == '"') {
                int end = skipQuoted(sql, i, c);
                out.append(sql, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.append(sql, i, end);
                i = end;
            } else if (regionMatches(sql, i, "operator") && (i == 0 || !isIdentChar(sql.charAt(i - 1)))
                    && operatorEnd(sql, i + 8) > 0) {
                int end = operatorEnd(sql, i + 8);
                String inner = sql.substring(sql.indexOf('(', i) + 1, end - 1).strip();
                String op = inner.startsWith("pg_catalog.") ? inner.substring(11) : inner;
                out.append(' ').append(op).append(' ');
                i = end;
                changed = true;
            } else if (regionMatches(sql, i, "collate") && (i == 0 || !isIdentChar(sql.charAt(i - 1)))
                    && i + 7 < n && Character.isWhitespace(sql.charAt(i + 7))) {
                int j = i + 7;
                while (j < n && Character.isWhitespace(sql.charAt(j))) {
                    j++;
                }
                int end = qualifiedNameEnd(sql, j);
                out.append(' ');
                i = end;
                changed = true;
            } else if ((c == 'u' || c == 'U') && regionMatches(sql, i, "unnest") && (i == 0 || !isIdentChar(sql.charAt(i - 1)))
                    && functionCallAt(sql, i) && "select".equals(clauses.peek())) {
                // PostgreSQL's unnest(array) in a select list is a set-returning function there too (in FROM the
                // engine's own UNNEST serves)
                out.append("shoal_unnest");
                i += 6;
                changed = true;
            } else if ((c == 'r' || c == 'R') && regionMatches(sql, i, "result") && (i == 0 || !isIdentChar(sql.charAt(i - 1)))
                    && (i + 6 >= n || !isIdentChar(sql.charAt(i + 6)))) {
                // RESULT is reserved in Calcite, a plain name in PostgreSQL (pgjdbc aliases a subquery "result")
                out.append("\"result\"");
                i += 6;
                changed = true;
            } else if (c == '.' && i + 1 < n && Character.isLetter(sql.charAt(i + 1))
                    && (i == 0 || sql.charAt(i - 1) != '.')
                    || Character.isLetter(c) && (i == 0 || !isIdentChar(sql.charAt(i - 1))) && afterAs(out)
                    && !Boolean.TRUE.equals(parens.peek())) {
                // a qualified column or an alias whose name Calcite reserves (pg_auth_members.member,
                // pgjdbc's "AS TYPE"): quoted
                boolean dot = c == '.';
                int end = dot ? i + 1 : i;
                while (end < n && isIdentChar(sql.charAt(end))) {
                    end++;
                }
                String word = sql.substring(dot ? i + 1 : i, end);
                int after = end;
                while (after < n && Character.isWhitespace(sql.charAt(after))) {
                    after++;
                }
                boolean call = after < n && sql.charAt(after) == '(';
                boolean label = !dot && !NOT_LABELS.contains(word.toLowerCase(Locale.ROOT));
                if (!call && (label || CALCITE_RESERVED_COLUMNS.contains(word.toLowerCase(Locale.ROOT)))) {
                    out.append(dot ? ".\"" : "\"").append(word.toLowerCase(Locale.ROOT)).append('"');
                    changed = true;
                } else {
                    out.append(dot ? "." : "").append(word);
                }
                i = end;
            } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
                // ::pg_catalog.int2[] is ::int2[]; ::varchar without a length is ::text (so arrays cast to it,
                // as SQLAlchemy's ix.indkey::varchar)
                int j = i + 2;
                while (j < n && Character.isWhitespace(sql.charAt(j))) {
                    j++;
                }
                if (regionMatches(sql, j, "pg_catalog.")) {
                    j += 11;
                    changed = true;
                }
                int end = j;
                while (end < n && isIdentChar(sql.charAt(end))) {
                    end++;
                }
                int after = end;
                while (after < n && Character.isWhitespace(sql.charAt(after))) {
                    after++;
                }
                if (sql.substring(j, end).equalsIgnoreCase("varchar") && (after >= n || sql.charAt(after) != '(')) {
                    out.append("::text");
                    i = end;
                    changed = true;
                } else {
                    out.append("::");
                    i = j;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return changed ? out.toString() : sql;
    }

    /** Column names of PostgreSQL's catalogs and clients' queries that Calcite's grammar reserves. */
    private static final java.util.Set<String> CALCITE_RESERVED_COLUMNS = java.util.Collections.unmodifiableSet(
            new java.util.TreeSet<>(List.of("member", "value", "position", "language", "result", "year", "month",
                    "day", "hour", "minute", "second", "start", "end", "rows", "row", "size", "source", "scope",
                    "method", "path", "window", "system", "names", "role", "schema", "type", "cardinality")));

    /**
     * Words after AS that are not column labels: the query of CREATE ... AS, and the DDL forms
     * (GENERATED ... AS IDENTITY, CREATE TYPE ... AS ENUM/RANGE, ...). Any other word after AS is a label and
     * is quoted, since PostgreSQL accepts every key word there (SQLAlchemy's {@code AS DEFAULT}).
     */
    private static final java.util.Set<String> NOT_LABELS = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(
            List.of("select", "with", "values", "table", "identity", "implicit", "assignment", "restrictive",
                    "permissive", "enum", "range", "not", "materialized", "on", "stored", "row", "integer", "int",
                    "bigint", "smallint", "text", "varchar", "numeric", "decimal", "boolean", "date", "timestamp",
                    "double", "real", "char", "character", "bytea", "json", "jsonb", "uuid", "interval", "time", "transaction",
                    "session", "local")));

    /** pg_catalog's int2vector, oidvector and array columns. */
    private static final java.util.Set<String> ARRAY_COLUMNS = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(
            List.of("indkey", "indoption", "indclass", "indcollation", "conkey", "confkey", "proargtypes",
                    "partattrs", "stxkeys", "tgattr", "prattrs")));

    private static final java.util.Set<String> CLAUSES = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(
            List.of("select", "from", "where", "join", "on", "group", "having", "order", "limit", "union", "values",
                    "set", "returning", "using", "window", "offset")));

    private static boolean endsWithWord(StringBuilder out, String word) {
        int k = out.length();
        while (k > 0 && Character.isWhitespace(out.charAt(k - 1))) {
            k--;
        }
        int start = k - word.length();
        return start >= 0 && out.substring(start, k).equalsIgnoreCase(word) && (start == 0 || !isIdentChar(out.charAt(start - 1)));
    }

    /** Whether an identifier starting at {@code i} is followed by '(' (a function call). */
    private static boolean functionCallAt(String sql, int i) {
        int j = i;
        if (j >= sql.length() || !(Character.isLetter(sql.charAt(j)) || sql.charAt(j) == '_')) {
            return false;
        }
        while (j < sql.length() && isIdentChar(sql.charAt(j))) {
            j++;
        }
        while (j < sql.length() && Character.isWhitespace(sql.charAt(j))) {
            j++;
        }
        return j < sql.length() && sql.charAt(j) == '(';
    }

    /** Whether the text so far ends with the keyword AS (and white space). */
    private static boolean afterAs(StringBuilder out) {
        int k = out.length();
        int ws = k;
        while (ws > 0 && Character.isWhitespace(out.charAt(ws - 1))) {
            ws--;
        }
        if (ws == k || ws < 2) {
            return false;
        }
        return (out.charAt(ws - 1) == 's' || out.charAt(ws - 1) == 'S') && (out.charAt(ws - 2) == 'a' || out.charAt(ws - 2) == 'A')
                && (ws == 2 || !isIdentChar(out.charAt(ws - 3)));
    }

    private static boolean regionMatches(String sql, int i, String word) {
        return sql.regionMatches(true, i, word, 0, word.length());
    }

    private static boolean isIdentChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** For {@code OPERATOR ( schema.op )} starting after the keyword: the index after ')', or -1. */
    private static int operatorEnd(String sql, int i) {
        int j = i;
        while (j < sql.length() && Character.isWhitespace(sql.charAt(j))) {
            j++;
        }
        if (j >= sql.length() || sql.charAt(j) != '(') {
            return -1;
        }
        int close = sql.indexOf(')', j);
        if (close < 0 || close - j > 40) {
            return -1;
        }
        return close + 1;
    }

    /** The end of a possibly qualified, possibly quoted name starting at {@code j}. */
    private static int qualifiedNameEnd(String sql, int j) {
        int n = sql.length();
        int k = j;
        while (k < n) {
            if (sql.charAt(k) == '"') {
                k = skipQuoted(sql, k, '"');
            } else {
                while (k < n && isIdentChar(sql.charAt(k))) {
                    k++;
                }
            }
            if (k < n && sql.charAt(k) == '.') {
                k++;
            } else {
                break;
            }
        }
        return k;
    }

    private static int skipQuoted(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
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

    /** Rewrites casts to catalog types (see the class comment). */
    public static final SqlShuttle CASTS = new SqlShuttle() {
        @Override
        public SqlNode visit(SqlCall call) {
            SqlCall visited = (SqlCall) super.visit(call);
            if (visited instanceof org.apache.calcite.sql.SqlSelect sel) {
                return setReturning(sel);
            }
            if (visited != null && visited.getOperator() instanceof org.apache.calcite.sql.fun.SqlQuantifyOperator q
                    && visited.operandCount() == 2 && visited.operand(1) instanceof org.apache.calcite.sql.SqlNodeList list
                    && list.size() == 1 && !(list.get(0) instanceof org.apache.calcite.sql.SqlSelect)
                    && (q.comparisonKind == SqlKind.EQUALS && q.kind == SqlKind.SOME
                        || q.comparisonKind == SqlKind.NOT_EQUALS && q.kind == SqlKind.ALL)) {
                // x = ANY (array) and x <> ALL (array): membership in an array value
                SqlParserPos p = visited.getParserPosition();
                SqlNode contains = new org.apache.calcite.sql.SqlUnresolvedFunction(new SqlIdentifier("shoal_array_contains", p),
                        null, null, null, null, org.apache.calcite.sql.SqlFunctionCategory.USER_DEFINED_FUNCTION)
                        .createCall(p, list.get(0), visited.operand(0));
                return q.kind == SqlKind.SOME ? contains : SqlStdOperatorTable.NOT.createCall(p, contains);
            }
            if (visited != null && (visited.getKind() == SqlKind.EQUALS || visited.getKind() == SqlKind.NOT_EQUALS)
                    && visited.operandCount() == 2 && isArrayText(visited.operand(1))) {
                // array = '{...}': compared as PostgreSQL compares an array with an array literal
                SqlParserPos p = visited.getParserPosition();
                SqlNode eq = call("shoal_array_text_equals", visited.operand(0), p);
                eq = ((SqlCall) eq).getOperator().createCall(p, visited.operand(0), visited.operand(1));
                return visited.getKind() == SqlKind.EQUALS ? eq : SqlStdOperatorTable.NOT.createCall(p, eq);
            }
            if (visited != null && (visited.getKind() == SqlKind.CAST || visited.getOperator().getName().equals("::"))
                    && visited.operandCount() == 2 && visited.operand(0) instanceof SqlIdentifier id
                    && ARRAY_COLUMNS.contains(id.names.get(id.names.size() - 1).toLowerCase(Locale.ROOT))
                    && visited.operand(1) instanceof SqlDataTypeSpec spec && spec.getTypeNameSpec().getTypeName().names
                            .get(spec.getTypeNameSpec().getTypeName().names.size() - 1).toLowerCase(Locale.ROOT).matches("text|varchar")) {
                // a catalog vector or array column as text (SQLAlchemy reads ix.indkey::varchar): its text form
                return call("shoal_array_text", id, visited.getParserPosition());
            }
            if (visited == null || !(visited.getKind() == SqlKind.CAST || visited.getOperator().getName().equals("::"))
                    || visited.operandCount() != 2 || !(visited.operand(1) instanceof SqlDataTypeSpec spec)
                    || !(spec.getTypeNameSpec() instanceof SqlUserDefinedTypeNameSpec u)) {
                return visited;
            }
            List<String> names = u.getTypeName().names;
            String type = names.get(names.size() - 1).toLowerCase(Locale.ROOT);
            SqlNode x = visited.operand(0);
            SqlParserPos p = visited.getParserPosition();
            boolean literal = x instanceof SqlLiteral l && l.getTypeName().getFamily()
                    == org.apache.calcite.sql.type.SqlTypeFamily.CHARACTER;
            return switch (type) {
                case "regclass" -> call(literal ? "shoal_regclass_in" : "shoal_regclass_out", x, p);
                case "regtype" -> call(literal ? "shoal_regtype_in" : "shoal_regtype_out", x, p);
                case "regnamespace" -> call("shoal_regnamespace_out", x, p);
                case "regrole" -> call("pg_get_userbyid", x, p);
                case "regproc", "regprocedure" -> literal ? SqlLiteral.createCharString(
                        strip(((SqlLiteral) x).getValueAs(String.class)), p) : x;
                case "oid", "xid", "cid", "regoper", "regconfig" -> {
                    if (x instanceof SqlCall inner && inner.getOperator().getName().equals("shoal_regclass_out")) {
                        yield call("shoal_regclass_in", inner.operand(0), p);
                    }
                    if (x instanceof SqlCall inner && inner.getOperator().getName().equals("shoal_regtype_out")) {
                        yield inner.operand(0);
                    }
                    yield cast(x, SqlTypeName.INTEGER, p);
                }
                case "name", "char", "bpchar", "text", "varchar", "pg_node_tree" -> names.size() > 1 || !type.equals("char")
                        ? cast(x, SqlTypeName.VARCHAR, p) : visited;
                case "int2vector", "oidvector" -> x;
                default -> {
                    if (type.startsWith("_")) {
                        yield literal ? arrayLiteral(((SqlLiteral) x).getValueAs(String.class), type.substring(1), p) : x;
                    }
                    if (names.size() > 1) {
                        // pg_catalog.int4 and the like: the unqualified type
                        SqlDataTypeSpec simple = new SqlDataTypeSpec(new SqlUserDefinedTypeNameSpec(
                                new SqlIdentifier(names.get(names.size() - 1), p), p), p);
                        yield visited.getOperator().createCall(p, x, simple);
                    }
                    yield visited;
                }
            };
        }
    };

    private static boolean isArrayText(SqlNode n) {
        return n instanceof SqlLiteral l && l.getTypeName().getFamily() == org.apache.calcite.sql.type.SqlTypeFamily.CHARACTER
                && l.getValueAs(String.class).startsWith("{") && l.getValueAs(String.class).endsWith("}");
    }

    private static String strip(String s) {
        return s.startsWith("pg_catalog.") ? s.substring(11) : s;
    }

    private static SqlNode call(String function, SqlNode x, SqlParserPos p) {
        return new org.apache.calcite.sql.SqlUnresolvedFunction(new SqlIdentifier(function, p), null, null, null, null,
                org.apache.calcite.sql.SqlFunctionCategory.USER_DEFINED_FUNCTION).createCall(p, x);
    }

    private static SqlNode cast(SqlNode x, SqlTypeName t, SqlParserPos p) {
        return SqlStdOperatorTable.CAST.createCall(p, x, new SqlDataTypeSpec(new SqlBasicTypeNameSpec(t, p), p));
    }

    /** {@code '{a,b}'::_type} as ARRAY[a::type, b::type]. */
    private static SqlNode arrayLiteral(String text, String elementType, SqlParserPos p) {
        PgArray parsed = PgArray.parse(text);
        List<SqlNode> elements = new java.util.ArrayList<>();
        SqlTypeName t = switch (elementType) {
            case "int2" -> SqlTypeName.SMALLINT;
            case "int4", "int", "integer", "oid", "regclass", "regtype" -> SqlTypeName.INTEGER;
            case "int8" -> SqlTypeName.BIGINT;
            case "bool" -> SqlTypeName.BOOLEAN;
            default -> SqlTypeName.VARCHAR;
        };
        for (Object e : parsed.elements()) {
            SqlNode lit = e == null ? SqlLiteral.createNull(p) : SqlLiteral.createCharString(e.toString(), p);
            elements.add(cast(lit, t, p));
        }
        if (elements.isEmpty()) {
            elements.add(cast(SqlLiteral.createNull(p), t, p));
            return call("shoal_empty_array", SqlStdOperatorTable.ARRAY_VALUE_CONSTRUCTOR.createCall(p, elements), p);
        }
        return SqlStdOperatorTable.ARRAY_VALUE_CONSTRUCTOR.createCall(p, elements);
    }
}
