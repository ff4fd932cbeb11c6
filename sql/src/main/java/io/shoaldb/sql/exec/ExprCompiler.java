package io.shoaldb.sql.exec;

import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.NlsString;

/**
 * Compiles Calcite row expressions into {@link Expr} closures with PostgreSQL semantics (three-valued
 * logic, overflow errors, division by zero). Calcite only describes the expression; it never evaluates.
 * Anything this compiler lacks is refused at planning time with 0A000, never evaluated wrongly.
 */
public final class ExprCompiler {
    private final RexBuilder rexBuilder;

    public ExprCompiler(RexBuilder rexBuilder) {
        this.rexBuilder = rexBuilder;
    }

    public List<Expr> compileAll(List<RexNode> nodes) {
        List<Expr> out = new ArrayList<>(nodes.size());
        for (RexNode n : nodes) {
            out.add(compile(n));
        }
        return out;
    }

    public Expr compile(RexNode node) {
        if (node.getKind() == SqlKind.SEARCH) {
            node = RexUtil.expandSearch(rexBuilder, null, node);
        }
        if (node instanceof RexInputRef ref) {
            int i = ref.getIndex();
            return (row, ctx) -> row[i];
        }
        if (node instanceof RexLiteral lit) {
            Object v = literalValue(lit);
            return (row, ctx) -> v;
        }
        if (node instanceof RexDynamicParam p) {
            int i = p.getIndex();
            return (row, ctx) -> ctx.param(i);
        }
        if (node instanceof RexCall call) {
            Expr typed = TypeFunctions.compile(this, call);
            return typed != null ? typed : compileCall(call);
        }
        if (node instanceof org.apache.calcite.rex.RexFieldAccess fa
                && fa.getReferenceExpr() instanceof org.apache.calcite.rex.RexCorrelVariable cv) {
            int id = cv.id.getId();
            int field = fa.getField().getIndex();
            return (row, ctx) -> ctx.correlation(id)[field];
        }
        if (node instanceof org.apache.calcite.rex.RexFieldAccess fa) {
            // a field of a composite value (information_schema._pg_expandarray's (x, n))
            Expr composite = compile(fa.getReferenceExpr());
            int field = fa.getField().getIndex();
            return (row, ctx) -> {
                Object v = composite.eval(row, ctx);
                return v == null ? null : ((Object[]) v)[field];
            };
        }
        throw SqlException.notSupported("expression " + node.getKind().toString().toLowerCase(Locale.ROOT)
                + " (correlated references are not supported yet)");
    }

    /** A literal in the runtime class of its type. */
    public static Object literalValue(RexLiteral lit) {
        if (lit.isNull()) {
            return null;
        }
        RelDataType t = lit.getType();
        return switch (t.getSqlTypeName()) {
            case BOOLEAN -> lit.getValueAs(Boolean.class);
            case TINYINT, SMALLINT -> lit.getValueAs(Short.class);
            case INTEGER -> lit.getValueAs(Integer.class);
            case BIGINT -> lit.getValueAs(Long.class);
            case REAL -> lit.getValueAs(Float.class);
            case DOUBLE, FLOAT -> lit.getValueAs(Double.class);
            case DECIMAL -> lit.getValueAs(BigDecimal.class);
            case CHAR, VARCHAR -> lit.getValueAs(String.class);
            case BINARY, VARBINARY -> lit.getValueAs(byte[].class);
            case DATE -> lit.getValueAs(Integer.class);
            case TIMESTAMP -> lit.getValueAs(Long.class);
            case TIME -> java.time.LocalTime.ofNanoOfDay(lit.getValueAs(Integer.class) * 1_000_000L);
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> java.time.Instant.ofEpochMilli(lit.getValueAs(Long.class));
            case SYMBOL -> lit.getValue();
            default -> throw SqlException.notSupported("literal of type " + t.getSqlTypeName().getName());
        };
    }

