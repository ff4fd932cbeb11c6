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
 * date ± integer (a date); and the justify_days/justify_hours/justify_interval and age functions.
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

    /** justify_hours: whole 24-hour periods of the time become days; time and days end with one sign. */
    public static Interval justifyHours(Interval i) {
        long day = Interval.MICROS_PER_DAY;
        long days = i.days() + i.micros() / day;
        long time = i.micros() % day;
        if (days > 0 && time < 0) {
            time += day;
            days--;
        } else if (days < 0 && time > 0) {
            time -= day;
            days++;
        }
        return interval(i.months(), days, time);
    }

    /** justify_days: whole 30-day periods become months; days and months end with one sign. */
    public static Interval justifyDays(Interval i) {
        long months = i.months() + i.days() / 30;
        long days = i.days() % 30;
        if (months > 0 && days < 0) {
            days += 30;
            months--;
        } else if (months < 0 && days > 0) {
            days -= 30;
            months++;
        }
        return interval(months, days, i.micros());
    }

    /** justify_interval: justify_hours then justify_days, with one sign across all three fields. */
    public static Interval justifyInterval(Interval i) {
        long day = Interval.MICROS_PER_DAY;
        long months = i.months();
        long days = i.days();
        long time = i.micros();
        if ((days > 0 && time > 0) || (days < 0 && time < 0)) {
            months += days / 30;
            days %= 30;
        }
        days += time / day;
        time %= day;
        months += days / 30;
        days %= 30;
        if (months > 0 && (days < 0 || (days == 0 && time < 0))) {
            days += 30;
            months--;
        } else if (months < 0 && (days > 0 || (days == 0 && time > 0))) {
            days -= 30;
            months++;
        }
        if (days > 0 && time < 0) {
            time += day;
            days--;
        } else if (days < 0 && time > 0) {
            time -= day;
            days++;
        }
        return interval(months, days, time);
    }

    private static Interval interval(long months, long days, long micros) {
        try {
            return new Interval(Math.toIntExact(months), Math.toIntExact(days), micros);
        } catch (ArithmeticException e) {
            throw outOfRange();
        }
    }

    /**
     * age(a, b) as PostgreSQL's timestamp_age: field-wise differences (years, months, days, time), a
     * negative field borrowing from the next larger one (a day borrows the length of a month of the
     * earlier of the two), so whole calendar months and years stay months.
     */
    public static Interval age(LocalDateTime t1, LocalDateTime t2) {
        boolean neg = t1.isBefore(t2);
        long usec = (t1.getNano() - t2.getNano()) / 1000;
        long sec = t1.getSecond() - t2.getSecond();
        long min = t1.getMinute() - t2.getMinute();
        long hour = t1.getHour() - t2.getHour();
        long mday = t1.getDayOfMonth() - t2.getDayOfMonth();
        long mon = t1.getMonthValue() - t2.getMonthValue();
        long year = (long) t1.getYear() - t2.getYear();
        if (neg) {
            usec = -usec;
            sec = -sec;
            min = -min;
            hour = -hour;
            mday = -mday;
            mon = -mon;
            year = -year;
        }
        while (usec < 0) {
            usec += MICROS_PER_SECOND;
            sec--;
        }
        while (sec < 0) {
            sec += 60;
            min--;
        }
        while (min < 0) {
            min += 60;
            hour--;
        }
        while (hour < 0) {
            hour += 24;
            mday--;
        }
        while (mday < 0) {
            mday += (neg ? t1 : t2).toLocalDate().lengthOfMonth();
            mon--;
        }
        while (mon < 0) {
            mon += 12;
            year--;
        }
        long months = year * 12 + mon;
        long micros = ((hour * 60 + min) * 60 + sec) * MICROS_PER_SECOND + usec;
        return neg ? interval(-months, -mday, -micros) : interval(months, mday, micros);
    }

    /** A date/time runtime value as wall-clock time in {@code zone} (a date at midnight; text is timestamptz input). */
    static LocalDateTime wallClock(Object v, ZoneId zone) {
        return switch (v) {
            case Long millis -> LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000L),
                    (int) Math.floorMod(millis, 1000L) * 1_000_000, ZoneOffset.UTC);
            case Integer days -> LocalDate.ofEpochDay(days).atStartOfDay();
            case Instant instant -> LocalDateTime.ofInstant(instant, zone);
            case String text -> LocalDateTime.ofInstant(DateTimeText.parseTimestamptz(text, zone).toInstant(), zone);
            default -> throw new SqlException(SqlState.UNDEFINED_FUNCTION, "function age(" + v.getClass().getSimpleName()
                    + ") does not exist");
        };
    }

    private static SqlException outOfRange() {
        return new SqlException(SqlState.DATETIME_FIELD_OVERFLOW, "interval out of range");
    }
}
