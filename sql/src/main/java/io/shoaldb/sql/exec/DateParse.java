package io.shoaldb.sql.exec;

import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * to_date(text, format) and to_timestamp(text, format): the template patterns of {@link DateFormat} read
 * back, leniently as PostgreSQL does outside FX mode (blanks before a field are skipped, a separator in the
 * format matches any one separator in the text, a field stops at the first non-digit, trailing text is
 * ignored). A value that is not a number gives 22007 {@code invalid value "x" for "MM"}; a date or time
 * that does not exist gives 22008.
 */
final class DateParse {
    private DateParse() {
    }

    private static final class Fields {
        Long year;
        int yearDigits = 4;
        boolean bc;
        Integer month;
        Integer day;
        Integer dayOfYear;
        Long julian;
        long hour;
        boolean twelveHour;
        Boolean pm;
        long minute;
        long second;
        long micros;
        ZoneOffset offset;
        Integer tzh;
        Integer tzm;
        boolean tzNegative;
    }

    static Instant parseInstant(String text, String fmt, ZoneId zone) {
        Fields f = read(text, fmt);
        LocalDateTime local = build(f, text, false);
        if (f.offset != null) {
            return local.toInstant(f.offset);
        }
        return ZonedDateTime.ofLocal(local, zone, null).toInstant();
    }

    static LocalDateTime parse(String text, String fmt, boolean dateOnly) {
        return build(read(text, fmt), text, dateOnly);
    }

    private static Fields read(String text, String fmt) {
        Fields f = new Fields();
        int i = 0;
        int j = 0;
        while (i < fmt.length()) {
            if (fmt.regionMatches(true, i, "FM", 0, 2) || fmt.regionMatches(true, i, "FX", 0, 2)
                    || fmt.regionMatches(true, i, "TM", 0, 2)) {
                i += 2;
                continue;
            }
            String pattern = DateFormat.patternAt(fmt, i);
            char c = fmt.charAt(i);
            if (pattern == null) {
                if (c == '"') {
                    int end = fmt.indexOf('"', i + 1);
                    end = end < 0 ? fmt.length() : end;
                    j = Math.min(text.length(), j + (end - i - 1));
                    i = end + 1;
                } else if (Character.isWhitespace(c)) {
                    while (j < text.length() && Character.isWhitespace(text.charAt(j))) {
                        j++;
                    }
                    i++;
                } else {
                    while (j < text.length() && Character.isWhitespace(text.charAt(j))) {
                        j++;
                    }
                    if (j < text.length() && !Character.isLetterOrDigit(text.charAt(j))) {
                        j++;
                    }
                    i++;
                }
                continue;
            }
            String written = fmt.substring(i, i + pattern.length());
            i += pattern.length();
            if (fmt.regionMatches(true, i, "TH", 0, 2)) {
                i += 2;
            }
            while (j < text.length() && Character.isWhitespace(text.charAt(j))) {
                j++;
            }
            j = field(f, pattern, written, text, j, nextIsDigits(fmt, i));
        }
        return f;
    }

    private static boolean nextIsDigits(String fmt, int i) {
        String next = i < fmt.length() ? DateFormat.patternAt(fmt, i) : null;
        return next != null && Character.isLetter(next.charAt(0)) && !next.startsWith("A") && !next.startsWith("P")
                && !next.startsWith("B") && !next.startsWith("MON") && !next.startsWith("DAY") && !next.equals("DY");
    }