    private Expr compileCall(RexCall call) {
        List<Expr> a = compileAll(call.getOperands());
        SqlTypeName type = call.getType().getSqlTypeName();
        switch (call.getKind()) {
            case AND, OR: {
                // three-valued logic: a deciding operand (false for AND, true for OR) wins over NULL
                boolean decides = call.getKind() == SqlKind.OR;
                return (row, ctx) -> {
                    boolean sawNull = false;
                    for (Expr e : a) {
                        Object v = e.eval(row, ctx);
                        if (v == null) {
                            sawNull = true;
                        } else if ((Boolean) v == decides) {
                            return decides;
                        }
                    }
                    return sawNull ? null : !decides;
                };
            }
            case NOT: {
                Expr x = a.get(0);
                return (row, ctx) -> {
                    Object v = x.eval(row, ctx);
                    return v == null ? null : !(Boolean) v;
                };
            }
            case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL: {
                Expr x = a.get(0);
                Expr y = a.get(1);
                SqlKind k = call.getKind();
                return (row, ctx) -> {
                    Object p = x.eval(row, ctx);
                    if (p == null) {
                        return null;
                    }
                    Object q = y.eval(row, ctx);
                    if (q == null) {
                        return null;
                    }
                    int c = Values.compare(p, q);
                    return switch (k) {
                        case EQUALS -> c == 0;
                        case NOT_EQUALS -> c != 0;
                        case LESS_THAN -> c < 0;
                        case LESS_THAN_OR_EQUAL -> c <= 0;
                        case GREATER_THAN -> c > 0;
                        default -> c >= 0;
                    };
                };
            }
            case IS_DISTINCT_FROM, IS_NOT_DISTINCT_FROM: {
                Expr x = a.get(0);
                Expr y = a.get(1);
                boolean distinct = call.getKind() == SqlKind.IS_DISTINCT_FROM;
                return (row, ctx) -> {
                    Object p = x.eval(row, ctx);
                    Object q = y.eval(row, ctx);
                    boolean same = p == null || q == null ? p == q : Values.compare(p, q) == 0;
                    return distinct != same;
                };
            }
            case IS_NULL, IS_NOT_NULL: {
                Expr x = a.get(0);
                boolean wantNull = call.getKind() == SqlKind.IS_NULL;
                return (row, ctx) -> (x.eval(row, ctx) == null) == wantNull;
            }
            case IS_TRUE, IS_NOT_TRUE, IS_FALSE, IS_NOT_FALSE: {
                Expr x = a.get(0);
                SqlKind k = call.getKind();
                return (row, ctx) -> {
                    Object v = x.eval(row, ctx);
                    return switch (k) {
                        case IS_TRUE -> Boolean.TRUE.equals(v);
                        case IS_NOT_TRUE -> !Boolean.TRUE.equals(v);
                        case IS_FALSE -> Boolean.FALSE.equals(v);
                        default -> !Boolean.FALSE.equals(v);
                    };
                };
            }
            case PLUS, MINUS, TIMES, DIVIDE, MOD: {
                if (IntervalMath.compile(call, a) instanceof Expr dateTime) {
                    return dateTime;
                }
                if (call.getOperands().size() != 2 || !SqlTypeName.NUMERIC_TYPES.contains(type)) {
                    throw SqlException.notSupported("operator " + call.getOperator().getName() + " on " + type.getName());
                }
                Expr x = a.get(0);
                Expr y = a.get(1);
                SqlKind k = call.getKind();
                return (row, ctx) -> {
                    Object p = x.eval(row, ctx);
                    Object q = y.eval(row, ctx);
                    if (p == null || q == null) {
                        return null;
                    }
                    Object r = switch (k) {
                        case PLUS -> Values.add(p, q, type);
                        case MINUS -> Values.subtract(p, q, type);
                        case TIMES -> Values.multiply(p, q, type);
                        case DIVIDE -> Values.divide(p, q, type);
                        default -> Values.mod(p, q, type);
                    };
                    return r;
                };
            }
            case MINUS_PREFIX: {
                if (IntervalMath.compile(call, a) instanceof Expr negated) {
                    return negated;
                }
                Expr x = a.get(0);
                return (row, ctx) -> {
                    Object v = x.eval(row, ctx);
                    return v == null ? null : Values.negate(v, type);
                };
            }
            case PLUS_PREFIX:
                return a.get(0);
            case CAST: {
                Expr x = a.get(0);
                int precision = call.getType().getPrecision();
                int scale = call.getType().getScale();
                SqlTypeName from = call.getOperands().get(0).getType().getSqlTypeName();
                if (SqlTypeName.CHAR_TYPES.contains(type) && (from == SqlTypeName.DATE || from == SqlTypeName.TIMESTAMP
                        || from == SqlTypeName.BOOLEAN)) {
                    // PostgreSQL's text of these types differs from their runtime classes' toString
                    return (row, ctx) -> {
                        Object v = x.eval(row, ctx);
                        if (v == null) {
                            return null;
                        }
                        String text = switch (from) {
                            case DATE -> Values.formatDate((Integer) v);
                            case TIMESTAMP -> Values.formatTimestamp((Long) v);
                            default -> (Boolean) v ? "true" : "false";
                        };
                        return Values.cast(text, type, precision, scale);
                    };
                }
                return (row, ctx) -> Values.cast(x.eval(row, ctx), type, precision, scale);
            }
            case CASE: {
                return (row, ctx) -> {
                    int n = a.size();
                    for (int i = 0; i + 1 < n; i += 2) {
                        if (Boolean.TRUE.equals(a.get(i).eval(row, ctx))) {
                            return a.get(i + 1).eval(row, ctx);
                        }
                    }
                    return n % 2 == 1 ? a.get(n - 1).eval(row, ctx) : null;
                };
            }
            case COALESCE:
                return (row, ctx) -> {
                    for (Expr e : a) {
                        Object v = e.eval(row, ctx);
                        if (v != null) {
                            return v;
                        }
                    }
                    return null;
                };
            case LIKE: {
                boolean negated = call.getOperator().getName().startsWith("NOT");
                boolean ci = call.getOperator().getName().contains("ILIKE");
                Expr x = a.get(0);
                Expr pat = a.get(1);
                return (row, ctx) -> {
                    Object s = x.eval(row, ctx);
                    Object p = pat.eval(row, ctx);
                    if (s == null || p == null) {
                        return null;
                    }
                    boolean m = likePattern((String) p, ci).matcher((String) s).matches();
                    return m != negated;
                };
            }
            default:
                return compileFunction(call, a, type);
        }
    }

