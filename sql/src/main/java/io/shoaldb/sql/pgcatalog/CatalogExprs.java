package io.shoaldb.sql.pgcatalog;

import io.shoaldb.sql.exec.Expr;
import io.shoaldb.sql.exec.Values;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.sql.SqlKind;

/**
 * Expressions catalog queries use that the general compiler leaves out: the catalog functions, POSIX regular
 * expression matches ({@code ~ ~* !~ !~*}), array subscripts and {@code x op ANY/ALL (array)}.
 */
public final class CatalogExprs {
    /** Bound on cached compiled patterns per expression (patterns usually are constants). */
    private static final int MAX_CACHED_PATTERNS = 64;

    private CatalogExprs() {
    }

    /** The compiled call, or null when it is none of these. */
    public static Expr compile(RexCall call, List<Expr> a) {
        Expr f = Functions.compile(call, a);
        if (f != null) {
            return f;
        }
        if (call.getOperator().getName().equals("&") && call.getOperands().size() == 2) {
            return (row, ctx) -> {
                Object x = a.get(0).eval(row, ctx);
                Object y = a.get(1).eval(row, ctx);
                if (x == null || y == null) {
                    return null;
                }
                long r = ((Number) x).longValue() & ((Number) y).longValue();
                return switch (call.getType().getSqlTypeName()) {
                    case BIGINT -> (Object) r;
                    case INTEGER -> (Object) (int) r;
                    default -> (Object) (short) r;
                };
            };
        }
        SqlKind k = call.getKind();
        return switch (k) {
            case POSIX_REGEX_CASE_SENSITIVE, POSIX_REGEX_CASE_INSENSITIVE -> regex(a, k == SqlKind.POSIX_REGEX_CASE_INSENSITIVE,
                    call.getOperator() == org.apache.calcite.sql.fun.SqlStdOperatorTable.NEGATED_POSIX_REGEX_CASE_SENSITIVE
                    || call.getOperator() == org.apache.calcite.sql.fun.SqlStdOperatorTable.NEGATED_POSIX_REGEX_CASE_INSENSITIVE);
            case ITEM -> (row, ctx) -> {
                Object arr = a.get(0).eval(row, ctx);
                Object i = a.get(1).eval(row, ctx);
                if (arr == null || i == null) {
                    return null;
                }
                // int2vector and oidvector subscript from 0, arrays from 1
                return PgArray.from(arr).subscript(((Number) i).longValue());
            };
            case SOME, ALL -> call.getOperands().size() == 2 && call.getOperands().get(1).getType().getComponentType() != null
                    ? io.shoaldb.sql.exec.TypeFunctions.quantified(a,
                            ((org.apache.calcite.sql.fun.SqlQuantifyOperator) call.getOperator()).comparisonKind,
                            call.getKind() == SqlKind.ALL) : null;
            case ARRAY_VALUE_CONSTRUCTOR -> (row, ctx) -> {
                List<Object> out = new java.util.ArrayList<>(a.size());
                for (Expr e : a) {
                    out.add(e.eval(row, ctx));
                }
                return PgArray.of(out);
            };
            default -> null;
        };
    }

    private static Expr regex(List<Expr> a, boolean caseInsensitive, boolean negated) {
        java.util.Map<String, Pattern> cache = new java.util.LinkedHashMap<>();
        return (row, ctx) -> {
            Object s = a.get(0).eval(row, ctx);
            Object p = a.get(1).eval(row, ctx);
            if (s == null || p == null) {
                return null;
            }
            Pattern pattern = cache.get(p.toString());
            if (pattern == null) {
                try {
                    pattern = Pattern.compile(p.toString(), caseInsensitive ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
                } catch (java.util.regex.PatternSyntaxException e) {
                    throw new io.shoaldb.sql.error.SqlException("2201B", "invalid regular expression: " + e.getDescription());
                }
                if (cache.size() < MAX_CACHED_PATTERNS) {
                    cache.put(p.toString(), pattern);
                }
            }
            return pattern.matcher(s.toString()).find() != negated;
        };
    }
}
