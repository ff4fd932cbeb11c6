package io.shoaldb.sql.exec;

import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import io.shoaldb.sql.exec.DatePart.Field;
import io.shoaldb.storage.Interval;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * date_trunc(field, x [, zone]) and make_date / make_time / make_timestamp / make_timestamptz /
 * make_interval, as PostgreSQL 15 computes them (timestamp_trunc, timestamptz_trunc_internal,
 * interval_trunc, make_date, make_timestamp_internal). Runtime classes as in {@link Values}.
 */
public final class DateFunctions {
    private static final long MICROS_PER_SECOND = 1_000_000L;

    private DateFunctions() {
    }

    /** A time zone named by a function argument (22023 when unknown, as PostgreSQL). */
    public static ZoneId zoneNamed(String name) {
        try {
            return ZoneId.of(name.strip());
        } catch (DateTimeException e) {
            throw new SqlException(SqlState.INVALID_PARAMETER_VALUE, "time zone \"" + name + "\" not recognized");
        }
    }

    /** date_trunc: a timestamp stays a timestamp, a timestamptz (or date) is truncated in {@code zone}. */
    public static Object trunc(String name, Object source, ZoneId zone) {
        Object typed = source instanceof Integer days ? LocalDate.ofEpochDay(days).atStartOfDay(zone).toInstant() : source;
        Field f = truncField(name, typed);
        return switch (typed) {
            case Long millis -> {
                LocalDateTime t = truncLocal(f, name, IntervalMath.wallClock(millis, zone), typed);
                yield t.toInstant(ZoneOffset.UTC).toEpochMilli();
            }
            case Instant instant -> {
                ZonedDateTime z = instant.atZone(zone);
                LocalDateTime t = truncLocal(f, name, z.toLocalDateTime(), typed);
                // PostgreSQL re-resolves the offset for a day or longer, keeps the value's own below that
                boolean redo = f.compareTo(Field.DAY) >= 0;
                yield redo ? ZonedDateTime.ofLocal(t, zone, z.getOffset()).toInstant()
                        : OffsetDateTime.of(t, z.getOffset()).toInstant();
            }
            case Interval i -> truncInterval(f, name, i);
            default -> throw new SqlException(SqlState.UNDEFINED_FUNCTION, "function date_trunc(unknown, "
                    + DatePart.typeName(typed) + ") does not exist");
        };
    }

    private static Field truncField(String name, Object source) {
        Field f = DatePart.field(name);
        if (f == null || f.compareTo(Field.EPOCH) >= 0 && f != Field.JULIAN && f.compareTo(Field.TIMEZONE) < 0) {
            // PostgreSQL's reserved words (epoch, dow, doy, isodow, isoyear) are not units to truncate to
            throw new SqlException(SqlState.INVALID_PARAMETER_VALUE, "unit \"" + name.strip().toLowerCase(Locale.ROOT)
                    + "\" not recognized for type " + DatePart.typeName(source));
        }
        return f;
    }

    private static LocalDateTime truncLocal(Field f, String name, LocalDateTime t, Object source) {
        int y = t.getYear();
        return switch (f) {
            case MICROSECONDS -> t;
            case MILLISECONDS -> t.withNano(t.getNano() / 1_000_000 * 1_000_000);
            case SECOND -> t.withNano(0);
            case MINUTE -> t.withSecond(0).withNano(0);
            case HOUR -> t.withMinute(0).withSecond(0).withNano(0);
            case DAY -> t.toLocalDate().atStartOfDay();
            case WEEK -> t.toLocalDate().minusDays(t.getDayOfWeek().getValue() - 1).atStartOfDay();
            case MONTH -> t.toLocalDate().withDayOfMonth(1).atStartOfDay();
            case QUARTER -> LocalDate.of(y, (t.getMonthValue() - 1) / 3 * 3 + 1, 1).atStartOfDay();
            case YEAR -> LocalDate.of(y, 1, 1).atStartOfDay();
            case DECADE -> LocalDate.of(y > 0 ? y / 10 * 10 : -((8 - (y - 1)) / 10) * 10, 1, 1).atStartOfDay();
            case CENTURY -> LocalDate.of(y > 0 ? (y + 99) / 100 * 100 - 99 : -((99 - (y - 1)) / 100) * 100 + 1, 1, 1)
                    .atStartOfDay();
            case MILLENNIUM -> LocalDate.of(y > 0 ? (y + 999) / 1000 * 1000 - 999 : -((999 - (y - 1)) / 1000) * 1000 + 1,
                    1, 1).atStartOfDay();
            default -> throw DatePart.unsupported(name, source);
        };
    }

    private static Interval truncInterval(Field f, String name, Interval i) {
        long years = i.months() / 12;
        long mons = i.months() % 12;
        long days = i.days();
        long time = i.micros();
        long hours = time / 3_600_000_000L;
        long mins = time / 60_000_000L % 60;
        long secs = time / MICROS_PER_SECOND % 60;
        long fsec = time % MICROS_PER_SECOND;
        switch (f) {
            case MILLENNIUM, CENTURY, DECADE, YEAR, QUARTER, MONTH, DAY, HOUR, MINUTE, SECOND, MILLISECONDS, MICROSECONDS -> {
            }
            case WEEK -> throw new SqlException(SqlState.FEATURE_NOT_SUPPORTED,
                    "unit \"week\" not supported for type interval (months usually have fractional weeks)");
            default -> throw DatePart.unsupported(name, i);
        }
        // each unit zeroes everything smaller than itself, as interval_trunc's fall-through does
        int rank = f.ordinal(); // MICROSECONDS < MILLISECONDS < ... < MILLENNIUM, except WEEK, excluded above
        if (f == Field.MILLENNIUM) {
            years = years / 1000 * 1000;
        } else if (f == Field.CENTURY) {
            years = years / 100 * 100;
        } else if (f == Field.DECADE) {
            years = years / 10 * 10;
        }
        if (rank >= Field.YEAR.ordinal()) {
            mons = 0;
        } else if (f == Field.QUARTER) {
            mons = mons / 3 * 3;
        }
        if (rank >= Field.MONTH.ordinal()) {
            days = 0;
        }
        if (rank >= Field.DAY.ordinal()) {
            hours = 0;
        }
        if (rank >= Field.HOUR.ordinal()) {
            mins = 0;
        }
        if (rank >= Field.MINUTE.ordinal()) {
            secs = 0;
        }
        if (rank >= Field.SECOND.ordinal()) {
            fsec = 0;
        } else if (f == Field.MILLISECONDS) {
            fsec = fsec / 1000 * 1000;
        }
        return new Interval((int) (years * 12 + mons), (int) days, ((hours * 60 + mins) * 60 + secs) * MICROS_PER_SECOND + fsec);
    }

