package io.shoaldb.sql.exec;

import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import io.shoaldb.storage.Interval;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.Locale;

/**
 * to_char(timestamp | timestamptz | date | time | interval, format) with PostgreSQL's template patterns
 * (in English, the C locale): Y,YYY YYYY YYY YY Y, IYYY..I, BC/AD (and b.c./a.d. spellings), MM, MONTH /
 * Month / month, MON / Mon / mon, DAY / Day / day, DY / Dy / dy, DDD, IDDD, DD, D, ID, W, WW, IW, CC, J, Q,
 * RM / rm, HH HH12 HH24 MI SS MS US FF1-FF6 SSSS SSSSS, AM/PM (a.m./p.m. spellings), TZ / tz, TZH, TZM,
 * OF; the FM (no padding), FX and TM prefixes and the TH / th suffixes; "quoted text" and other characters
 * as they are. Parsing (to_date, to_timestamp) is in {@link DateParse}.
 */
public final class DateFormat {
    private DateFormat() {
    }

    /** Template patterns, longest first where one is a prefix of another (matching is case-insensitive). */
    static final List<String> PATTERNS = List.of("A.D.", "A.M.", "AD", "AM", "B.C.", "BC", "CC", "DAY", "DDD", "DD",
            "DY", "D", "FF1", "FF2", "FF3", "FF4", "FF5", "FF6", "HH24", "HH12", "HH", "IDDD", "ID", "IW", "IYYY", "IYY",
            "IY", "I", "J", "MI", "MM", "MONTH", "MON", "MS", "OF", "P.M.", "PM", "Q", "RM", "SSSSS", "SSSS", "SS", "TZH",
            "TZM", "TZ", "US", "WW", "W", "Y,YYY", "YYYY", "YYY", "YY", "Y");

    /** The pattern at {@code i} of {@code fmt}, or null. */
    static String patternAt(String fmt, int i) {
        for (String p : PATTERNS) {
            if (fmt.regionMatches(true, i, p, 0, p.length())) {
                return p;
            }
        }
        return null;
    }

    /** The broken-down value: calendar fields, or an interval's (years, months, days, hours unbounded). */
    private record Parts(long year, int month, int day, long hour, int minute, int second, int micros, LocalDateTime stamp,
            ZoneOffset offset, String zoneAbbrev, boolean interval) {
    }

    private static Parts parts(Object v, ZoneId zone) {
        return switch (v) {
            case Interval i -> {
                long t = i.micros();
                yield new Parts(i.months() / 12, i.months() % 12, i.days(), t / 3_600_000_000L, (int) (t / 60_000_000L % 60),
                        (int) (t / 1_000_000L % 60), (int) (t % 1_000_000L), null, null, "", true);
            }
            case LocalTime t -> new Parts(0, 0, 0, t.getHour(), t.getMinute(), t.getSecond(), t.getNano() / 1000, null, null,
                    "", true);
            case Instant instant -> {
                LocalDateTime t = LocalDateTime.ofInstant(instant, zone);
                ZoneOffset off = zone.getRules().getOffset(instant);
                String abbrev = java.time.format.DateTimeFormatter.ofPattern("zzz", Locale.US).format(instant.atZone(zone));
                yield stamp(t, off, (abbrev.startsWith("GMT") || abbrev.startsWith("UTC")) && abbrev.length() > 3
                        ? offsetText(off) : abbrev);
            }
            default -> stamp(IntervalMath.wallClock(v, ZoneOffset.UTC), ZoneOffset.UTC, "");
        };
    }

    private static Parts stamp(LocalDateTime t, ZoneOffset off, String abbrev) {
        return new Parts(t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond(),
                t.getNano() / 1000, t, off, abbrev, false);
    }

    private static String offsetText(ZoneOffset off) {
        int s = off.getTotalSeconds();
        int a = Math.abs(s);
        String text = (s < 0 ? "-" : "+") + two(a / 3600);
        return a % 3600 == 0 ? text : text + ":" + two(a / 60 % 60);
    }

    private static String two(long v) {
        return v < 10 && v >= 0 ? "0" + v : Long.toString(v);
    }

