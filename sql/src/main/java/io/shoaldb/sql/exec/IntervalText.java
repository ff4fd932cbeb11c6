package io.shoaldb.sql.exec;

import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import io.shoaldb.storage.Interval;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one text form of interval (engine and pgwire): input in PostgreSQL's verbose syntax
 * ('1 year 2 mons 3 days 04:05:06.5', '@ 1 day ago', '-1 hour') and ISO 8601 ('P1Y2M3DT4H'); output
 * in IntervalStyle postgres.
 */
public final class IntervalText {
    private static final Pattern INTERVAL_PART = Pattern.compile(
            "([+-]?\\d+(?:\\.\\d+)?)\\s*([a-z]+)|([+-]?)(\\d+):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,6})\\d*)?)?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ISO_INTERVAL = Pattern.compile(
            "P(?:(-?\\d+)Y)?(?:(-?\\d+)M)?(?:(-?\\d+)W)?(?:(-?\\d+)D)?(?:T(?:(-?\\d+)H)?(?:(-?\\d+)M)?(?:(-?\\d+(?:\\.\\d+)?)S)?)?");
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
    private static final long MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;

    private IntervalText() {
    }

    /** IntervalStyle postgres: "1 year 2 mons -3 days +04:05:06.5". */
    public static String format(Interval interval) {
        StringBuilder sb = new StringBuilder();
        boolean previousNegative = false;
        int years = interval.months() / 12;
        int months = interval.months() % 12;
        previousNegative = unit(sb, years, "year", previousNegative);
        previousNegative = unit(sb, months, "mon", previousNegative);
        previousNegative = unit(sb, interval.days(), "day", previousNegative);
        long micros = interval.micros();
        if (micros != 0 || sb.isEmpty()) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            if (micros < 0) {
                sb.append('-');
            } else if (previousNegative) {
                sb.append('+');
            }
            long abs = Math.abs(micros);
            long hours = abs / MICROS_PER_HOUR;
            if (hours < 10) {
                sb.append('0');
            }
            sb.append(hours).append(':');
            DateTimeText.two(sb, (int) (abs / MICROS_PER_MINUTE % 60)).append(':');
            DateTimeText.two(sb, (int) (abs / MICROS_PER_SECOND % 60));
            DateTimeText.appendFraction(sb, (int) (abs % MICROS_PER_SECOND));
        }
        return sb.toString();
    }

    private static boolean unit(StringBuilder sb, int value, String name, boolean previousNegative) {
        if (value == 0) {
            return previousNegative;
        }
        if (!sb.isEmpty()) {
            sb.append(' ');
        }
        if (previousNegative && value > 0) {
            sb.append('+');
        }
        sb.append(value).append(' ').append(name);
        if (value != 1) {
            sb.append('s');
        }
        return value < 0;
    }

    public static Interval parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw invalidFormat("interval", text);
        }
        if (s.startsWith("P") || s.startsWith("-P")) {
            return parseIsoInterval(s, text);
        }
        if (s.startsWith("@")) {
            s = s.substring(1).trim();
        }
        boolean ago = false;
        if (s.toLowerCase(Locale.ROOT).endsWith(" ago")) {
            ago = true;
            s = s.substring(0, s.length() - 4).trim();
        }
        long months = 0;
        long days = 0;
        BigDecimal micros = BigDecimal.ZERO;
        Matcher m = INTERVAL_PART.matcher(s);
        int pos = 0;
        while (pos < s.length()) {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            if (pos >= s.length()) {
                break;
            }
            if (!m.find(pos) || m.start() != pos) {
                throw invalidFormat("interval", text);
            }
            if (m.group(1) != null) {
                BigDecimal n = new BigDecimal(m.group(1));
                String unit = m.group(2).toLowerCase(Locale.ROOT);
                switch (unit) {
                    // fractions carry down as PostgreSQL does: years to whole months, months to days (30)
                    // and time, weeks and days to time
                    case "year", "years", "y", "yr", "yrs" ->
                            months += n.multiply(BigDecimal.valueOf(12)).setScale(0, java.math.RoundingMode.HALF_EVEN).longValue();
                    case "mon", "mons", "month", "months" -> {
                        months += n.longValue();
                        BigDecimal fracDays = n.subtract(new BigDecimal(n.toBigInteger())).multiply(BigDecimal.valueOf(30));
                        days += fracDays.longValue();
                        micros = micros.add(dayFraction(fracDays));
                    }
                    case "week", "weeks", "w" -> {
                        BigDecimal d = n.multiply(BigDecimal.valueOf(7));
                        days += d.longValue();
                        micros = micros.add(dayFraction(d));
                    }
                    case "day", "days", "d" -> {
                        days += n.longValue();
                        micros = micros.add(dayFraction(n));
                    }
                    case "hour", "hours", "h", "hr", "hrs" -> micros = micros.add(n.multiply(BigDecimal.valueOf(MICROS_PER_HOUR)));
                    case "minute", "minutes", "min", "mins", "m" -> micros = micros.add(n.multiply(BigDecimal.valueOf(MICROS_PER_MINUTE)));
                    case "second", "seconds", "sec", "secs", "s" -> micros = micros.add(n.multiply(BigDecimal.valueOf(MICROS_PER_SECOND)));
                    case "millisecond", "milliseconds", "ms", "msec", "msecs" -> micros = micros.add(n.multiply(BigDecimal.valueOf(1000)));
                    case "microsecond", "microseconds", "us", "usec", "usecs" -> micros = micros.add(n);
                    default -> throw invalidFormat("interval", text);
                }
            } else {
                long sign = "-".equals(m.group(3)) ? -1 : 1;
                long h = Long.parseLong(m.group(4));
                long min = Long.parseLong(m.group(5));
                long sec = m.group(6) == null ? 0 : Long.parseLong(m.group(6));
                long frac = m.group(7) == null ? 0 : Long.parseLong((m.group(7) + "000000").substring(0, 6));
                micros = micros.add(BigDecimal.valueOf(sign * (h * MICROS_PER_HOUR + min * MICROS_PER_MINUTE + sec * MICROS_PER_SECOND + frac)));
            }
            pos = m.end();
        }
        return interval(ago ? -months : months, ago ? -days : days, ago ? micros.negate() : micros, text);
    }

    private static Interval parseIsoInterval(String s, String text) {
        boolean negative = s.startsWith("-");
        Matcher m = ISO_INTERVAL.matcher(negative ? s.substring(1) : s);
        if (!m.matches() || s.endsWith("T") || s.equals("P")) {
            throw invalidFormat("interval", text);
        }
        long months = 12 * num(m.group(1)) + num(m.group(2));
        long days = 7 * num(m.group(3)) + num(m.group(4));
        BigDecimal micros = BigDecimal.valueOf(num(m.group(5)) * MICROS_PER_HOUR + num(m.group(6)) * MICROS_PER_MINUTE);
        if (m.group(7) != null) {
            micros = micros.add(new BigDecimal(m.group(7)).multiply(BigDecimal.valueOf(MICROS_PER_SECOND)));
        }
        return negative ? interval(-months, -days, micros.negate(), text) : interval(months, days, micros, text);
    }

    /** The fractional part of a number of days, in microseconds. */
    private static BigDecimal dayFraction(BigDecimal days) {
        return days.subtract(new BigDecimal(days.toBigInteger())).multiply(BigDecimal.valueOf(Interval.MICROS_PER_DAY));
    }

    private static long num(String g) {
        return g == null ? 0 : Long.parseLong(g);
    }

    private static Interval interval(long months, long days, BigDecimal micros, String text) {
        try {
            return new Interval(Math.toIntExact(months), Math.toIntExact(days),
                    micros.setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact());
        } catch (ArithmeticException e) {
            throw new SqlException(SqlState.DATETIME_FIELD_OVERFLOW, "interval out of range: \"" + text + "\"");
        }
    }

    private static SqlException invalidFormat(String typeName, String text) {
        return new SqlException(SqlState.INVALID_DATETIME_FORMAT, "invalid input syntax for type " + typeName + ": \"" + text + "\"");
    }
}
