package io.shoaldb.sql.exec;

import io.shoaldb.sql.catalog.PgType;
import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlQuantifyOperator;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Expressions over arrays, uuid and json/jsonb: casts to and from them, ARRAY[...], subscripts,
 * {@code = ANY(array)}, the json operators and the array/json/uuid functions. {@link ExprCompiler}
 * asks here first; null means "not one of these".
 */
public final class TypeFunctions {
    private TypeFunctions() {
    }

    /** The PostgreSQL type of a Calcite type, or null where it has none. */
    private static PgType pg(RelDataType t) {
        try {
            return PgType.of(t);
        } catch (SqlException e) {
            return null;
        }
    }

    private static boolean isJson(RelDataType t) {
        PgType p = pg(t);
        return p == PgType.JSON || p == PgType.JSONB;
    }

    /** A TimeZone setting's zone (UTC when the name is not one Java knows, which SET already refuses). */
    public static java.time.ZoneId zoneOf(String setting) {
        try {
            return java.time.ZoneId.of(setting);
        } catch (java.time.DateTimeException e) {
            return java.time.ZoneOffset.UTC;
        }
    }

    /** The executing session's TimeZone. */
    public static java.time.ZoneId zone(ExecContext ctx) {
        try {
            return zoneOf(ctx.session().setting().apply("TimeZone"));
        } catch (SqlException e) {
            return java.time.ZoneOffset.UTC;
        }
    }

    /** Casts a non-null value to {@code type} with PostgreSQL's rules, arrays and json included. */
    public static Object castTo(Object v, RelDataType type) {
        return castTo(v, type, java.time.ZoneOffset.UTC);
    }

    /** As {@link #castTo(Object, RelDataType)}, with timestamptz input read in {@code zone}. */
    public static Object castTo(Object v, RelDataType type, java.time.ZoneId zone) {
        if (v == null) {
            return null;
        }
        PgType target = pg(type);
        if (target == PgType.TIMESTAMPTZ || target == PgType.TIME) {
            return datetime(v, target, zone);
        }
        if (type.getSqlTypeName() == SqlTypeName.ARRAY) {
            RelDataType element = type.getComponentType();
            if (v instanceof List<?> l) {
                Object[] out = new Object[l.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = castTo(l.get(i), element, zone);
                }
                return PgArrays.of(out);
            }
            if (v instanceof String s) {
                return PgArrays.parse(s, text -> castTo(text, element, zone));
            }
            throw new SqlException(SqlState.CANNOT_COERCE, "cannot cast " + Values.format(v) + " to an array");
        }
        PgType p = pg(type);
        if (p == PgType.JSONB) {
            return JsonValue.normalize(v instanceof String s ? s : Values.format(v));
        }
        if (p == PgType.JSON) {
            return JsonValue.validateJson(v instanceof String s ? s : Values.format(v));
        }
        return Values.cast(v, type.getSqlTypeName(), type.getPrecision(), type.getScale());
    }

    /** Conversions into time and timestamptz (text in {@code zone} unless it names an offset). */
    private static Object datetime(Object v, PgType target, java.time.ZoneId zone) {
        if (target == PgType.TIME) {
            return switch (v) {
                case java.time.LocalTime t -> t;
                case java.time.Instant i -> java.time.LocalTime.ofInstant(i, zone);
                case Long millis -> java.time.LocalTime.ofNanoOfDay(Math.floorMod(millis, 86_400_000L) * 1_000_000L);
                default -> DateTimeText.parseTime(v.toString());
            };
        }
        return switch (v) {
            case java.time.Instant i -> i;
            case Long millis -> localMillis(millis).atZone(zone).toInstant();
            case Integer days -> java.time.LocalDate.ofEpochDay(days).atStartOfDay(zone).toInstant();
            default -> DateTimeText.parseTimestamptz(v.toString(), zone).toInstant();
        };
    }

