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
 * pg_catalog.default} (ShoalDB has one collation), turns {@code E'\n'} into a plain literal and
 * {@code ::text[]} into {@code ::_text} (PostgreSQL's own name of the array type). After parsing,
 * {@link #CASTS} rewrites casts to catalog types: {@code 'name'::regclass} looks the OID up,
 * {@code oid::regclass} shows the name, {@code 'array_in'::regproc} is the function name, oid/name/"char" are
 * integers and text, and {@code '{a,b}'::text[]} an array value. Text outside string literals, quoted
 * identifiers and comments is the only text touched.
 */
public final class CatalogSyntax {
    private CatalogSyntax() {
    }

    /** Rewrites the text forms (see the class comment); returns {@code sql} itself when none occurs. */
    public static String rewriteText(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int n = sql.length();
        int i = 0;
        boolean changed = false;
        while (i < n) {
            char c = sql.charAt(i);
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
            } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
                int j = i + 2;
                while (j < n && Character.isWhitespace(sql.charAt(j))) {
                    j++;
                }
                int end = qualifiedNameEnd(sql, j);
                int k = end;
                while (k < n && Character.isWhitespace(sql.charAt(k))) {
                    k++;
                }
                if (end > j && k + 1 < n && sql.charAt(k) == '[' && sql.charAt(k + 1) == ']') {
                    String type = sql.substring(j, end).strip();
                    int dot = type.lastIndexOf('.');
                    type = dot >= 0 ? type.substring(dot + 1) : type;
                    out.append("::_").append(type.replace("\"", ""));
                    i = k + 2;
                    changed = true;
                } else {
                    out.append("::");
                    i += 2;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return changed ? out.toString() : sql;
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
