package io.shoaldb.sql.exec;

import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import io.shoaldb.storage.Interval;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.Locale;

/**
 * {@code extract(field FROM x)} (numeric, PostgreSQL 14+) and {@code date_part('field', x)} (double
 * precision) over timestamp (Long millis), timestamptz (Instant, read in the session TimeZone), date
 * (Integer days), time (LocalTime) and interval, following PostgreSQL 15's timestamp_part_common,
 * extract_date, time_part_common and interval_part_common: the same fields per type, the same result
 * scales (second 6 digits, millisecond 3, epoch 6, julian by numeric division), years without a year 0,
 * and the same errors (22023 for a unit PostgreSQL does not know, 0A000 for one the type lacks).
 */
public final class DatePart {
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long SECONDS_PER_DAY = 86_400L;
    /** Julian day number of 1970-01-01 (PostgreSQL's date2j(1970, 1, 1)). */
    static final long UNIX_EPOCH_JDATE = 2_440_588L;

    /** PostgreSQL's date/time units (the spellings of its deltatktbl and datetktbl). */
    public enum Field {
        MICROSECONDS, MILLISECONDS, SECOND, MINUTE, HOUR, DAY, WEEK, MONTH, QUARTER, YEAR, DECADE, CENTURY,
        MILLENNIUM, EPOCH, JULIAN, DOW, ISODOW, DOY, ISOYEAR, TIMEZONE, TIMEZONE_HOUR, TIMEZONE_MINUTE
    }

    private DatePart() {
    }