    private static java.time.LocalDateTime localMillis(long millis) {
        return java.time.LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000L), (int) Math.floorMod(millis, 1000L) * 1_000_000,
                java.time.ZoneOffset.UTC);
    }

    private static long millisOf(java.time.LocalDateTime t) {
        return t.toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
    }

    /** The assignment cast of a value to a column's type (arrays element by element, json checked). */
    public static Object castToColumn(Object v, PgType type, int precision, int scale, java.time.ZoneId zone) {
        if (v == null) {
            return null;
        }
        if (type == PgType.TIMESTAMPTZ || type == PgType.TIME) {
            return datetime(v, type, zone);
        }
        if (type.isArray()) {
            if (v instanceof String s) {
                return PgArrays.parse(s, text -> castToColumn(text, type.element, -1, -1, zone));
            }
            if (!(v instanceof List<?> l)) {
                throw new SqlException(SqlState.DATATYPE_MISMATCH, "column of type " + type.pgName
                        + " cannot take a value of " + Values.format(v));
            }
            Object[] out = new Object[l.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = castToColumn(l.get(i), type.element, -1, -1, zone);
            }
            return PgArrays.of(out);
        }
        return switch (type) {
            case JSONB -> JsonValue.normalize(v instanceof String s ? s : Values.format(v));
            case JSON -> JsonValue.validateJson(v instanceof String s ? s : Values.format(v));
            case INTERVAL -> v instanceof io.shoaldb.storage.Interval i ? i : IntervalText.parse(v.toString());
            default -> Values.cast(v, type.calciteName, precision, scale);
        };
    }

    /** Compiles {@code call} when it involves the types this class owns; else null. */
    static Expr compile(ExprCompiler compiler, RexCall call) {
        SqlKind kind = call.getKind();
        if (kind == SqlKind.CAST) {
            return cast(compiler, call);
        }
        if (kind == SqlKind.ARRAY_VALUE_CONSTRUCTOR) {
            List<Expr> a = compiler.compileAll(call.getOperands());
            RelDataType element = call.getType().getComponentType();
            return (row, ctx) -> {
                Object[] out = new Object[a.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = castTo(a.get(i).eval(row, ctx), element);
                }
                return PgArrays.of(out);
            };
        }
        if (kind == SqlKind.ITEM && call.getOperands().get(0).getType().getSqlTypeName() == SqlTypeName.ARRAY) {
            List<Expr> a = compiler.compileAll(call.getOperands());
            // the catalog's int2vector/oidvector values subscript from 0 (io.shoaldb.sql.pgcatalog.PgArray)
            return strict(a, v -> v[0] instanceof io.shoaldb.sql.pgcatalog.PgArray p ? p.subscript(((Number) v[1]).longValue())
                    : PgArrays.subscript((List<?>) v[0], ((Number) v[1]).longValue()));
        }
        if ((kind == SqlKind.SOME || kind == SqlKind.ALL) && call.getOperator() instanceof SqlQuantifyOperator q
                && call.getOperands().size() == 2
                && call.getOperands().get(1).getType().getSqlTypeName() == SqlTypeName.ARRAY) {
            return quantified(compiler.compileAll(call.getOperands()), q.comparisonKind, kind == SqlKind.ALL);
        }
        return function(compiler, call);
    }

    private static Expr cast(ExprCompiler compiler, RexCall call) {
        RelDataType to = call.getType();
        RelDataType from = call.getOperands().get(0).getType();
        PgType toPg = pg(to);
        PgType fromPg = pg(from);
        if (toPg == PgType.TIMESTAMPTZ || toPg == PgType.TIME) {
            Expr x = compiler.compile(call.getOperands().get(0));
            return (row, ctx) -> {
                Object v = x.eval(row, ctx);
                return v == null ? null : datetime(v, toPg, zone(ctx));
            };
        }
        if (fromPg == PgType.TIMESTAMPTZ || fromPg == PgType.TIME) {
            Expr x = compiler.compile(call.getOperands().get(0));
            SqlTypeName t = to.getSqlTypeName();
            return (row, ctx) -> {
                Object v = x.eval(row, ctx);
                if (v == null) {
                    return null;
                }
                java.time.ZoneId zone = zone(ctx);
                if (v instanceof java.time.LocalTime time) {
                    if (SqlTypeName.CHAR_TYPES.contains(t)) {
                        return Values.cast(DateTimeText.formatTime(time), t, to.getPrecision(), to.getScale());
                    }
                    throw new SqlException(SqlState.CANNOT_COERCE, "cannot cast type time without time zone to " + pgName(to));
                }
                java.time.Instant i = (java.time.Instant) v;
                return switch (t) {
                    case TIMESTAMP -> millisOf(java.time.LocalDateTime.ofInstant(i, zone));
                    case DATE -> (int) java.time.LocalDate.ofInstant(i, zone).toEpochDay();
                    case CHAR, VARCHAR -> Values.cast(PgArrays.text(i, PgType.TIMESTAMPTZ, zone), t, to.getPrecision(), to.getScale());
                    default -> throw new SqlException(SqlState.CANNOT_COERCE, "cannot cast type timestamp with time zone to "
                            + pgName(to));
                };
            };
        }
        boolean toText = SqlTypeName.CHAR_TYPES.contains(to.getSqlTypeName()) && !isJson(to);
        if (to.getSqlTypeName() == SqlTypeName.ARRAY || isJson(to)) {
            Expr x = compiler.compile(call.getOperands().get(0));
            if (isJson(to) && !isJson(from) && !SqlTypeName.CHAR_TYPES.contains(from.getSqlTypeName())
                    && from.getSqlTypeName() != SqlTypeName.NULL) {
                throw new SqlException(SqlState.CANNOT_COERCE, "cannot cast type " + pgName(from) + " to " + pgName(to));
            }
            return (row, ctx) -> castTo(x.eval(row, ctx), to, zone(ctx));
        }
        if (from.getSqlTypeName() == SqlTypeName.ARRAY && toText) {
            Expr x = compiler.compile(call.getOperands().get(0));
            PgType type = PgType.of(from);
            return (row, ctx) -> {
                Object v = x.eval(row, ctx);
                if (v == null) {
                    return null;
                }
                // the catalog's int2vector/oidvector text is space-separated (SQLAlchemy splits indkey::varchar)
                String text = v instanceof io.shoaldb.sql.pgcatalog.PgArray p && p.vector() ? p.toString()
                        : PgArrays.text(v, type, zone(ctx));
                return Values.cast(text, to.getSqlTypeName(), to.getPrecision(), to.getScale());
            };
        }
        if (from.getSqlTypeName() == SqlTypeName.ARRAY || (isJson(from) && !toText)) {
            throw new SqlException(SqlState.CANNOT_COERCE, "cannot cast type " + pgName(from) + " to " + pgName(to));
        }
        return null;
    }

    private static String pgName(RelDataType t) {
        PgType p = pg(t);
        return p == null ? t.getSqlTypeName().getName().toLowerCase(Locale.ROOT) : p.pgName;
    }

    /** x op ANY(array) / x op ALL(array), with three-valued logic over NULL elements. */
    public static Expr quantified(List<Expr> a, SqlKind comparison, boolean all) {
        Expr x = a.get(0);
        Expr arr = a.get(1);
        return (row, ctx) -> {
            Object p = x.eval(row, ctx);
            Object list = arr.eval(row, ctx);
            if (list == null) {
                return null;
            }
            List<?> l = (List<?>) list;
            if (l.isEmpty()) {
                return all;
            }
            if (p == null) {
                return null;
            }
            boolean sawNull = false;
            for (Object e : l) {
                if (e == null) {
                    sawNull = true;
                    continue;
                }
                int c = Values.compare(p, e);
                boolean r = switch (comparison) {
                    case EQUALS -> c == 0;
                    case NOT_EQUALS -> c != 0;
                    case LESS_THAN -> c < 0;
                    case LESS_THAN_OR_EQUAL -> c <= 0;
                    case GREATER_THAN -> c > 0;
                    default -> c >= 0;
                };
                if (r != all) {
                    return !all;
                }
            }
            return sawNull ? null : all;
        };
    }

    private static Expr function(ExprCompiler compiler, RexCall call) {
        String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
        List<RelDataType> types = new ArrayList<>();
        call.getOperands().forEach(o -> types.add(o.getType()));
        Expr datetime = DateTimeCalls.compile(compiler, call, name);
        if (datetime != null) {
            return datetime;
        }
        switch (name) {
            case "JUSTIFY_DAYS", "JUSTIFY_HOURS", "JUSTIFY_INTERVAL": {
                List<Expr> a = compiler.compileAll(call.getOperands());
                return strict(a, v -> {
                    io.shoaldb.storage.Interval i = v[0] instanceof io.shoaldb.storage.Interval iv ? iv
                            : IntervalText.parse(v[0].toString());
                    return switch (name) {
                        case "JUSTIFY_DAYS" -> IntervalMath.justifyDays(i);
                        case "JUSTIFY_HOURS" -> IntervalMath.justifyHours(i);
                        default -> IntervalMath.justifyInterval(i);
                    };
                });
            }
            case "AGE": {
                // age(x) is age(midnight of the statement's date in the session zone, x): from the Clock port
                List<Expr> a = compiler.compileAll(call.getOperands());
                return (row, ctx) -> {
                    Object[] v = new Object[a.size()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = a.get(i).eval(row, ctx);
                        if (v[i] == null) {
                            return null;
                        }
                    }
                    java.time.ZoneId zone = zone(ctx);
                    java.time.LocalDateTime from = v.length == 2 ? IntervalMath.wallClock(v[0], zone)
                            : java.time.LocalDate.ofInstant(java.time.Instant.ofEpochMilli(ctx.ports().statementWallMillis()), zone)
                                    .atStartOfDay();
                    return IntervalMath.age(from, IntervalMath.wallClock(v[v.length - 1], zone));
                };
            }
            case "->", "->>", "#>", "#>>": {
                List<Expr> a = compiler.compileAll(call.getOperands());
                if (!isJson(types.get(0))) {
                    throw new SqlException(SqlState.UNDEFINED_FUNCTION, "operator does not exist: " + pgName(types.get(0))
                            + " " + name.toLowerCase(Locale.ROOT) + " " + pgName(types.get(1)));
                }
                boolean text = name.endsWith(">>");
                boolean path = name.startsWith("#");
                return strict(a, v -> {
                    Object tree = JsonValue.parse((String) v[0]);
                    Object r;
                    if (path) {
                        List<?> steps = v[1] instanceof List<?> l ? l
                                : PgArrays.parse((String) v[1], s -> s);
                        r = JsonValue.path(tree, steps);
                    } else {
                        r = JsonValue.get(tree, v[1]);
                    }
                    if (r == null) {
                        return null;
                    }
                    if (text) {
                        return JsonValue.asText(r);
                    }
                    // PostgreSQL's json -> returns the input's own text of the element; ours prints it in
                    // jsonb's spacing (same value, possibly different whitespace)
                    return JsonValue.print(r);
                });
            }
            case "@>": {
                List<Expr> a = compiler.compileAll(call.getOperands());
                if (types.get(0).getSqlTypeName() == SqlTypeName.ARRAY) {
                    return strict(a, v -> {
                        for (Object want : (List<?>) v[1]) {
                            boolean found = false;
                            for (Object have : (List<?>) v[0]) {
                                if (want != null && have != null && Values.compare(have, want) == 0) {
                                    found = true;
                                    break;
                                }
                            }
                            if (!found) {
                                return false;
                            }
                        }
                        return true;
                    });
                }
                requireJsonb(types.get(0), "@>", types.get(1));
                return strict(a, v -> JsonValue.contains(JsonValue.parse((String) v[0]), JsonValue.parse(JsonValue.normalize((String) v[1]))));
            }
            case "?": {
                requireJsonb(types.get(0), "?", types.get(1));
                List<Expr> a = compiler.compileAll(call.getOperands());
                return strict(a, v -> JsonValue.hasKey(JsonValue.parse((String) v[0]), (String) v[1]));
            }
            case "JSONB_TYPEOF", "JSON_TYPEOF": {
                List<Expr> a = compiler.compileAll(call.getOperands());
                return strict(a, v -> JsonValue.typeOf(JsonValue.parse((String) v[0])));
            }
            case "JSONB_ARRAY_LENGTH", "JSON_ARRAY_LENGTH": {
                List<Expr> a = compiler.compileAll(call.getOperands());
                return strict(a, v -> {
                    Object tree = JsonValue.parse((String) v[0]);
                    if (tree instanceof List<?> l) {
                        return l.size();
                    }
                    throw new SqlException(SqlState.INVALID_PARAMETER_VALUE, "cannot get array length of a "
                            + (tree instanceof Map<?, ?> ? "non-array" : "scalar"));
                });
            }
            case "JSONB_BUILD_OBJECT", "JSON_BUILD_OBJECT": {
                List<Expr> a = compiler.compileAll(call.getOperands());
                if (a.size() % 2 != 0) {
                    throw new SqlException(SqlState.INVALID_PARAMETER_VALUE,
                            "argument list must have even number of elements");
                }
                boolean jsonb = name.startsWith("JSONB");
                return (row, ctx) -> {
                    List<Object> keys = new ArrayList<>();
                    List<Object> values = new ArrayList<>();
                    for (int i = 0; i < a.size(); i += 2) {
                        keys.add(a.get(i).eval(row, ctx));
                        values.add(JsonValue.fromSql(a.get(i + 1).eval(row, ctx), isJson(types.get(i + 1))));
                    }
                    return jsonb ? JsonValue.print(JsonValue.buildObject(keys, values))
                            : JsonValue.buildJsonObjectText(keys, values);
                };
            }
            case "TO_JSONB", "TO_JSON": {
                List<Expr> a = compiler.compileAll(call.getOperands());
                boolean json = isJson(types.get(0));
                return strict(a, v -> JsonValue.print(JsonValue.fromSql(v[0], json)));
            }
            case "ARRAY_LENGTH": {
                List<Expr> a = compiler.compileAll(call.getOperands());
                return strict(a, v -> {
                    List<?> l = (List<?>) v[0];
                    return ((Number) v[1]).intValue() == 1 && !l.isEmpty() ? l.size() : null;
                });
            }
            case "CARDINALITY": {
                List<Expr> a = compiler.compileAll(call.getOperands());
                return strict(a, v -> ((List<?>) v[0]).size());
            }
            case "ARRAY_APPEND", "ARRAY_PREPEND", "ARRAY_CAT": {
                List<Expr> a = compiler.compileAll(call.getOperands());
                RelDataType element = call.getType().getComponentType();
                return (row, ctx) -> {
                    Object x = a.get(0).eval(row, ctx);
                    Object y = a.get(1).eval(row, ctx);
                    List<Object> out = new ArrayList<>();
                    switch (name) {
                        case "ARRAY_APPEND" -> {
                            if (x != null) {
                                out.addAll((List<?>) x);
                            }
                            out.add(castTo(y, element));
                        }
                        case "ARRAY_PREPEND" -> {
                            out.add(castTo(x, element));
                            if (y != null) {
                                out.addAll((List<?>) y);
                            }
                        }
                        default -> {
                            if (x == null && y == null) {
                                return null;
                            }
                            if (x != null) {
                                out.addAll((List<?>) x);
                            }
                            if (y != null) {
                                for (Object e : (List<?>) y) {
                                    out.add(castTo(e, element));
                                }
                            }
                        }
                    }
                    return PgArrays.of(out.toArray());
                };
            }
            case "ARRAY_POSITION": {
                List<Expr> a = compiler.compileAll(call.getOperands());
                return (row, ctx) -> {
                    Object x = a.get(0).eval(row, ctx);
                    if (x == null) {
                        return null;
                    }
                    Object want = a.get(1).eval(row, ctx);
                    List<?> l = (List<?>) x;
                    for (int i = 0; i < l.size(); i++) {
                        Object e = l.get(i);
                        if (e == null ? want == null : want != null && Values.compare(e, want) == 0) {
                            return i + 1;
                        }
                    }
                    return null;
                };
            }
            case "NOW", "CURRENT_TIMESTAMP", "STATEMENT_TIMESTAMP", "TRANSACTION_TIMESTAMP":
                // the statement's start, read once from the node's Clock port (never the system clock)
                return (row, ctx) -> java.time.Instant.ofEpochMilli(ctx.ports().statementWallMillis());
            case "LOCALTIMESTAMP":
                return (row, ctx) -> millisOf(java.time.LocalDateTime.ofInstant(
                        java.time.Instant.ofEpochMilli(ctx.ports().statementWallMillis()), zone(ctx)));
            case "CURRENT_DATE":
                return (row, ctx) -> (int) java.time.LocalDate.ofInstant(
                        java.time.Instant.ofEpochMilli(ctx.ports().statementWallMillis()), zone(ctx)).toEpochDay();
            case "TIMEZONE", "AT TIME ZONE": {
                // timezone(zone, timestamptz) is the wall time there; timezone(zone, timestamp) the instant;
                // ts AT TIME ZONE zone is the same with the operands the other way round
                List<Expr> a = new ArrayList<>(compiler.compileAll(call.getOperands()));
                if (name.equals("AT TIME ZONE")) {
                    java.util.Collections.reverse(a);
                    java.util.Collections.reverse(types);
                }
                boolean fromInstant = pg(types.get(1)) == PgType.TIMESTAMPTZ;
                boolean fromDate = types.get(1).getSqlTypeName() == SqlTypeName.DATE;
                return (row, ctx) -> {
                    Object zoneName = a.get(0).eval(row, ctx);
                    Object value = a.get(1).eval(row, ctx);
                    if (zoneName == null || value == null) {
                        return null;
                    }
                    java.time.ZoneId z;
                    try {
                        z = java.time.ZoneId.of(((String) zoneName).strip(), java.time.ZoneId.SHORT_IDS);
                    } catch (java.time.DateTimeException e) {
                        throw new SqlException(SqlState.INVALID_PARAMETER_VALUE, "time zone \"" + zoneName + "\" not recognized");
                    }
                    if (fromDate) {
                        java.time.Instant i = java.time.LocalDate.ofEpochDay((Integer) value).atStartOfDay(zone(ctx)).toInstant();
                        return millisOf(java.time.LocalDateTime.ofInstant(i, z));
                    }
                    if (fromInstant) {
                        return millisOf(java.time.LocalDateTime.ofInstant((java.time.Instant) value, z));
                    }
                    return localMillis((Long) value).atZone(z).toInstant();
                };
            }
            case "GEN_RANDOM_UUID":
                // version 4, variant 1, from the node's Entropy port (never UUID.randomUUID)
                return (row, ctx) -> {
                    var entropy = ctx.ports().entropy();
                    long hi = (entropy.nextLong() & ~0xF000L) | 0x4000L;
                    long lo = (entropy.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
                    return new UUID(hi, lo);
                };
            default:
                return null;
        }
    }

    private static void requireJsonb(RelDataType left, String op, RelDataType right) {
        if (pg(left) != PgType.JSONB) {
            throw new SqlException(SqlState.UNDEFINED_FUNCTION, "operator does not exist: " + pgName(left) + " " + op
                    + " " + pgName(right));
        }
    }

    private static Expr strict(List<Expr> a, java.util.function.Function<Object[], Object> f) {
        return (row, ctx) -> {
            Object[] v = new Object[a.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = a.get(i).eval(row, ctx);
                if (v[i] == null) {
                    return null;
                }
            }
            return f.apply(v);
        };
    }
}