    public static String format(Object value, String fmt, ZoneId zone) {
        Parts p = parts(value, zone);
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < fmt.length()) {
            boolean fm = false;
            while (true) {
                if (fmt.regionMatches(true, i, "FM", 0, 2)) {
                    fm = true;
                    i += 2;
                } else if (fmt.regionMatches(true, i, "FX", 0, 2) || fmt.regionMatches(true, i, "TM", 0, 2)) {
                    i += 2;
                } else {
                    break;
                }
            }
            if (i >= fmt.length()) {
                break;
            }
            char c = fmt.charAt(i);
            String pattern = patternAt(fmt, i);
            if (pattern == null) {
                if (c == '"') {
                    int j = i + 1;
                    while (j < fmt.length() && fmt.charAt(j) != '"') {
                        if (fmt.charAt(j) == '\\' && j + 1 < fmt.length()) {
                            j++;
                        }
                        out.append(fmt.charAt(j++));
                    }
                    i = j + 1;
                } else if (c == '\\' && i + 1 < fmt.length() && fmt.charAt(i + 1) == '"') {
                    out.append('"');
                    i += 2;
                } else {
                    out.append(c);
                    i++;
                }
                continue;
            }
            String written = fmt.substring(i, i + pattern.length());
            i += pattern.length();
            Long number = number(pattern, p);
            if (number != null) {
                String text = pad(pattern, number, fm);
                out.append(text);
                if (fmt.regionMatches(true, i, "TH", 0, 2)) {
                    String suffix = ordinal(Math.abs(number));
                    out.append(fmt.charAt(i) == 't' ? suffix : suffix.toUpperCase(Locale.ROOT));
                    i += 2;
                }
            } else {
                out.append(text(pattern, written, p, fm));
            }
        }
        return out.toString();
    }

    private static long adjustYear(long year, boolean interval) {
        return interval || year > 0 ? year : -(year - 1);
    }

    /** The value of a numeric pattern, or null for the textual ones. */
    private static Long number(String pattern, Parts p) {
        long year = adjustYear(p.year, p.interval);
        LocalDateTime t = p.stamp;
        return switch (pattern) {
            case "YYYY", "Y,YYY" -> year;
            case "YYY" -> year % 1000;
            case "YY" -> year % 100;
            case "Y" -> year % 10;
            case "IYYY", "IYY", "IY", "I" -> {
                long iso = t == null ? year : adjustYear(t.get(IsoFields.WEEK_BASED_YEAR), false);
                yield pattern.length() == 4 ? iso : iso % (pattern.length() == 3 ? 1000 : pattern.length() == 2 ? 100 : 10);
            }
            case "MM" -> (long) p.month;
            case "DD" -> (long) p.day;
            case "DDD" -> t == null ? p.day : (long) t.getDayOfYear();
            case "IDDD" -> t == null ? p.day : (long) ((t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) - 1) * 7 + t.getDayOfWeek().getValue());
            case "D" -> t == null ? 0L : (long) (t.getDayOfWeek().getValue() % 7 + 1);
            case "ID" -> t == null ? 0L : (long) t.getDayOfWeek().getValue();
            case "W" -> (long) ((p.day - 1) / 7 + 1);
            case "WW" -> t == null ? 0L : (long) ((t.getDayOfYear() - 1) / 7 + 1);
            case "IW" -> t == null ? 0L : (long) t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case "CC" -> p.interval ? p.year / 100 : p.year > 0 ? (p.year + 99) / 100 : -((99 - (p.year - 1)) / 100);
            case "J" -> t == null ? 0L : t.toLocalDate().toEpochDay() + DatePart.UNIX_EPOCH_JDATE;
            case "Q" -> p.month == 0 ? 0L : (long) ((p.month - 1) / 3 + 1);
            case "HH", "HH12" -> p.hour % 12 == 0 ? 12L : p.hour % 12;
            case "HH24" -> p.hour;
            case "MI" -> (long) p.minute;
            case "SS" -> (long) p.second;
            case "MS" -> (long) (p.micros / 1000);
            case "US" -> (long) p.micros;
            case "FF1", "FF2", "FF3", "FF4", "FF5", "FF6" -> (long) (p.micros / (int) Math.pow(10, 6 - (pattern.charAt(2) - '0')));
            case "SSSS", "SSSSS" -> (p.hour * 60 + p.minute) * 60L + p.second;
            case "TZM" -> (long) (Math.abs(p.offset == null ? 0 : p.offset.getTotalSeconds()) / 60 % 60);
            default -> null;
        };
    }

    private static String pad(String pattern, long v, boolean fm) {
        if (pattern.equals("Y,YYY")) {
            String s = Long.toString(Math.abs(v) % 1000);
            return (v < 0 ? "-" : "") + Math.abs(v) / 1000 + "," + "000".substring(s.length()) + s;
        }
        int width = switch (pattern) {
            case "YYYY", "IYYY" -> 4;
            case "YYY", "IYY", "DDD", "IDDD", "MS" -> 3;
            case "YY", "IY", "MM", "DD", "WW", "IW", "CC", "HH", "HH12", "HH24", "MI", "SS", "TZM" -> 2;
            case "US" -> 6;
            case "FF1", "FF2", "FF3", "FF4", "FF5", "FF6" -> pattern.charAt(2) - '0';
            default -> 1;
        };
        String s = Long.toString(Math.abs(v));
        if (!fm && s.length() < width) {
            s = "0".repeat(width - s.length()) + s;
        }
        return v < 0 ? "-" + s : s;
    }

    private static String ordinal(long v) {
        long lastTwo = v % 100;
        if (lastTwo >= 11 && lastTwo <= 13) {
            return "th";
        }
        return switch ((int) (v % 10)) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
    }

    private static final String[] ROMAN = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"};

    private static String text(String pattern, String written, Parts p, boolean fm) {
        boolean pm = p.hour % 24 >= 12;
        boolean bc = !p.interval && p.year <= 0;
        return switch (pattern) {
            case "AM", "PM" -> styled(pm ? "PM" : "AM", written);
            case "A.M.", "P.M." -> styled(pm ? "P.M." : "A.M.", written);
            case "AD", "BC" -> styled(bc ? "BC" : "AD", written);
            case "A.D.", "B.C." -> styled(bc ? "B.C." : "A.D.", written);
            case "MONTH", "MON" -> {
                if (p.month == 0) {
                    yield "";
                }
                String name = java.time.Month.of(p.month).getDisplayName(TextStyle.FULL, Locale.US);
                yield named(pattern.equals("MON") ? name.substring(0, 3) : name, written, pattern.equals("MONTH") && !fm);
            }
            case "DAY", "DY" -> {
                if (p.stamp == null) {
                    yield "";
                }
                String name = p.stamp.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US);
                yield named(pattern.equals("DY") ? name.substring(0, 3) : name, written, pattern.equals("DAY") && !fm);
            }
            case "RM" -> {
                if (p.month == 0) {
                    yield "";
                }
                String r = ROMAN[p.month - 1];
                r = written.equals("rm") ? r.toLowerCase(Locale.ROOT) : r;
                yield fm ? r : String.format(Locale.ROOT, "%-4s", r);
            }
            case "TZ" -> written.equals("tz") ? p.zoneAbbrev.toLowerCase(Locale.ROOT) : p.zoneAbbrev;
            case "OF" -> p.offset == null ? "" : offsetText(p.offset);
            case "TZH" -> {
                int s = p.offset == null ? 0 : p.offset.getTotalSeconds();
                yield (s < 0 ? "-" : "+") + two(Math.abs(s) / 3600);
            }
            default -> throw new SqlException(SqlState.FEATURE_NOT_SUPPORTED, "to_char pattern \"" + written + "\"");
        };
    }

    /** AM, am: upper or lower case as the pattern was written. */
    private static String styled(String value, String written) {
        return Character.isLowerCase(written.charAt(0)) ? value.toLowerCase(Locale.ROOT) : value;
    }

    /** MONTH, Month, month (any other mix as its first two letters say), padded to 9 unless FM. */
    private static String named(String name, String written, boolean pad) {
        String s = Character.isLowerCase(written.charAt(0)) ? name.toLowerCase(Locale.ROOT)
                : Character.isUpperCase(written.charAt(1)) ? name.toUpperCase(Locale.ROOT) : name;
        return pad ? String.format(Locale.ROOT, "%-9s", s) : s;
    }

    public static int toDate(String text, String fmt) {
        return Math.toIntExact(DateParse.parse(text, fmt, true).toLocalDate().toEpochDay());
    }

    public static Instant toTimestamp(String text, String fmt, ZoneId zone) {
        return DateParse.parseInstant(text, fmt, zone);
    }

    /** to_timestamp(seconds since the epoch), to microseconds. */
    public static Instant fromEpoch(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds) || Math.abs(seconds) > 9.2e12) {
            throw new SqlException(SqlState.DATETIME_FIELD_OVERFLOW, "timestamp out of range: \"" + Values.format(seconds) + "\"");
        }
        long micros = Math.round(seconds * 1e6);
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }
}
