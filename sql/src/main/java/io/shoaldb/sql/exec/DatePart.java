package io.shoaldb.sql.exec;

import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import io.shoaldb.storage.Interval;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * date_part(field, source) as PostgreSQL 15 (a double precision): fields of an interval (hour is not
 * reduced modulo 24, month is modulo 12, epoch counts a year as 365.25 days and a month as 30) and of a
 * timestamp, timestamptz (in the session TimeZone) or date.
 */
public final class DatePart {
    private static final double MICROS_PER_SECOND = 1_000_000.0;

    private DatePart() {
    }

    public static double of(String field, Object source, ZoneId zone) {
        String f = field.toLowerCase(Locale.ROOT).strip();
        return source instanceof Interval i ? interval(f, i) : stamp(f, source, zone);
    }

    static double interval(String f, Interval i) {
        long micros = i.micros();
        return switch (f) {
            case "microsecond", "microseconds", "us", "usec", "usecs" -> micros % 60_000_000L;
            case "millisecond", "milliseconds", "ms", "msec", "msecs" -> (micros % 60_000_000L) / 1000.0;
            case "second", "seconds", "s", "sec", "secs" -> (micros % 60_000_000L) / MICROS_PER_SECOND;
            case "minute", "minutes", "m", "min", "mins" -> micros / 60_000_000L % 60;
            case "hour", "hours", "h", "hr", "hrs" -> micros / 3_600_000_000L;
            case "day", "days", "d" -> i.days();
            case "month", "months", "mon", "mons" -> i.months() % 12;
            case "quarter" -> (i.months() % 12) / 3 + 1;
            case "year", "years", "y", "yr", "yrs" -> i.months() / 12;
            case "decade", "decades" -> i.months() / 12 / 10;
            case "century", "centuries" -> i.months() / 12 / 100;
            case "millennium", "millennia" -> i.months() / 12 / 1000;
            case "epoch" -> (i.months() / 12) * 365.25 * 86_400 + (i.months() % 12) * 30.0 * 86_400
                    + i.days() * 86_400.0 + micros / MICROS_PER_SECOND;
            default -> throw unit(f, "interval");
        };
    }

    static double stamp(String f, Object source, ZoneId zone) {
        LocalDateTime t = IntervalMath.wallClock(source, zone);
        int year = t.getYear();
        return switch (f) {
            case "microsecond", "microseconds", "us", "usec", "usecs" -> t.getSecond() * 1_000_000L + t.getNano() / 1000;
            case "millisecond", "milliseconds", "ms", "msec", "msecs" -> t.getSecond() * 1000.0 + t.getNano() / 1000 / 1000.0;
            case "second", "seconds", "s", "sec", "secs" -> t.getSecond() + t.getNano() / 1000 / MICROS_PER_SECOND;
            case "minute", "minutes", "m", "min", "mins" -> t.getMinute();
            case "hour", "hours", "h", "hr", "hrs" -> t.getHour();
            case "day", "days", "d" -> t.getDayOfMonth();
            case "month", "months", "mon", "mons" -> t.getMonthValue();
            case "quarter" -> (t.getMonthValue() - 1) / 3 + 1;
            case "year", "years", "y", "yr", "yrs" -> year;
            case "decade", "decades" -> Math.floorDiv(year, 10);
            case "century", "centuries" -> year > 0 ? (year + 99) / 100 : -((99 - (year - 1)) / 100);
            case "millennium", "millennia" -> year > 0 ? (year + 999) / 1000 : -((999 - (year - 1)) / 1000);
            case "dow" -> t.getDayOfWeek().getValue() % 7;
            case "isodow" -> t.getDayOfWeek().getValue();
            case "doy" -> t.getDayOfYear();
            case "week" -> t.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case "isoyear" -> t.get(java.time.temporal.IsoFields.WEEK_BASED_YEAR);
            case "epoch" -> {
                Instant i = source instanceof Instant instant ? instant : t.toInstant(ZoneOffset.UTC);
                yield i.getEpochSecond() + i.getNano() / 1000 / MICROS_PER_SECOND;
            }
            default -> throw unit(f, source instanceof Integer ? "date" : "timestamp");
        };
    }

    private static SqlException unit(String f, String type) {
        return new SqlException(SqlState.INVALID_PARAMETER_VALUE, "unit \"" + f + "\" not recognized for type " + type);
    }
}
