package io.shoaldb.pgwire;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text forms of date, time, timestamp, timestamptz and interval under DateStyle ISO and IntervalStyle
 * postgres. Years before 1 AD are printed with a " BC" suffix as PostgreSQL does (Java's year 0 is 1 BC).
 * The special values 'infinity' and 'epoch' are not supported and are rejected with a clear error.
 */
final class DateTimeText {
    private static final Pattern DATE = Pattern.compile("(\\d{1,7})-(\\d{1,2})-(\\d{1,2})(\\s+BC)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?");
    private static final Pattern OFFSET = Pattern.compile("(?:\\s*)(Z|z|UTC|[+-]\\d{1,2}(?::?\\d{2}(?::?\\d{2})?)?)$");
    private static final Pattern INTERVAL_PART = Pattern.compile(
            "([+-]?\\d+(?:\\.\\d+)?)\\s*([a-z]+)|([+-]?)(\\d+):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,6})\\d*)?)?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ISO_INTERVAL = Pattern.compile(
            "P(?:(-?\\d+)Y)?(?:(-?\\d+)M)?(?:(-?\\d+)W)?(?:(-?\\d+)D)?(?:T(?:(-?\\d+)H)?(?:(-?\\d+)M)?(?:(-?\\d+(?:\\.\\d+)?)S)?)?");
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
    private static final long MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;

    private DateTimeText() {
    }

    static String formatDate(LocalDate date) {
        int year = date.getYear();
        boolean bc = year <= 0;
        int shownYear = bc ? 1 - year : year;
        String s = String.format(Locale.ROOT, "%04d-%02d-%02d", shownYear, date.getMonthValue(), date.getDayOfMonth());
        return bc ? s + " BC" : s;
    }

    static String formatTime(LocalTime time) {
        StringBuilder sb = new StringBuilder(15);
        two(sb, time.getHour()).append(':');
        two(sb, time.getMinute()).append(':');
        two(sb, time.getSecond());
        appendFraction(sb, time.getNano() / 1000);
        return sb.toString();
    }

    static String formatTimestamp(LocalDateTime ts) {
        String date = formatDate(ts.toLocalDate());
        String time = formatTime(ts.toLocalTime());
        return date.endsWith(" BC") ? date.substring(0, date.length() - 3) + " " + time + " BC" : date + " " + time;
    }

    static String formatTimestamptz(OffsetDateTime ts, ZoneId zone) {
        OffsetDateTime local = ts.atZoneSameInstant(zone).toOffsetDateTime();
        String date = formatDate(local.toLocalDate());
        boolean bc = date.endsWith(" BC");
        StringBuilder sb = new StringBuilder(bc ? date.substring(0, date.length() - 3) : date);
        sb.append(' ').append(formatTime(local.toLocalTime()));
        int offsetSeconds = local.getOffset().getTotalSeconds();
        sb.append(offsetSeconds < 0 ? '-' : '+');
        int abs = Math.abs(offsetSeconds);
        two(sb, abs / 3600);
        if (abs % 3600 != 0) {
            sb.append(':');
            two(sb, abs / 60 % 60);
            if (abs % 60 != 0) {
                sb.append(':');
                two(sb, abs % 60);
            }
        }
        return bc ? sb.append(" BC").toString() : sb.toString();
    }

    /** IntervalStyle postgres: "1 year 2 mons -3 days +04:05:06.5". */
    static String formatInterval(PgInterval interval) {
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
            two(sb, (int) (abs / MICROS_PER_MINUTE % 60)).append(':');
            two(sb, (int) (abs / MICROS_PER_SECOND % 60));
            appendFraction(sb, (int) (abs % MICROS_PER_SECOND));
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

    private static StringBuilder two(StringBuilder sb, int v) {
        if (v < 10) {
            sb.append('0');
        }
        return sb.append(v);
    }

    private static void appendFraction(StringBuilder sb, int micros) {
        if (micros == 0) {
            return;
        }
        String f = String.format(Locale.ROOT, "%06d", micros);
        int end = f.length();
        while (f.charAt(end - 1) == '0') {
            end--;
        }
        sb.append('.').append(f, 0, end);
    }

    static LocalDate parseDate(String text) {
        String s = text.trim();
        rejectSpecial(s, "date");
        Matcher m = DATE.matcher(s);
        if (!m.matches()) {
            throw invalidFormat("date", text);
        }
        return date(m, text, "date");
    }

    private static LocalDate date(Matcher m, String text, String typeName) {
        try {
            int year = Integer.parseInt(m.group(1));
            if (m.group(4) != null) {
                year = 1 - year;
            }
            return LocalDate.of(year, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } catch (DateTimeException | NumberFormatException e) {
            throw new SqlException(SqlState.DATETIME_FIELD_OVERFLOW, "date/time field value out of range: \"" + text + "\"");
        }
    }

    static LocalTime parseTime(String text) {
        String s = text.trim();
        Matcher m = TIME.matcher(s);
        if (!m.matches()) {
            throw invalidFormat("time without time zone", text);
        }
        return time(m, text);
    }

    private static LocalTime time(Matcher m, String text) {
        try {
            int hour = Integer.parseInt(m.group(1));
            int minute = Integer.parseInt(m.group(2));
            int second = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
            int nanos = 0;
            if (m.group(4) != null) {
                String f = (m.group(4) + "000000000").substring(0, 9);
                nanos = Integer.parseInt(f) / 1000 * 1000;
            }
            return LocalTime.of(hour, minute, second, nanos);
        } catch (DateTimeException e) {
            throw new SqlException(SqlState.DATETIME_FIELD_OVERFLOW, "date/time field value out of range: \"" + text + "\"");
        }
    }

    static LocalDateTime parseTimestamp(String text) {
        // A timestamp without time zone silently ignores a zone in the input, as PostgreSQL does.
        ParsedTimestamp p = parseTimestampParts(text, "timestamp");
        return p.local;
    }

    static OffsetDateTime parseTimestamptz(String text, ZoneId zone) {
        ParsedTimestamp p = parseTimestampParts(text, "timestamp with time zone");
        ZoneOffset offset = p.offset != null ? p.offset : TextCodec.offsetAt(p.local, zone);
        return OffsetDateTime.of(p.local, offset);
    }

    private record ParsedTimestamp(LocalDateTime local, ZoneOffset offset) {
    }

    private static ParsedTimestamp parseTimestampParts(String text, String typeName) {
        String s = text.trim();
        rejectSpecial(s, typeName);
        boolean bc = false;
        if (s.toUpperCase(Locale.ROOT).endsWith(" BC")) {
            bc = true;
            s = s.substring(0, s.length() - 3).trim();
        }
        int split = s.indexOf(' ');
        int t = s.indexOf('T');
        if (split < 0 || (t > 0 && t < split)) {
            split = t;
        }
        String datePart = split < 0 ? s : s.substring(0, split);
        String rest = split < 0 ? "" : s.substring(split + 1).trim();
        Matcher dm = DATE.matcher(datePart);
        if (!dm.matches()) {
            throw invalidFormat(typeName, text);
        }
        LocalDate date = date(dm, text, typeName);
        if (bc) {
            date = date.withYear(1 - date.getYear());
        }
        ZoneOffset offset = null;
        Matcher om = OFFSET.matcher(rest);
        if (!rest.isEmpty() && om.find()) {
            offset = parseOffset(om.group(1), text);
            rest = rest.substring(0, om.start()).trim();
        }
        LocalTime time = LocalTime.MIDNIGHT;
        if (!rest.isEmpty()) {
            Matcher tm = TIME.matcher(rest);
            if (!tm.matches()) {
                throw invalidFormat(typeName, text);
            }
            time = time(tm, text);
        }
        return new ParsedTimestamp(LocalDateTime.of(date, time), offset);
    }

    private static ZoneOffset parseOffset(String s, String text) {
        if (s.equalsIgnoreCase("Z") || s.equalsIgnoreCase("UTC")) {
            return ZoneOffset.UTC;
        }
        int sign = s.charAt(0) == '-' ? -1 : 1;
        String digits = s.substring(1).replace(":", "");
        try {
            int hours;
            int minutes = 0;
            int seconds = 0;
            if (digits.length() <= 2) {
                hours = Integer.parseInt(digits);
            } else {
                hours = Integer.parseInt(digits.substring(0, digits.length() % 2 == 0 ? 2 : 1));
                String tail = digits.substring(digits.length() % 2 == 0 ? 2 : 1);
                minutes = Integer.parseInt(tail.substring(0, 2));
                if (tail.length() > 2) {
                    seconds = Integer.parseInt(tail.substring(2));
                }
            }
            return ZoneOffset.ofHoursMinutesSeconds(sign * hours, sign * minutes, sign * seconds);
        } catch (DateTimeException | NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new SqlException(SqlState.INVALID_DATETIME_FORMAT, "invalid time zone offset in \"" + text + "\"");
        }
    }

    static PgInterval parseInterval(String text) {
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
                    case "year", "years", "y", "yr", "yrs" -> months += n.multiply(BigDecimal.valueOf(12)).longValue();
                    case "mon", "mons", "month", "months" -> months += n.longValue();
                    case "week", "weeks", "w" -> days += n.multiply(BigDecimal.valueOf(7)).longValue();
                    case "day", "days", "d" -> days += n.longValue();
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

    private static PgInterval parseIsoInterval(String s, String text) {
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

    private static long num(String g) {
        return g == null ? 0 : Long.parseLong(g);
    }

    private static PgInterval interval(long months, long days, BigDecimal micros, String text) {
        try {
            return new PgInterval(Math.toIntExact(months), Math.toIntExact(days),
                    micros.setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact());
        } catch (ArithmeticException e) {
            throw new SqlException(SqlState.DATETIME_FIELD_OVERFLOW, "interval out of range: \"" + text + "\"");
        }
    }

    private static void rejectSpecial(String s, String typeName) {
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.equals("infinity") || lower.equals("-infinity") || lower.equals("epoch") || lower.equals("now")
                || lower.equals("today") || lower.equals("tomorrow") || lower.equals("yesterday") || lower.equals("allballs")) {
            throw new SqlException(SqlState.FEATURE_NOT_SUPPORTED, "special " + typeName + " value \"" + s + "\" is not supported");
        }
    }

    private static SqlException invalidFormat(String typeName, String text) {
        return new SqlException(SqlState.INVALID_DATETIME_FORMAT, "invalid input syntax for type " + typeName + ": \"" + text + "\"");
    }
}
