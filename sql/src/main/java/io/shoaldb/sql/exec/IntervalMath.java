package io.shoaldb.sql.exec;

import io.shoaldb.sql.catalog.PgType;
import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import io.shoaldb.storage.Interval;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * PostgreSQL's date/time arithmetic: timestamp/timestamptz/date ± interval (months, then days, then
 * time; a month past the end of the target month clamps to its last day; timestamptz in the session
 * TimeZone), interval ± interval, interval * and / number (fractions cascade down as PostgreSQL's
 * interval_mul does), timestamp - timestamp (days and time, as justify_hours), date - date (days) and
 * date ± integer (a date).
 */
public final class IntervalMath {
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final double SECONDS_PER_DAY = 86_400.0;

    private IntervalMath() {
    }

    private static boolean isInterval(RelDataType t) {
        return t.getSqlTypeName() == SqlTypeName.VARCHAR && t.getPrecision() == PgType.INTERVAL_PRECISION;
    }

    /** Compiles a date/time arithmetic call, or returns null for a numeric one. */
    static Expr compile(RexCall call, List<Expr> a) {
        SqlKind kind = call.getKind();
        if (kind == SqlKind.MINUS_PREFIX) {
            if (!isInterval(call.getOperands().get(0).getType())) {
                return null;
            }
            Expr x = a.get(0);
            return (row, ctx) -> {
                Object v = x.eval(row, ctx);
                return v == null ? null : negate((Interval) v);
            };
        }
        if (call.getOperands().size() != 2) {
            return null;
        }
        SqlTypeName l = call.getOperands().get(0).getType().getSqlTypeName();
        SqlTypeName r = call.getOperands().get(1).getType().getSqlTypeName();
        boolean li = isInterval(call.getOperands().get(0).getType());
        boolean ri = isInterval(call.getOperands().get(1).getType());
        boolean dates = l == SqlTypeName.DATE || r == SqlTypeName.DATE;
        boolean stamps = (l == SqlTypeName.TIMESTAMP || l == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE) && l == r;
        if (!li && !ri && !dates && !(stamps && kind == SqlKind.MINUS)) {
            return null;
        }
        Expr x = a.get(0);
        Expr y = a.get(1);
        return (row, ctx) -> {
            Object p = x.eval(row, ctx);
            Object q = y.eval(row, ctx);
            if (p == null || q == null) {
                return null;
            }
            return apply(kind, p, q, TypeFunctions.zone(ctx));
        };
    }

    static Object apply(SqlKind kind, Object p, Object q, ZoneId zone) {
        if (kind == SqlKind.PLUS && p instanceof Interval && !(q instanceof Interval)) {
            return apply(kind, q, p, zone); // interval + x is x + interval
        }
        return switch (kind) {
            case PLUS -> p instanceof Interval i ? add(i, (Interval) q) : q instanceof Interval i ? shift(p, i, zone)
                    : addDays(p, q);
            case MINUS -> p instanceof Interval i ? add(i, negate((Interval) q))
                    : q instanceof Interval i ? shift(p, negate(i), zone)
                    : p instanceof Long s && q instanceof Long t ? between(Math.subtractExact(s, t) * 1000)
                    : p instanceof Instant s && q instanceof Instant t ? between(micros(s) - micros(t))
                    : subtractDays(p, q); // date - date (days between) and date - integer (a date) alike
            case TIMES -> p instanceof Interval i ? multiply(i, ((Number) q).doubleValue())
                    : multiply((Interval) q, ((Number) p).doubleValue());
            case DIVIDE -> divide((Interval) p, ((Number) q).doubleValue());
            default -> throw new IllegalStateException("not date/time arithmetic: " + kind);
        };
    }

    private static Object addDays(Object p, Object q) {
        // date + integer (either order): both are Integer at run time, a date counted in days
        return Math.addExact(((Number) p).intValue(), ((Number) q).intValue());
    }

    private static Object subtractDays(Object p, Object q) {
        return Math.subtractExact(((Number) p).intValue(), ((Number) q).intValue());
    }

