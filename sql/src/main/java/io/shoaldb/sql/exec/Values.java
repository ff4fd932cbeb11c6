package io.shoaldb.sql.exec;

import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * PostgreSQL value semantics over ShoalDB's runtime classes: comparison (text by code point), casts
 * with PostgreSQL's errors, integer arithmetic that fails on overflow instead of wrapping, and the text
 * output format clients see.
 */
public final class Values {
    private Values() {
    }

    /** Compares two non-null values of comparable types; numbers compare by value across classes. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            if (x instanceof BigDecimal || y instanceof BigDecimal) {
                if (isFloating(x) || isFloating(y)) {
                    return Double.compare(x.doubleValue(), y.doubleValue());
                }
                return toDecimal(x).compareTo(toDecimal(y));
            }
            if (isFloating(x) || isFloating(y)) {
                return compareDoubles(x.doubleValue(), y.doubleValue());
            }
            return Long.compare(x.longValue(), y.longValue());
        }
        if (a instanceof String s && b instanceof String t) {
            return compareText(s, t);
        }
        if (a instanceof byte[] p && b instanceof byte[] q) {
            return java.util.Arrays.compareUnsigned(p, q);
        }
        if (a instanceof Boolean p && b instanceof Boolean q) {
            return Boolean.compare(p, q);
        }
        if (a instanceof java.util.UUID && b instanceof String s) {
            b = toUuid(s); // an untyped literal compared with a uuid is uuid input, as in PostgreSQL
        } else if (b instanceof java.util.UUID && a instanceof String s) {
            a = toUuid(s);
        }
        if (a instanceof io.shoaldb.storage.Interval && b instanceof String s) {
            b = IntervalText.parse(s); // an untyped literal compared with an interval is interval input
        } else if (b instanceof io.shoaldb.storage.Interval && a instanceof String s) {
            a = IntervalText.parse(s);
        }
        if (a instanceof java.util.UUID p && b instanceof java.util.UUID q) {
            // PostgreSQL compares uuids as unsigned bytes
            int c = Long.compareUnsigned(p.getMostSignificantBits(), q.getMostSignificantBits());
            return c != 0 ? c : Long.compareUnsigned(p.getLeastSignificantBits(), q.getLeastSignificantBits());
        }
        if (a instanceof java.util.List<?> p && b instanceof java.util.List<?> q) {
            return PgArrays.compare(p, q);
        }
        if (a.getClass() == b.getClass() && a instanceof Comparable c) {
            return c.compareTo(b);
        }
        throw new SqlException(SqlState.DATATYPE_MISMATCH, "cannot compare " + a.getClass().getSimpleName()
                + " with " + b.getClass().getSimpleName());
    }

    /** PostgreSQL float order: NaN above everything, -0 equal to 0. */
    private static int compareDoubles(double x, double y) {
        if (x == y) {
            return 0;
        }
        return Double.compare(x, y);
    }

    /** Text order by code point (the "C" collation), which is also UTF-8 byte order. */
    public static int compareText(String s, String t) {
        int i = 0;
        int j = 0;
        while (i < s.length() && j < t.length()) {
            int a = s.codePointAt(i);
            int b = t.codePointAt(j);
            if (a != b) {
                return Integer.compare(a, b);
            }
            i += Character.charCount(a);
            j += Character.charCount(b);
        }
        return Integer.compare(s.length() - i, t.length() - j);
    }

    static boolean isFloating(Number n) {
        return n instanceof Double || n instanceof Float;
    }

    public static BigDecimal toDecimal(Number n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (isFloating(n)) {
            return new BigDecimal(Double.toString(n.doubleValue()));
        }
        return BigDecimal.valueOf(n.longValue());
    }

