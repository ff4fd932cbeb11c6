package io.shoaldb.sql.exec;

import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;

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
 * Text forms of date, time, timestamp and timestamptz under DateStyle ISO — the one implementation, used
 * by the engine's casts and output and by pgwire's text codec. Years before 1 AD are printed with a " BC" suffix as PostgreSQL does (Java's year 0 is 1 BC).
 * The special values 'infinity' and 'epoch' are not supported and are rejected with a clear error.
 */
public final class DateTimeText {
    private static final Pattern DATE = Pattern.compile("(\\d{1,7})-(\\d{1,2})-(\\d{1,2})(\\s+BC)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?");
    private static final Pattern OFFSET = Pattern.compile("(?:\\s*)(Z|z|UTC|[+-]\\d{1,2}(?::?\\d{2}(?::?\\d{2})?)?)$");
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
    private static final long MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;

    private DateTimeText() {
    }

    public static String formatDate(LocalDate date) {
        int year = date.getYear();
        boolean bc = year <= 0;
        int shownYear = bc ? 1 - year : year;
        String s = String.format(Locale.ROOT, "%04d-%02d-%02d", shownYear, date.getMonthValue(), date.getDayOfMonth());
        return bc ? s + " BC" : s;
    }

    public static String formatTime(LocalTime time) {
        StringBuilder sb = new StringBuilder(15);
        two(sb, time.getHour()).append(':');
        two(sb, time.getMinute()).append(':');
        two(sb, time.getSecond());
        appendFraction(sb, time.getNano() / 1000);
        return sb.toString();
    }

    public static String formatTimestamp(LocalDateTime ts) {
        String date = formatDate(ts.toLocalDate());
        String time = formatTime(ts.toLocalTime());
        return date.endsWith(" BC") ? date.substring(0, date.length() - 3) + " " + time + " BC" : date + " " + time;
    }

    public static String formatTimestamptz(OffsetDateTime ts, ZoneId zone) {
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

    static StringBuilder two(StringBuilder sb, int v) {
        if (v < 10) {
            sb.append('0');
        }
        return sb.append(v);
    }

    static void appendFraction(StringBuilder sb, int micros) {
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

    public static LocalDate parseDate(String text) {
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
            throw new SqlException("22008", "date/time field value out of range: \"" + text + "\"");
        }
    }

    public static LocalTime parseTime(String text) {
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
            throw new SqlException("22008", "date/time field value out of range: \"" + text + "\"");
        }
    }

    public static LocalDateTime parseTimestamp(String text) {
        // A timestamp without time zone silently ignores a zone in the input, as PostgreSQL does.
        ParsedTimestamp p = parseTimestampParts(text, "timestamp");
        return p.local;
    }

    public static OffsetDateTime parseTimestamptz(String text, ZoneId zone) {
        ParsedTimestamp p = parseTimestampParts(text, "timestamp with time zone");
        ZoneOffset offset = p.offset != null ? p.offset : offsetAt(p.local, zone);
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

    /** An explicit offset, or the zone's offset at that local time (the earlier one in an overlap). */
    public static ZoneOffset offsetAt(LocalDateTime local, ZoneId zone) {
        try {
            return zone.getRules().getOffset(local);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
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