    private Expr compileFunction(RexCall call, List<Expr> a, SqlTypeName type) {
        String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
        switch (name) {
            case "||":
                return strict(a, v -> Values.format(v[0]) + Values.format(v[1]));
            case "UPPER":
                return strict(a, v -> ((String) v[0]).toUpperCase(Locale.ROOT));
            case "LOWER":
                return strict(a, v -> ((String) v[0]).toLowerCase(Locale.ROOT));
            case "CHAR_LENGTH", "CHARACTER_LENGTH", "LENGTH":
                return strict(a, v -> ((String) v[0]).codePointCount(0, ((String) v[0]).length()));
            case "ABS":
                return strict(a, v -> abs(v[0], type));
            case "VERSION":
                return (row, ctx) -> ctx.session().version();
            case "CURRENT_DATABASE", "CURRENT_CATALOG":
                return (row, ctx) -> ctx.session().database();
            case "CURRENT_USER", "SESSION_USER", "USER", "CURRENT_ROLE":
                return (row, ctx) -> ctx.session().user();
            case "CURRENT_SCHEMA":
                return (row, ctx) -> ctx.session().currentSchema();
            case "PG_BACKEND_PID":
                return (row, ctx) -> ctx.session().backendPid();
            case "CURRENT_SETTING":
                return strict(a, (v, ctx) -> ctx.session().setting().apply((String) v[0]));
            case "NEXTVAL":
                return strict(a, (v, ctx) -> {
                    try {
                        return ctx.catalog().nextval((String) v[0]);
                    } catch (IllegalArgumentException e) {
                        throw new SqlException(SqlState.UNDEFINED_TABLE, "relation \"" + v[0] + "\" does not exist");
                    }
                });
            case "SUBSTRING":
                return strict(a, v -> substring((String) v[0], ((Number) v[1]).intValue(),
                        v.length > 2 ? ((Number) v[2]).intValue() : Integer.MAX_VALUE));
            case "TRIM":
                return strict(a, v -> trim(v[0].toString(), (String) v[1], (String) v[2]));
            case "ROUND":
                return strict(a, v -> round(v[0], v.length > 1 ? ((Number) v[1]).intValue() : 0));
            case "FLOOR", "CEIL", "CEILING":
                return strict(a, v -> floorCeil(v[0], name.startsWith("FLOOR")));
            case "POSITION":
                if (a.size() != 2) {
                    throw SqlException.notSupported("POSITION ... FROM");
                }
                return strict(a, v -> {
                    String sub = (String) v[0];
                    String str = (String) v[1];
                    int at = str.indexOf(sub);
                    return at < 0 ? 0 : str.codePointCount(0, at) + 1;
                });
            case "REPLACE":
                return strict(a, v -> ((String) v[0]).replace((String) v[1], (String) v[2]));
            case "REPEAT":
                return strict(a, v -> ((String) v[0]).repeat(Math.max(0, ((Number) v[1]).intValue())));
            case "REVERSE":
                return strict(a, v -> new StringBuilder((String) v[0]).reverse().toString());
            case "LEFT", "RIGHT":
                return strict(a, v -> leftRight((String) v[0], ((Number) v[1]).intValue(), name.equals("LEFT")));
            case "LTRIM", "RTRIM":
                return strict(a, v -> trim(name.equals("LTRIM") ? "LEADING" : "TRAILING", v.length > 1 ? (String) v[1] : " ",
                        (String) v[0]));
            case "INITCAP":
                return strict(a, v -> initcap((String) v[0]));
            case "CONCAT":
                return (row, ctx) -> {
                    StringBuilder b = new StringBuilder();
                    for (Expr e : a) {
                        Object x = e.eval(row, ctx);
                        if (x != null) {
                            b.append(Values.format(x));
                        }
                    }
                    return b.toString();
                };
            case "GREATEST", "LEAST":
                return (row, ctx) -> {
                    Object best = null;
                    for (Expr e : a) {
                        Object x = e.eval(row, ctx);
                        if (x != null && (best == null || (Values.compare(x, best) > 0) == name.equals("GREATEST")
                                && Values.compare(x, best) != 0)) {
                            best = x;
                        }
                    }
                    return best == null ? null : Values.cast(best, type, call.getType().getPrecision(), call.getType().getScale());
                };
            case "SIGN":
                return strict(a, v -> Values.cast(Integer.signum(Values.compare(v[0], 0)), type, -1, -1));
            case "POWER", "SQRT", "EXP", "LN", "LOG10":
                return strict(a, v -> {
                    double x = ((Number) v[0]).doubleValue();
                    double r = switch (name) {
                        case "POWER" -> {
                            // Calcite also turns sqrt(x) into power(x, 0.5)
                            double y = ((Number) v[1]).doubleValue();
                            if (x < 0 && y != Math.rint(y)) {
                                throw new SqlException("2201F", "a negative number raised to a non-integer power yields a complex result");
                            }
                            if (x == 0 && y < 0) {
                                throw new SqlException("2201F", "zero raised to a negative power is undefined");
                            }
                            yield Math.pow(x, y);
                        }
                        case "SQRT" -> {
                            if (x < 0) {
                                throw new SqlException("2201F", "cannot take square root of a negative number");
                            }
                            yield Math.sqrt(x);
                        }
                        case "EXP" -> Math.exp(x);
                        case "LN", "LOG10" -> {
                            if (x <= 0) {
                                throw new SqlException("2201E", x == 0 ? "cannot take logarithm of zero"
                                        : "cannot take logarithm of a negative number");
                            }
                            yield name.equals("LN") ? Math.log(x) : Math.log10(x);
                        }
                        default -> throw new IllegalStateException(name);
                    };
                    return Values.cast(Values.checkDouble(r), type, call.getType().getPrecision(), call.getType().getScale());
                });
            default: {
                Expr catalogExpr = io.shoaldb.sql.pgcatalog.CatalogExprs.compile(call, a);
                if (catalogExpr != null) {
                    return catalogExpr;
                }
                throw new SqlException(SqlState.FEATURE_NOT_SUPPORTED,
                        "function " + call.getOperator().getName().toLowerCase(Locale.ROOT) + " is not supported");
            }
        }
    }