    /** Equality for grouping, DISTINCT and hash joins: numbers by value, arrays by content. */
    public static boolean equal(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof byte[] || a instanceof Number || b instanceof Number) {
            return compare(a, b) == 0;
        }
        return a.equals(b);
    }

    /** A hashing key that treats equal values as equal (numbers normalised, byte arrays by content). */
    public static Object hashKey(Object v) {
        if (v instanceof Short || v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigDecimal d) {
            BigDecimal s = d.stripTrailingZeros();
            if (s.scale() <= 0 && s.precision() - s.scale() <= 18) {
                return s.longValueExact();
            }
            return s;
        }
        if (v instanceof Float f) {
            double d = f.doubleValue();
            return d == 0.0 ? 0.0 : d;
        }
        if (v instanceof Double d) {
            return d == 0.0 ? 0.0 : d;
        }
        if (v instanceof byte[] b) {
            return HexFormat.of().formatHex(b);
        }
        return v;
    }

    // ---- arithmetic with PostgreSQL overflow rules ----

    public static Object add(Object a, Object b, SqlTypeName type) {
        return switch (type) {
            case SMALLINT -> checkShort(((Number) a).longValue() + ((Number) b).longValue());
            case INTEGER -> checkInt(((Number) a).longValue() + ((Number) b).longValue());
            case BIGINT -> {
                try {
                    yield Math.addExact(((Number) a).longValue(), ((Number) b).longValue());
                } catch (ArithmeticException e) {
                    throw outOfRange("bigint");
                }
            }
            case REAL -> checkFloat((float) (((Number) a).doubleValue() + ((Number) b).doubleValue()));
            case DOUBLE, FLOAT -> checkDouble(((Number) a).doubleValue() + ((Number) b).doubleValue());
            default -> toDecimal((Number) a).add(toDecimal((Number) b));
        };
    }

    public static Object subtract(Object a, Object b, SqlTypeName type) {
        return switch (type) {
            case SMALLINT -> checkShort(((Number) a).longValue() - ((Number) b).longValue());
            case INTEGER -> checkInt(((Number) a).longValue() - ((Number) b).longValue());
            case BIGINT -> {
                try {
                    yield Math.subtractExact(((Number) a).longValue(), ((Number) b).longValue());
                } catch (ArithmeticException e) {
                    throw outOfRange("bigint");
                }
            }
            case REAL -> checkFloat((float) (((Number) a).doubleValue() - ((Number) b).doubleValue()));
            case DOUBLE, FLOAT -> checkDouble(((Number) a).doubleValue() - ((Number) b).doubleValue());
            default -> toDecimal((Number) a).subtract(toDecimal((Number) b));
        };
    }

    public static Object multiply(Object a, Object b, SqlTypeName type) {
        return switch (type) {
            case SMALLINT -> checkShort(((Number) a).longValue() * ((Number) b).longValue());
            case INTEGER -> checkInt(((Number) a).longValue() * ((Number) b).longValue());
            case BIGINT -> {
                try {
                    yield Math.multiplyExact(((Number) a).longValue(), ((Number) b).longValue());
                } catch (ArithmeticException e) {
                    throw outOfRange("bigint");
                }
            }
            case REAL -> checkFloat((float) (((Number) a).doubleValue() * ((Number) b).doubleValue()));
            case DOUBLE, FLOAT -> checkDouble(((Number) a).doubleValue() * ((Number) b).doubleValue());
            default -> toDecimal((Number) a).multiply(toDecimal((Number) b));
        };
    }

    public static Object divide(Object a, Object b, SqlTypeName type) {
        Number y = (Number) b;
        boolean zero = y instanceof BigDecimal d ? d.signum() == 0 : y.doubleValue() == 0.0;
        if (zero) {
            throw new SqlException(SqlState.DIVISION_BY_ZERO, "division by zero");
        }
        return switch (type) {
            case SMALLINT -> checkShort(((Number) a).longValue() / y.longValue());
            case INTEGER -> checkInt(((Number) a).longValue() / y.longValue());
            case BIGINT -> {
                long x = ((Number) a).longValue();
                if (x == Long.MIN_VALUE && y.longValue() == -1) {
                    throw outOfRange("bigint");
                }
                yield x / y.longValue();
            }
            case REAL -> checkFloat((float) (((Number) a).doubleValue() / y.doubleValue()));
            case DOUBLE, FLOAT -> checkDouble(((Number) a).doubleValue() / y.doubleValue());
            default -> divideNumeric(toDecimal((Number) a), toDecimal(y));
        };
    }

    /** PostgreSQL's numeric division result scale (select_div_scale): at least 16 significant digits, at least the inputs' scales. */
    public static BigDecimal divideNumeric(BigDecimal x, BigDecimal y) {
        // weights and first digits in PostgreSQL's base-10000 digits; a zero dividend counts as weight 0, digit 0
        int qweight = weight10000(x) - weight10000(y);
        if (firstDigit10000(x) <= firstDigit10000(y)) {
            qweight--;
        }
        int rscale = 16 - qweight * 4;
        rscale = Math.max(rscale, Math.max(x.scale(), y.scale()));
        rscale = Math.max(0, Math.min(rscale, 1000));
        return x.divide(y, rscale, RoundingMode.HALF_UP);
    }

    private static int weight10000(BigDecimal v) {
        return v.signum() == 0 ? 0 : Math.floorDiv(v.precision() - v.scale() - 1, 4);
    }

    private static int firstDigit10000(BigDecimal v) {
        return v.signum() == 0 ? 0 : v.abs().movePointLeft(4 * weight10000(v)).intValue();
    }

    public static Object mod(Object a, Object b, SqlTypeName type) {
        Number y = (Number) b;
        boolean zero = y instanceof BigDecimal d ? d.signum() == 0 : y.doubleValue() == 0.0;
        if (zero) {
            throw new SqlException(SqlState.DIVISION_BY_ZERO, "division by zero");
        }
        return switch (type) {
            case SMALLINT -> (short) (((Number) a).longValue() % y.longValue());
            case INTEGER -> (int) (((Number) a).longValue() % y.longValue());
            case BIGINT -> y.longValue() == -1 ? 0L : ((Number) a).longValue() % y.longValue();
            default -> toDecimal((Number) a).remainder(toDecimal(y));
        };
    }

    public static Object negate(Object a, SqlTypeName type) {
        return switch (type) {
            case SMALLINT -> checkShort(-((Number) a).longValue());
            case INTEGER -> checkInt(-((Number) a).longValue());
            case BIGINT -> {
                if ((Long) a == Long.MIN_VALUE) {
                    throw outOfRange("bigint");
                }
                yield -(Long) a;
            }
            case REAL -> -((Number) a).floatValue();
            case DOUBLE, FLOAT -> -((Number) a).doubleValue();
            default -> toDecimal((Number) a).negate();
        };
    }

    static short checkShort(long v) {
        if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
            throw outOfRange("smallint");
        }
        return (short) v;
    }

    static int checkInt(long v) {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw outOfRange("integer");
        }
        return (int) v;
    }

    static float checkFloat(float v) {
        if (Float.isInfinite(v)) {
            throw new SqlException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: overflow");
        }
        return v;
    }

    static double checkDouble(double v) {
        if (Double.isInfinite(v)) {
            throw new SqlException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: overflow");
        }
        return v;
    }

    public static SqlException outOfRange(String type) {
        return new SqlException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, type + " out of range");
    }

    // ---- casts ----


    /**
     * Casts a non-null value to the given Calcite type (precision/scale for numeric and varchar), with
     * PostgreSQL's errors for bad text and out-of-range numbers.
     */
    public static Object cast(Object v, SqlTypeName to, int precision, int scale) {
        if (v == null) {
            return null;
        }
        return switch (to) {
            case BOOLEAN -> toBoolean(v);
            case TINYINT, SMALLINT -> checkShort(toLong(v, "smallint"));
            case INTEGER -> checkInt(toLong(v, "integer"));
            case BIGINT -> toLong(v, "bigint");
            case REAL -> checkFloat((float) toDouble(v, "real"));
            case DOUBLE, FLOAT -> toDouble(v, "double precision");
            case DECIMAL -> toNumeric(v, precision, scale);
            case CHAR, VARCHAR -> precision == io.shoaldb.sql.catalog.PgType.INTERVAL_PRECISION
                    ? (v instanceof io.shoaldb.storage.Interval i ? i : IntervalText.parse(v.toString()))
                    : toText(v, to, precision);
            case BINARY, VARBINARY -> v instanceof byte[] ? v : parseBytea(v.toString());
            case DATE -> toDate(v);
            case TIMESTAMP -> toTimestamp(v);
            case UUID -> toUuid(v);
            case TIME -> v instanceof java.time.LocalTime t ? t : DateTimeText.parseTime(v.toString());
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE, TIMESTAMP_TZ -> v instanceof java.time.Instant i ? i
                    : DateTimeText.parseTimestamptz(v.toString(), ZoneOffset.UTC).toInstant();
            default -> throw SqlException.notSupported("cast to " + to.getName().toLowerCase(Locale.ROOT));
        };
    }

    /** uuid input: 32 hex digits, optionally hyphenated in groups and braced, as PostgreSQL accepts. */
    public static java.util.UUID toUuid(Object v) {
        if (v instanceof java.util.UUID u) {
            return u;
        }
        String s = v.toString().strip();
        String t = s.startsWith("{") && s.endsWith("}") ? s.substring(1, s.length() - 1) : s;
        StringBuilder hex = new StringBuilder(32);
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (Character.digit(c, 16) >= 0 && c < 128) {
                hex.append(c);
            } else if (c != '-' || i == 0 || i == t.length() - 1 || hex.length() % 4 != 0 || t.charAt(i - 1) == '-') {
                throw invalidText("uuid", v.toString());
            }
        }
        if (hex.length() != 32) {
            throw invalidText("uuid", v.toString());
        }
        return new java.util.UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16),
                Long.parseUnsignedLong(hex.substring(16), 16));
    }

    private static Boolean toBoolean(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.longValue() != 0;
        }
        String s = v.toString().strip().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "t", "true", "y", "yes", "on", "1" -> true;
            case "f", "false", "n", "no", "off", "0" -> false;
            default -> throw invalidText("boolean", v.toString());
        };
    }

    private static long toLong(Object v, String typeName) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigDecimal d) {
            BigDecimal r = d.setScale(0, RoundingMode.HALF_UP);
            if (r.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 || r.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0) {
                throw outOfRange(typeName);
            }
            return r.longValue();
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || d >= 9.223372036854775807E18 || d < -9.223372036854775808E18) {
                throw outOfRange(typeName);
            }
            return Math.round(Math.rint(d));
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        String s = v.toString().strip();
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            if (s.matches("[+-]?\\d+")) {
                throw outOfRange(typeName);
            }
            throw invalidText(typeName, v.toString());
        }
    }

    private static double toDouble(Object v, String typeName) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        String s = v.toString().strip();
        switch (s.toLowerCase(Locale.ROOT)) {
            case "nan":
                return Double.NaN;
            case "infinity", "+infinity", "inf", "+inf":
                return Double.POSITIVE_INFINITY;
            case "-infinity", "-inf":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw invalidText(typeName, v.toString());
        }
    }

    private static BigDecimal toNumeric(Object v, int precision, int scale) {
        BigDecimal d;
        if (v instanceof Number n) {
            if (isFloating(n) && (Double.isNaN(n.doubleValue()) || Double.isInfinite(n.doubleValue()))) {
                throw SqlException.notSupported("NaN and infinity in numeric");
            }
            d = toDecimal(n);
        } else {
            try {
                d = new BigDecimal(v.toString().strip());
            } catch (NumberFormatException e) {
                throw invalidText("numeric", v.toString());
            }
        }
        if (precision > 0 && precision < 1000) {
            int s = Math.max(0, scale);
            d = d.setScale(s, RoundingMode.HALF_UP);
            if (d.precision() - d.scale() > precision - s) {
                throw new SqlException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "numeric field overflow");
            }
        }
        return d;
    }

    private static String toText(Object v, SqlTypeName to, int precision) {
        String s = v instanceof String str ? str : format(v);
        if (precision > 0 && precision < Integer.MAX_VALUE / 2 && s.codePointCount(0, s.length()) > precision) {
            // An explicit cast truncates in PostgreSQL; assignment to a column errors (checked on write).
            s = s.substring(0, s.offsetByCodePoints(0, precision));
        }
        if (to == SqlTypeName.CHAR && precision > 0 && precision < Integer.MAX_VALUE / 2) {
            StringBuilder b = new StringBuilder(s);
            while (b.codePointCount(0, b.length()) < precision) {
                b.append(' ');
            }
            return b.toString();
        }
        return s;
    }

    private static Integer toDate(Object v) {
        if (v instanceof Integer i) {
            return i;
        }
        if (v instanceof Long ts) {
            return (int) Math.floorDiv(ts, 86_400_000L);
        }
        try {
            return (int) LocalDate.parse(v.toString().strip()).toEpochDay();
        } catch (DateTimeParseException e) {
            throw new SqlException(SqlState.INVALID_DATETIME_FORMAT, "invalid input syntax for type date: \"" + v + "\"");
        }
    }

    private static Long toTimestamp(Object v) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Integer days) {
            return days * 86_400_000L;
        }
        String s = v.toString().strip().replace('T', ' ');
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s).toEpochDay() * 86_400_000L;
            }
            LocalDateTime t = LocalDateTime.parse(s.replace(' ', 'T'));
            return t.toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new SqlException(SqlState.INVALID_DATETIME_FORMAT,
                    "invalid input syntax for type timestamp: \"" + v + "\"");
        }
    }

    private static byte[] parseBytea(String s) {
        if (s.startsWith("\\x")) {
            try {
                return HexFormat.of().parseHex(s.substring(2));
            } catch (IllegalArgumentException e) {
                throw invalidText("bytea", s);
            }
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static SqlException invalidText(String type, String text) {
        return new SqlException(SqlState.INVALID_TEXT_REPRESENTATION,
                "invalid input syntax for type " + type + ": \"" + text + "\"");
    }

    // ---- text output ----

    /** PostgreSQL's text output of a runtime value (null stays null). */
    public static String format(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Boolean b) {
            return b ? "t" : "f";
        }
        if (v instanceof Double d) {
            return formatDouble(d);
        }
        if (v instanceof Float f) {
            return formatFloat(f);
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof byte[] b) {
            return "\\x" + HexFormat.of().formatHex(b);
        }
        if (v instanceof io.shoaldb.sql.pgcatalog.PgArray p && p.vector()) {
            return p.toString(); // int2vector/oidvector: space-separated
        }
        if (v instanceof java.util.List<?> l) {
            return PgArrays.format(l, Values::format);
        }
        if (v instanceof java.time.LocalTime t) {
            return DateTimeText.formatTime(t);
        }
        if (v instanceof io.shoaldb.storage.Interval iv) {
            return IntervalText.format(iv);
        }
        if (v instanceof java.time.Instant i) {
            // without a session (tools): UTC; sessions format through PgArrays.text with their TimeZone
            return DateTimeText.formatTimestamptz(java.time.OffsetDateTime.ofInstant(i, ZoneOffset.UTC), ZoneOffset.UTC);
        }
        return v.toString();
    }

    public static String formatDate(int days) {
        return DateTimeText.formatDate(LocalDate.ofEpochDay(days)); // years before 1 as "BC", as PostgreSQL
    }

    public static String formatTimestamp(long millis) {
        return DateTimeText.formatTimestamp(LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000L),
                (int) Math.floorMod(millis, 1000L) * 1_000_000, ZoneOffset.UTC));
    }

    static String formatDouble(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        return shortestText(new BigDecimal(Double.toString(d)), 15);
    }

    static String formatFloat(float f) {
        if (Float.isNaN(f)) {
            return "NaN";
        }
        if (Float.isInfinite(f)) {
            return f > 0 ? "Infinity" : "-Infinity";
        }
        if (f == 0) {
            return (1 / f < 0) ? "-0" : "0";
        }
        // PostgreSQL prints float4 in exponent form from 1e+06 up (FLT_DIG = 6), float8 from 1e+15
        return shortestText(new BigDecimal(Float.toString(f)), 6);
    }

    /**
     * PostgreSQL 12+ shortest-exact float output of the round-trip digits {@code d}: plain notation when
     * the decimal exponent is in [-4, maxFixedExponent), else d.ddde+XX. Shared with pgwire's text codec.
     */
    public static String shortestText(BigDecimal d, int maxFixedExponent) {
        BigDecimal s = d.stripTrailingZeros();
        int exponent = s.precision() - s.scale() - 1;
        if (exponent >= -4 && exponent < maxFixedExponent) {
            return s.toPlainString();
        }
        BigInteger unscaled = s.unscaledValue().abs();
        String digits = unscaled.toString();
        StringBuilder b = new StringBuilder();
        if (s.signum() < 0) {
            b.append('-');
        }
        b.append(digits.charAt(0));
        if (digits.length() > 1) {
            b.append('.').append(digits, 1, digits.length());
        }
        b.append('e').append(exponent < 0 ? '-' : '+');
        int abs = Math.abs(exponent);
        if (abs < 10) {
            b.append('0');
        }
        b.append(abs);
        return b.toString();
    }
}