    /** The unit a field name spells (case-insensitive), or null. */
    public static Field field(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "microsecond", "microseconds", "microsecon", "us", "usec", "usecs" -> Field.MICROSECONDS;
            case "millisecond", "milliseconds", "millisecon", "ms", "msec", "msecs" -> Field.MILLISECONDS;
            case "second", "seconds", "s", "sec", "secs" -> Field.SECOND;
            case "minute", "minutes", "m", "min", "mins" -> Field.MINUTE;
            case "hour", "hours", "h", "hr", "hrs" -> Field.HOUR;
            case "day", "days", "d" -> Field.DAY;
            case "week", "weeks", "w" -> Field.WEEK;
            case "month", "months", "mon", "mons" -> Field.MONTH;
            case "quarter", "qtr" -> Field.QUARTER;
            case "year", "years", "y", "yr", "yrs" -> Field.YEAR;
            case "decade", "decades", "dec", "decs" -> Field.DECADE;
            case "century", "centuries", "c", "cent" -> Field.CENTURY;
            case "millennium", "millennia", "mil", "mils" -> Field.MILLENNIUM;
            case "epoch" -> Field.EPOCH;
            case "julian", "j", "jd" -> Field.JULIAN;
            case "dow" -> Field.DOW;
            case "isodow" -> Field.ISODOW;
            case "doy" -> Field.DOY;
            case "isoyear" -> Field.ISOYEAR;
            case "timezone" -> Field.TIMEZONE;
            case "timezone_h", "timezone_hour" -> Field.TIMEZONE_HOUR;
            case "timezone_m", "timezone_minute" -> Field.TIMEZONE_MINUTE;
            default -> null;
        };
    }

    /** PostgreSQL's name of the type of a date/time runtime value, for messages. */
    public static String typeName(Object v) {
        return switch (v) {
            case Long l -> "timestamp without time zone";
            case Instant i -> "timestamp with time zone";
            case Integer d -> "date";
            case LocalTime t -> "time without time zone";
            case Interval i -> "interval";
            default -> "text";
        };
    }

    /** extract(field FROM source): a numeric. */
    public static BigDecimal extract(String name, Object source, ZoneId zone) {
        Field f = known(name, source);
        return switch (source) {
            case Integer days -> date(f, name, days);
            case LocalTime t -> time(f, name, t);
            case Interval i -> interval(f, name, i);
            default -> stamp(f, name, source, zone);
        };
    }

    /** date_part('field', source): a double precision (a date is read as a timestamp, as PostgreSQL 15 does). */
    public static double of(String name, Object source, ZoneId zone) {
        Field f = known(name, source instanceof Integer ? 0L : source);
        double micros = switch (source) {
            case LocalTime t -> t.getSecond() * 1e6 + t.getNano() / 1000;
            case Interval i -> i.micros() % 60_000_000L;
            default -> {
                LocalDateTime t = IntervalMath.wallClock(source, zone);
                yield t.getSecond() * 1e6 + t.getNano() / 1000;
            }
        };
        long fsec = (long) micros % MICROS_PER_SECOND;
        long sec = (long) micros / MICROS_PER_SECOND;
        return switch (f) {
            // PostgreSQL's float expressions, so the doubles are the same bits
            case MICROSECONDS -> sec * 1e6 + fsec;
            case MILLISECONDS -> sec * 1000.0 + fsec / 1000.0;
            case SECOND -> sec + fsec / 1e6;
            case EPOCH -> switch (source) {
                case LocalTime t -> t.toNanoOfDay() / 1000 / 1e6;
                case Interval i -> i.micros() / 1e6 + 365.25 * SECONDS_PER_DAY * (i.months() / 12)
                        + 30.0 * SECONDS_PER_DAY * (i.months() % 12) + (double) SECONDS_PER_DAY * i.days();
                default -> epochMicros(source, zone) / 1e6;
            };
            case JULIAN -> {
                if (source instanceof Interval || source instanceof LocalTime) {
                    yield extract(name, source, zone).doubleValue(); // not supported there: throws
                }
                LocalDateTime t = IntervalMath.wallClock(source, zone);
                yield t.toLocalDate().toEpochDay() + UNIX_EPOCH_JDATE
                        + (t.toLocalTime().toSecondOfDay() + (t.getNano() / 1000) / 1e6) / SECONDS_PER_DAY;
            }
            default -> extract(name, source instanceof Integer d ? d * SECONDS_PER_DAY * 1000 : source, zone).doubleValue();
        };
    }

    private static Field known(String name, Object source) {
        Field f = field(name);
        if (f == null) {
            throw new SqlException(SqlState.INVALID_PARAMETER_VALUE, "unit \"" + name.strip().toLowerCase(Locale.ROOT)
                    + "\" not recognized for type " + typeName(source));
        }
        return f;
    }

    static SqlException unsupported(String name, Object source) {
        return new SqlException(SqlState.FEATURE_NOT_SUPPORTED, "unit \"" + name.strip().toLowerCase(Locale.ROOT)
                + "\" not supported for type " + typeName(source));
    }

    private static long epochMicros(Object source, ZoneId zone) {
        return switch (source) {
            case Long millis -> millis * 1000;
            case Instant i -> Math.multiplyExact(i.getEpochSecond(), MICROS_PER_SECOND) + i.getNano() / 1000;
            case Integer days -> days * SECONDS_PER_DAY * MICROS_PER_SECOND;
            default -> epochMicros(IntervalMath.wallClock(source, zone).toInstant(java.time.ZoneOffset.UTC), zone);
        };
    }

    private static BigDecimal stamp(Field f, String name, Object source, ZoneId zone) {
        LocalDateTime t = IntervalMath.wallClock(source, zone);
        long micros = t.getSecond() * MICROS_PER_SECOND + t.getNano() / 1000;
        return switch (f) {
            case MICROSECONDS -> BigDecimal.valueOf(micros);
            case MILLISECONDS -> BigDecimal.valueOf(micros, 3);
            case SECOND -> BigDecimal.valueOf(micros, 6);
            case MINUTE -> BigDecimal.valueOf(t.getMinute());
            case HOUR -> BigDecimal.valueOf(t.getHour());
            case EPOCH -> BigDecimal.valueOf(epochMicros(source, zone), 6);
            case JULIAN -> BigDecimal.valueOf(t.toLocalDate().toEpochDay() + UNIX_EPOCH_JDATE).add(Values.divideNumeric(
                    BigDecimal.valueOf(t.toLocalTime().toNanoOfDay() / 1000), BigDecimal.valueOf(SECONDS_PER_DAY * MICROS_PER_SECOND)));
            case TIMEZONE, TIMEZONE_HOUR, TIMEZONE_MINUTE -> {
                if (!(source instanceof Instant instant)) {
                    throw unsupported(name, source);
                }
                int east = zone.getRules().getOffset(instant).getTotalSeconds();
                yield BigDecimal.valueOf(f == Field.TIMEZONE ? east : f == Field.TIMEZONE_HOUR ? east / 3600 : east / 60 % 60);
            }
            default -> calendar(f, t.toLocalDate());
        };
    }

    private static BigDecimal date(Field f, String name, int days) {
        return switch (f) {
            case EPOCH -> BigDecimal.valueOf(days * SECONDS_PER_DAY);
            case JULIAN -> BigDecimal.valueOf(days + UNIX_EPOCH_JDATE);
            case MICROSECONDS, MILLISECONDS, SECOND, MINUTE, HOUR, TIMEZONE, TIMEZONE_HOUR, TIMEZONE_MINUTE ->
                    throw unsupported(name, days);
            default -> calendar(f, LocalDate.ofEpochDay(days));
        };
    }

    /** The fields a date and a timestamp share; Java's year 0 is PostgreSQL's 1 BC. */
    private static BigDecimal calendar(Field f, LocalDate d) {
        int y = d.getYear();
        long r = switch (f) {
            case DAY -> d.getDayOfMonth();
            case MONTH -> d.getMonthValue();
            case QUARTER -> (d.getMonthValue() - 1) / 3 + 1;
            case WEEK -> d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case YEAR -> y > 0 ? y : y - 1;
            case DECADE -> y >= 0 ? y / 10 : -((8 - (y - 1)) / 10);
            case CENTURY -> y > 0 ? (y + 99) / 100 : -((99 - (y - 1)) / 100);
            case MILLENNIUM -> y > 0 ? (y + 999) / 1000 : -((999 - (y - 1)) / 1000);
            case ISOYEAR -> {
                int iso = d.get(IsoFields.WEEK_BASED_YEAR);
                yield iso > 0 ? iso : iso - 1;
            }
            case DOW -> d.getDayOfWeek().getValue() % 7;
            case ISODOW -> d.getDayOfWeek().getValue();
            case DOY -> d.getDayOfYear();
            default -> throw new IllegalStateException("not a calendar field: " + f);
        };
        return BigDecimal.valueOf(r);
    }

    private static BigDecimal time(Field f, String name, LocalTime t) {
        long micros = t.getSecond() * MICROS_PER_SECOND + t.getNano() / 1000;
        return switch (f) {
            case MICROSECONDS -> BigDecimal.valueOf(micros);
            case MILLISECONDS -> BigDecimal.valueOf(micros, 3);
            case SECOND -> BigDecimal.valueOf(micros, 6);
            case MINUTE -> BigDecimal.valueOf(t.getMinute());
            case HOUR -> BigDecimal.valueOf(t.getHour());
            case EPOCH -> BigDecimal.valueOf(t.toNanoOfDay() / 1000, 6);
            default -> throw unsupported(name, t);
        };
    }

    private static BigDecimal interval(Field f, String name, Interval i) {
        long micros = i.micros() % 60_000_000L; // seconds within the minute, with the interval's sign
        int years = i.months() / 12;
        return switch (f) {
            case MICROSECONDS -> BigDecimal.valueOf(micros);
            case MILLISECONDS -> BigDecimal.valueOf(micros, 3);
            case SECOND -> BigDecimal.valueOf(micros, 6);
            case MINUTE -> BigDecimal.valueOf(i.micros() / 60_000_000L % 60);
            case HOUR -> BigDecimal.valueOf(i.micros() / 3_600_000_000L);
            case DAY -> BigDecimal.valueOf(i.days());
            case MONTH -> BigDecimal.valueOf(i.months() % 12);
            case QUARTER -> BigDecimal.valueOf(i.months() % 12 / 3 + 1);
            case YEAR -> BigDecimal.valueOf(years);
            case DECADE -> BigDecimal.valueOf(years / 10);
            case CENTURY -> BigDecimal.valueOf(years / 100);
            case MILLENNIUM -> BigDecimal.valueOf(years / 1000);
            case EPOCH -> {
                // a year as 365.25 days and a month as 30, in integers: four times everything, then / 4
                long seconds = (1461L * years + 120L * (i.months() % 12) + 4L * i.days()) * (SECONDS_PER_DAY / 4);
                yield BigDecimal.valueOf(Math.addExact(Math.multiplyExact(seconds, MICROS_PER_SECOND), i.micros()), 6);
            }
            default -> throw unsupported(name, i);
        };
    }
}