    /** A function whose result is null when any argument is null. */
    private interface StrictFn {
        Object apply(Object[] args, ExecContext ctx);
    }

    private static Expr strict(List<Expr> a, java.util.function.Function<Object[], Object> f) {
        return strict(a, (v, ctx) -> f.apply(v));
    }

    private static Expr strict(List<Expr> a, StrictFn f) {
        return (row, ctx) -> {
            Object[] v = new Object[a.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = a.get(i).eval(row, ctx);
                if (v[i] == null) {
                    return null;
                }
            }
            return f.apply(v, ctx);
        };
    }

    private static Object abs(Object v, SqlTypeName type) {
        return switch (v) {
            case Short s -> Values.checkShort(Math.abs((long) s));
            case Integer i -> Values.checkInt(Math.abs((long) i));
            case Long l -> {
                if (l == Long.MIN_VALUE) {
                    throw Values.outOfRange("bigint");
                }
                yield Math.abs(l);
            }
            case Float f -> Math.abs(f);
            case Double d -> Math.abs(d);
            case BigDecimal d -> d.abs();
            default -> throw SqlException.notSupported("abs of " + type.getName());
        };
    }

    private static Object round(Object v, int digits) {
        if (v instanceof BigDecimal d) {
            return d.setScale(digits, RoundingMode.HALF_UP);
        }
        if (v instanceof Double d) {
            return Math.rint(d); // PostgreSQL rounds float8 half to even
        }
        return v;
    }