    public static Interval negate(Interval i) {
        try {
            return new Interval(Math.negateExact(i.months()), Math.negateExact(i.days()), Math.negateExact(i.micros()));
        } catch (ArithmeticException e) {
            throw outOfRange();
        }
    }

    public static Interval add(Interval a, Interval b) {
        try {
            return new Interval(Math.addExact(a.months(), b.months()), Math.addExact(a.days(), b.days()),
                    Math.addExact(a.micros(), b.micros()));
        } catch (ArithmeticException e) {
            throw outOfRange();
        }
    }

    /** PostgreSQL's interval_mul: whole months and days stay, their fractions cascade to days and time. */
    public static Interval multiply(Interval i, double factor) {
        if (Double.isNaN(factor) || Double.isInfinite(factor)) {
            throw outOfRange();
        }
        double months = i.months() * factor;
        double days = i.days() * factor;
        if (Math.abs(months) > Integer.MAX_VALUE || Math.abs(days) > Integer.MAX_VALUE) {
            throw outOfRange();
        }
        int m = (int) months;
        int d = (int) days;
        double monthRemainderDays = round6((i.months() * factor - m) * 30);
        double secRemainder = round6((i.days() * factor - d + monthRemainderDays - (int) monthRemainderDays) * SECONDS_PER_DAY);
        if (Math.abs(secRemainder) >= SECONDS_PER_DAY) {
            d += (int) (secRemainder / SECONDS_PER_DAY);
            secRemainder -= (int) (secRemainder / SECONDS_PER_DAY) * SECONDS_PER_DAY;
        }
        d += (int) monthRemainderDays;
        double micros = Math.rint(i.micros() * factor + secRemainder * MICROS_PER_SECOND);
        if (Math.abs(micros) >= 9.2e18) {
            throw outOfRange();
        }
        return new Interval(m, d, (long) micros);
    }

    public static Interval divide(Interval i, double divisor) {
        if (divisor == 0) {
            throw new SqlException(SqlState.DIVISION_BY_ZERO, "division by zero");
        }
        return multiply(i, 1.0 / divisor);
    }

    /** PostgreSQL's TSROUND: to microsecond precision. */
    private static double round6(double v) {
        return Math.rint(v * 1e6) / 1e6;
    }

    /** A timestamp difference: whole days and the time of the last day (justify_hours). */
    private static Interval between(long micros) {
        return new Interval(0, Math.toIntExact(micros / Interval.MICROS_PER_DAY), micros % Interval.MICROS_PER_DAY);
    }

    private static long micros(Instant i) {
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), MICROS_PER_SECOND), i.getNano() / 1000);
    }

    /** x + interval for a timestamp (Long millis), a date (Integer days; the result is a timestamp) or a timestamptz. */
    static Object shift(Object v, Interval i, ZoneId zone) {
        try {
            return switch (v) {
                case Long millis -> {
                    LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000L),
                            (int) Math.floorMod(millis, 1000L) * 1_000_000, ZoneOffset.UTC);
                    LocalDateTime s = t.plusMonths(i.months()).plusDays(i.days()).plusNanos(Math.multiplyExact(i.micros(), 1000L));
                    yield Math.addExact(Math.multiplyExact(s.toEpochSecond(ZoneOffset.UTC), 1000L), s.getNano() / 1_000_000);
                }
                case Integer days -> shift(Math.multiplyExact(LocalDate.ofEpochDay(days).toEpochDay(), 86_400_000L), i, zone);
                case Instant instant -> instant.atZone(zone).plusMonths(i.months()).plusDays(i.days()).toInstant()
                        .plusNanos(Math.multiplyExact(i.micros(), 1000L));
                default -> throw new IllegalStateException("not a date/time value: " + v.getClass().getSimpleName());
            };
        } catch (ArithmeticException | java.time.DateTimeException e) {
            throw new SqlException(SqlState.DATETIME_FIELD_OVERFLOW, "timestamp out of range");
        }
    }

    private static SqlException outOfRange() {
        return new SqlException(SqlState.DATETIME_FIELD_OVERFLOW, "interval out of range");
    }
}