    /** make_date(year, month, day): a negative year is BC, year 0 does not exist (22008). */
    public static int makeDate(Number year, Number month, Number day) {
        return Math.toIntExact(date(intArg(year), intArg(month), intArg(day)).toEpochDay());
    }

    private static LocalDate date(int year, int month, int day) {
        try {
            if (year == 0) {
                throw new DateTimeException("year 0");
            }
            return LocalDate.of(year < 0 ? year + 1 : year, month, day);
        } catch (DateTimeException e) {
            throw new SqlException(SqlState.DATETIME_FIELD_OVERFLOW, String.format(Locale.ROOT,
                    "date field value out of range: %d-%02d-%02d", year, month, day));
        }
    }

    /** make_time(hour, min, sec): seconds up to 60, rounded to microseconds. */
    public static LocalTime makeTime(Number hour, Number min, Number sec) {
        long micros = timeMicros(intArg(hour), intArg(min), sec);
        if (micros >= 86_400L * MICROS_PER_SECOND) {
            throw timeOverflow(intArg(hour), intArg(min), sec);
        }
        return LocalTime.ofNanoOfDay(micros * 1000);
    }

    private static long timeMicros(int hour, int min, Number sec) {
        BigDecimal s = sec instanceof BigDecimal d ? d : BigDecimal.valueOf(sec.doubleValue());
        if (hour < 0 || min < 0 || min > 59 || s.signum() < 0 || s.compareTo(BigDecimal.valueOf(60)) > 0 || hour > 24) {
            throw timeOverflow(hour, min, sec);
        }
        long micros = ((hour * 60L + min) * 60L) * MICROS_PER_SECOND
                + s.movePointRight(6).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
        if (micros > 86_400L * MICROS_PER_SECOND) {
            throw timeOverflow(hour, min, sec);
        }
        return micros;
    }

    private static SqlException timeOverflow(int hour, int min, Number sec) {
        return new SqlException(SqlState.DATETIME_FIELD_OVERFLOW, String.format(Locale.ROOT,
                "time field value out of range: %d:%02d:%s", hour, min, Values.format(sec)));
    }

    /** make_timestamp(...) as wall-clock time (seconds 60 carry into the next minute, as PostgreSQL). */
    public static LocalDateTime makeLocal(Number year, Number month, Number day, Number hour, Number min, Number sec) {
        LocalDate d = date(intArg(year), intArg(month), intArg(day));
        return d.atStartOfDay().plusNanos(timeMicros(intArg(hour), intArg(min), sec) * 1000);
    }

    /** make_timestamp: milliseconds since the epoch (ShoalDB's timestamp), rounded half up. */
    public static long makeTimestamp(Number year, Number month, Number day, Number hour, Number min, Number sec) {
        LocalDateTime t = makeLocal(year, month, day, hour, min, sec);
        long micros = t.toEpochSecond(ZoneOffset.UTC) * MICROS_PER_SECOND + t.getNano() / 1000;
        return Math.floorDiv(micros + 500, 1000);
    }

    /** make_timestamptz: the wall-clock time in {@code zone}. */
    public static Instant makeTimestamptz(Number year, Number month, Number day, Number hour, Number min, Number sec,
            ZoneId zone) {
        return ZonedDateTime.ofLocal(makeLocal(year, month, day, hour, min, sec), zone, null).toInstant();
    }

    /** make_interval(years, months, weeks, days, hours, mins, secs): missing trailing arguments are 0. */
    public static Interval makeInterval(Object[] args) {
        long[] ints = new long[6];
        for (int i = 0; i < Math.min(6, args.length); i++) {
            ints[i] = intArg((Number) args[i]);
        }
        BigDecimal secs = args.length > 6 ? (args[6] instanceof BigDecimal d ? d : BigDecimal.valueOf(((Number) args[6]).doubleValue()))
                : BigDecimal.ZERO;
        long months = ints[0] * 12 + ints[1];
        long days = ints[2] * 7 + ints[3];
        BigDecimal micros = BigDecimal.valueOf((ints[4] * 60 + ints[5]) * 60 * MICROS_PER_SECOND)
                .add(secs.movePointRight(6)).setScale(0, RoundingMode.HALF_EVEN);
        if (months != (int) months || days != (int) days || micros.toBigInteger().bitLength() > 63) {
            throw new SqlException(SqlState.DATETIME_FIELD_OVERFLOW, "interval out of range");
        }
        return new Interval((int) months, (int) days, micros.longValueExact());
    }

    private static int intArg(Number n) {
        long v = n.longValue();
        if (n instanceof BigDecimal d && d.scale() > 0 || v != (int) v) {
            throw new SqlException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "integer out of range");
        }
        return (int) v;
    }
}