    /** Reads one field at {@code j}; returns where the text continues. */
    private static int field(Fields f, String pattern, String written, String text, int j, boolean digitsFollow) {
        switch (pattern) {
            case "AM", "PM", "A.M.", "P.M." -> {
                for (String v : new String[] {"A.M.", "P.M.", "AM", "PM"}) {
                    if (text.regionMatches(true, j, v, 0, v.length())) {
                        f.pm = v.startsWith("P");
                        return j + v.length();
                    }
                }
                throw noMatch(text, j, written);
            }
            case "AD", "BC", "A.D.", "B.C." -> {
                for (String v : new String[] {"A.D.", "B.C.", "AD", "BC"}) {
                    if (text.regionMatches(true, j, v, 0, v.length())) {
                        f.bc = v.startsWith("B");
                        return j + v.length();
                    }
                }
                throw noMatch(text, j, written);
            }
            case "MONTH", "MON" -> {
                for (java.time.Month m : java.time.Month.values()) {
                    String name = m.getDisplayName(TextStyle.FULL, Locale.US);
                    String v = pattern.equals("MON") ? name.substring(0, 3) : name;
                    if (text.regionMatches(true, j, v, 0, v.length())) {
                        f.month = m.getValue();
                        return j + v.length();
                    }
                }
                throw noMatch(text, j, written);
            }
            case "DAY", "DY" -> {
                for (java.time.DayOfWeek d : java.time.DayOfWeek.values()) {
                    String name = d.getDisplayName(TextStyle.FULL, Locale.US);
                    String v = pattern.equals("DY") ? name.substring(0, 3) : name;
                    if (text.regionMatches(true, j, v, 0, v.length())) {
                        return j + v.length(); // a day name is read and does not decide the date, as in PostgreSQL
                    }
                }
                throw noMatch(text, j, written);
            }
            case "TZ" -> throw SqlException.notSupported("the \"TZ\" pattern in to_timestamp and to_date (use TZH:TZM or OF)");
            case "RM" -> {
                for (int m = 12; m >= 1; m--) {
                    String v = new String[] {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"}[m - 1];
                    if (text.regionMatches(true, j, v, 0, v.length())) {
                        f.month = m;
                        return j + v.length();
                    }
                }
                throw noMatch(text, j, written);
            }
            default -> {
            }
        }
        boolean signed = pattern.equals("TZH") || pattern.equals("OF") || pattern.startsWith("Y") || pattern.equals("J");
        int start = j;
        boolean negative = false;
        if (signed && j < text.length() && (text.charAt(j) == '-' || text.charAt(j) == '+')) {
            negative = text.charAt(j) == '-';
            j++;
        }
        int width = switch (pattern) {
            case "YYYY", "IYYY" -> digitsFollow ? 4 : 12;
            case "YYY", "IYY", "DDD", "IDDD", "MS" -> 3;
            case "US" -> 6;
            case "FF1", "FF2", "FF3", "FF4", "FF5", "FF6" -> pattern.charAt(2) - '0';
            case "D", "ID", "Y", "I", "Q", "W" -> 1;
            case "J", "SSSS", "SSSSS", "Y,YYY" -> 12;
            default -> 2;
        };
        int digitsStart = j;
        StringBuilder digits = new StringBuilder();
        while (j < text.length() && digits.length() < width
                && (Character.isDigit(text.charAt(j)) || pattern.equals("Y,YYY") && text.charAt(j) == ',' && j > digitsStart)) {
            if (text.charAt(j) != ',') {
                digits.append(text.charAt(j));
            }
            j++;
        }
        if (digits.isEmpty()) {
            int end = Math.min(text.length(), start + Math.max(width == 12 ? 4 : width, 1));
            throw new SqlException(SqlState.INVALID_DATETIME_FORMAT, "invalid value \"" + text.substring(start, end)
                    + "\" for \"" + written + "\"", "Value must be an integer.");
        }
        long v = Long.parseLong(digits.length() > 15 ? digits.substring(0, 15) : digits.toString());
        int len = digits.length();
        v = negative ? -v : v;
        switch (pattern) {
            case "YYYY", "Y,YYY", "YYY", "YY", "Y", "IYYY", "IYY", "IY", "I" -> {
                f.year = v;
                f.yearDigits = pattern.equals("Y,YYY") ? 4 : Math.max(len, pattern.length() == 4 ? 4 : len);
            }
            case "MM" -> f.month = (int) v;
            case "DD" -> f.day = (int) v;
            case "DDD", "IDDD" -> f.dayOfYear = (int) v;
            case "J" -> f.julian = v;
            case "HH", "HH12" -> {
                f.hour = v;
                f.twelveHour = true;
            }
            case "HH24" -> f.hour = v;
            case "MI" -> f.minute = v;
            case "SS" -> f.second = v;
            case "MS" -> f.micros = v * (long) Math.pow(10, 3 - len) * 1000;
            case "US", "FF1", "FF2", "FF3", "FF4", "FF5", "FF6" -> f.micros = v * (long) Math.pow(10, 6 - len);
            case "SSSS", "SSSSS" -> {
                f.hour = v / 3600;
                f.minute = v / 60 % 60;
                f.second = v % 60;
            }
            case "TZH" -> {
                f.tzh = (int) Math.abs(v);
                f.tzNegative = negative;
            }
            case "TZM" -> f.tzm = (int) v;
            case "OF" -> {
                f.tzh = (int) Math.abs(v);
                f.tzNegative = negative;
                if (j < text.length() && text.charAt(j) == ':') {
                    int k = j + 1;
                    while (k < text.length() && k < j + 3 && Character.isDigit(text.charAt(k))) {
                        k++;
                    }
                    f.tzm = k > j + 1 ? Integer.parseInt(text.substring(j + 1, k)) : 0;
                    j = k;
                }
            }
            default -> {
                // D, ID, W, WW, IW, CC, Q: read and not used to build the value, as PostgreSQL does
                // when the date is given by its other fields
            }
        }
        if (f.tzh != null) {
            int seconds = f.tzh * 3600 + (f.tzm == null ? 0 : f.tzm) * 60;
            try {
                f.offset = ZoneOffset.ofTotalSeconds(f.tzNegative ? -seconds : seconds);
            } catch (DateTimeException e) {
                throw new SqlException(SqlState.DATETIME_FIELD_OVERFLOW, "date/time field value out of range: \"" + text + "\"");
            }
        }
        return j;
    }

    private static SqlException noMatch(String text, int j, String written) {
        return new SqlException(SqlState.INVALID_DATETIME_FORMAT, "invalid value \"" + text.substring(j, Math.min(text.length(), j + 6))
                + "\" for \"" + written + "\"", "The given value did not match any of the allowed values for this field.");
    }

    private static LocalDateTime build(Fields f, String text, boolean dateOnly) {
        long year = f.year == null ? 0 : f.year;
        if (f.year != null && f.yearDigits < 4) {
            // a year of fewer than four digits is the one nearest 2020 (PostgreSQL's adjust_partial_year_to_2020)
            year = switch (f.yearDigits) {
                case 1 -> year + 2020;
                case 2 -> year < 70 ? year + 2000 : year + 1900;
                default -> year < 520 ? year + 2000 : year + 1000;
            };
        }
        if (f.bc && year > 0) {
            year = -(year - 1);
        }
        try {
            LocalDate date;
            if (f.julian != null) {
                date = LocalDate.ofEpochDay(f.julian - DatePart.UNIX_EPOCH_JDATE);
            } else if (f.dayOfYear != null && f.month == null && f.day == null) {
                date = LocalDate.ofYearDay((int) year, f.dayOfYear);
            } else {
                date = LocalDate.of((int) year, f.month == null ? 1 : f.month, f.day == null ? 1 : f.day);
            }
            if (dateOnly) {
                return date.atStartOfDay();
            }
            long hour = f.hour;
            if (f.twelveHour) {
                if (hour < 1 || hour > 12) {
                    throw new SqlException(SqlState.INVALID_DATETIME_FORMAT, "hour \"" + hour
                            + "\" is invalid for the 12-hour clock", "Use the 24-hour clock, or give an hour between 1 and 12.");
                }
                hour = hour % 12 + (Boolean.TRUE.equals(f.pm) ? 12 : 0);
            } else if (Boolean.TRUE.equals(f.pm) && hour < 12) {
                hour += 12;
            }
            if (hour > 24 || f.minute > 59 || f.second > 60 || hour == 24 && (f.minute > 0 || f.second > 0 || f.micros > 0)) {
                throw new DateTimeException("time");
            }
            return date.atStartOfDay().plusHours(hour).plusMinutes(f.minute).plusSeconds(f.second).plusNanos(f.micros * 1000);
        } catch (DateTimeException e) {
            throw new SqlException(SqlState.DATETIME_FIELD_OVERFLOW, "date/time field value out of range: \"" + text + "\"");
        }
    }
}