    private static Object floorCeil(Object v, boolean floor) {
        if (v instanceof BigDecimal d) {
            return d.setScale(0, floor ? RoundingMode.FLOOR : RoundingMode.CEILING);
        }
        if (v instanceof Double d) {
            return floor ? Math.floor(d) : Math.ceil(d);
        }
        return v;
    }

    private static String leftRight(String s, int n, boolean left) {
        int len = s.codePointCount(0, s.length());
        int count = n >= 0 ? Math.min(n, len) : Math.max(0, len + n);
        return left ? s.substring(0, s.offsetByCodePoints(0, count))
                : s.substring(s.offsetByCodePoints(0, len - count));
    }

    private static String initcap(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean start = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = !Character.isLetterOrDigit(c);
        }
        return b.toString();
    }

    private static String substring(String s, int start, int count) {
        if (count < 0) {
            throw new SqlException(SqlState.DATA_EXCEPTION, "negative substring length not allowed");
        }
        long from = start - 1L;
        long to = count == Integer.MAX_VALUE ? Long.MAX_VALUE : from + count;
        int cps = s.codePointCount(0, s.length());
        int f = (int) Math.max(0, Math.min(from, cps));
        int t = (int) Math.max(0, Math.min(to, cps));
        if (t <= f) {
            return "";
        }
        return s.substring(s.offsetByCodePoints(0, f), s.offsetByCodePoints(0, t));
    }

    private static String trim(String flag, String chars, String s) {
        int b = 0;
        int e = s.length();
        boolean lead = !flag.equals("TRAILING");
        boolean trail = !flag.equals("LEADING");
        while (lead && b < e && chars.indexOf(s.charAt(b)) >= 0) {
            b++;
        }
        while (trail && e > b && chars.indexOf(s.charAt(e - 1)) >= 0) {
            e--;
        }
        return s.substring(b, e);
    }

    /** Translates a LIKE pattern (backslash escapes, % and _) into a regular expression. */
    static Pattern likePattern(String p, boolean caseInsensitive) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < p.length()) {
                re.append(Pattern.quote(String.valueOf(p.charAt(++i))));
            } else if (c == '%') {
                re.append(".*");
            } else if (c == '_') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL | (caseInsensitive ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0));
    }

    /** NlsString literals arrive from Calcite in some paths; normalise to String. */
    static Object unwrap(Object v) {
        return v instanceof NlsString n ? n.getValue() : v;
    }
}
