package io.shoaldb.sql.exec;

import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import java.time.ZoneId;
import java.util.List;
import org.apache.calcite.rex.RexCall;

/**
 * Compiles the date/time function calls: extract, date_part, date_trunc, to_char, to_date,
 * to_timestamp and the make_* constructors (planned by io.shoaldb.sql.plan.PgFunctions). All are strict
 * (NULL in, NULL out); the session TimeZone is read at run time, so cached plans stay shared.
 */
final class DateTimeCalls {
    private DateTimeCalls() {
    }

    private interface Fn {
        Object apply(Object[] args, ZoneId zone);
    }

    /** Whether to_char's first argument is a date/time value (dates and timestamps are numbers at run time). */
    private static boolean datetimeArgument(RexCall call) {
        org.apache.calcite.rel.type.RelDataType t = call.getOperands().get(0).getType();
        return switch (t.getSqlTypeName()) {
            case DATE, TIME, TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> true;
            case VARCHAR -> t.getPrecision() == io.shoaldb.sql.catalog.PgType.INTERVAL_PRECISION;
            default -> false;
        };
    }

    /** The compiled call, or null when {@code name} (upper case) is not one of these functions. */
    static Expr compile(ExprCompiler compiler, RexCall call, String name) {
        Fn f = switch (name) {
            case "EXTRACT" -> (v, zone) -> DatePart.extract(v[0].toString(), v[1], zone);
            case "DATE_PART" -> (v, zone) -> DatePart.of(v[0].toString(), v[1], zone);
            case "DATE_TRUNC" -> (v, zone) -> DateFunctions.trunc(v[0].toString(), v[1],
                    v.length > 2 ? DateFunctions.zoneNamed(v[2].toString()) : zone);
            case "TO_CHAR" -> datetimeArgument(call) ? (v, zone) -> DateFormat.format(v[0], v[1].toString(), zone)
                    : (v, zone) -> NumberFormat.format((Number) v[0], v[1].toString());
            case "TO_DATE" -> (v, zone) -> DateFormat.toDate(v[0].toString(), v[1].toString());
            case "TO_TIMESTAMP" -> (v, zone) -> v.length == 1 ? DateFormat.fromEpoch(((Number) v[0]).doubleValue())
                    : DateFormat.toTimestamp(v[0].toString(), v[1].toString(), zone);
            case "MAKE_DATE" -> (v, zone) -> DateFunctions.makeDate((Number) v[0], (Number) v[1], (Number) v[2]);
            case "MAKE_TIME" -> (v, zone) -> DateFunctions.makeTime((Number) v[0], (Number) v[1], (Number) v[2]);
            case "MAKE_TIMESTAMP" -> (v, zone) -> DateFunctions.makeTimestamp((Number) v[0], (Number) v[1], (Number) v[2],
                    (Number) v[3], (Number) v[4], (Number) v[5]);
            case "MAKE_TIMESTAMPTZ" -> (v, zone) -> DateFunctions.makeTimestamptz((Number) v[0], (Number) v[1],
                    (Number) v[2], (Number) v[3], (Number) v[4], (Number) v[5],
                    v.length > 6 ? DateFunctions.zoneNamed(v[6].toString()) : zone);
            case "MAKE_INTERVAL" -> (v, zone) -> DateFunctions.makeInterval(v);
            default -> null;
        };
        if (f == null) {
            return null;
        }
        List<Expr> a = compiler.compileAll(call.getOperands());
        return (row, ctx) -> {
            Object[] v = new Object[a.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = a.get(i).eval(row, ctx);
                if (v[i] == null) {
                    return null;
                }
            }
            try {
                return f.apply(v, TypeFunctions.zone(ctx));
            } catch (ClassCastException e) {
                throw new SqlException(SqlState.UNDEFINED_FUNCTION, "function " + name.toLowerCase(java.util.Locale.ROOT)
                        + " does not exist for these argument types");
            }
        };
    }
}
