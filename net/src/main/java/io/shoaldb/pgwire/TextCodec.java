package io.shoaldb.pgwire;

import io.shoaldb.sql.exec.Values;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The text format of every supported type, as PostgreSQL 15 prints and parses it with DateStyle ISO,
 * IntervalStyle postgres, bytea_output hex and extra_float_digits 1 (shortest round-trip floats).
 * Dates, times and intervals have their own class {@link DateTimeText}.
 */
public final class TextCodec {
    private static final HexFormat HEX = HexFormat.of();

    private TextCodec() {
    }

    /** Formats a non-null value of {@code type}; timestamptz values are shown in {@code zone}. */
    public static String encode(PgType type, Object value, ZoneId zone) {
        return switch (type) {
            case BOOL -> ((Boolean) value) ? "t" : "f";
            case INT2, INT4, INT8, OID -> value.toString();
            case FLOAT4 -> formatFloat(((Number) value).floatValue());
            case FLOAT8 -> formatDouble(((Number) value).doubleValue());
            case NUMERIC -> ((BigDecimal) value).toPlainString();
            case TEXT, VARCHAR, BPCHAR, NAME, JSON, JSONB -> (String) value;
            case BYTEA -> "\\x" + HEX.formatHex((byte[]) value);
            case DATE -> DateTimeText.formatDate((LocalDate) value);
            case TIME -> DateTimeText.formatTime((LocalTime) value);
            case TIMESTAMP -> DateTimeText.formatTimestamp((LocalDateTime) value);
            case TIMESTAMPTZ -> DateTimeText.formatTimestamptz((OffsetDateTime) value, zone);
            case INTERVAL -> DateTimeText.formatInterval((io.shoaldb.storage.Interval) value);
            case UUID -> value.toString();
            default -> encodeArray(type, (List<?>) value, zone);
        };
    }

    /** Parses text into a value of {@code type}, or throws a {@link SqlException} with the right SQLSTATE. */
    public static Object decode(PgType type, String text, ZoneId zone) {
        return switch (type) {
            case BOOL -> parseBool(text);
            case INT2 -> (short) parseInteger(text, Short.MIN_VALUE, Short.MAX_VALUE, "smallint");
            case INT4 -> (int) parseInteger(text, Integer.MIN_VALUE, Integer.MAX_VALUE, "integer");
            case INT8 -> parseInteger(text, Long.MIN_VALUE, Long.MAX_VALUE, "bigint");
            case OID -> parseInteger(text, 0, 0xFFFF_FFFFL, "oid");
            case FLOAT4 -> {
                double d = parseDouble(text, "real");
                float f = (float) d;
                if (Float.isInfinite(f) && !Double.isInfinite(d)) {
                    throw new SqlException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "\"" + text + "\" is out of range for type real");
                }
                yield f;
            }
            case FLOAT8 -> parseDouble(text, "double precision");
            case NUMERIC -> parseNumeric(text);
            case TEXT, VARCHAR, BPCHAR, NAME -> text;
            case JSON, JSONB -> JsonText.validate(text);
            case BYTEA -> parseBytea(text);
            case DATE -> DateTimeText.parseDate(text);
            case TIME -> DateTimeText.parseTime(text);
            case TIMESTAMP -> DateTimeText.parseTimestamp(text);
            case TIMESTAMPTZ -> DateTimeText.parseTimestamptz(text, zone);
            case INTERVAL -> DateTimeText.parseInterval(text);
            case UUID -> parseUuid(text);
            default -> decodeArray(type, text, zone);
        };
    }

    static SqlException invalid(String typeName, String text) {
        return new SqlException(SqlState.INVALID_TEXT_REPRESENTATION,
                "invalid input syntax for type " + typeName + ": \"" + text + "\"");
    }

    private static Boolean parseBool(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "t", "true", "y", "yes", "on", "1" -> Boolean.TRUE;
            case "f", "false", "n", "no", "off", "0" -> Boolean.FALSE;
            default -> throw invalid("boolean", text);
        };
    }

    private static long parseInteger(String text, long min, long max, String typeName) {
        String s = text.trim();
        long value;
        try {
            value = Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            if (!s.isEmpty() && s.chars().skip(s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0).allMatch(Character::isDigit)
                    && s.length() > 1) {
                throw new SqlException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "value \"" + text + "\" is out of range for type " + typeName);
            }
            throw invalid(typeName, text);
        }
        if (value < min || value > max) {
            throw new SqlException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "value \"" + text + "\" is out of range for type " + typeName);
        }
        return value;
    }

    private static double parseDouble(String text, String typeName) {
        String s = text.trim();
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
        // Java accepts hex floats and a trailing 'd'/'f'; PostgreSQL does not.
        if (s.isEmpty() || !s.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
            throw invalid(typeName, text);
        }
        double d;
        try {
            d = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw invalid(typeName, text);
        }
        if (Double.isInfinite(d)) {
            throw new SqlException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "\"" + text + "\" is out of range for type " + typeName);
        }
        return d;
    }

    private static BigDecimal parseNumeric(String text) {
        String s = text.trim();
        if (s.equalsIgnoreCase("nan") || s.toLowerCase(Locale.ROOT).contains("infinity")) {
            throw new SqlException(SqlState.FEATURE_NOT_SUPPORTED, "numeric NaN and Infinity are not supported");
        }
        if (s.isEmpty() || !s.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
            throw invalid("numeric", text);
        }
        try {
            BigDecimal value = new BigDecimal(s);
            if (value.scale() < 0) {
                value = value.setScale(0);
            }
            return value;
        } catch (NumberFormatException | ArithmeticException e) {
            throw invalid("numeric", text);
        }
    }

    private static byte[] parseBytea(String text) {
        if (text.startsWith("\\x")) {
            String hex = text.substring(2).replaceAll("[ \\t\\n\\r]", "");
            if (hex.length() % 2 != 0) {
                throw invalid("bytea", text);
            }
            try {
                return HEX.parseHex(hex);
            } catch (IllegalArgumentException e) {
                throw invalid("bytea", text);
            }
        }
        // The traditional escape format: backslash-backslash and backslash + three octal digits.
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[utf8.length];
        int n = 0;
        for (int i = 0; i < utf8.length; i++) {
            byte b = utf8[i];
            if (b != '\\') {
                out[n++] = b;
            } else if (i + 1 < utf8.length && utf8[i + 1] == '\\') {
                out[n++] = '\\';
                i++;
            } else if (i + 3 < utf8.length && isOctal(utf8[i + 1]) && isOctal(utf8[i + 2]) && isOctal(utf8[i + 3])
                    && utf8[i + 1] <= '3') {
                out[n++] = (byte) (((utf8[i + 1] - '0') << 6) | ((utf8[i + 2] - '0') << 3) | (utf8[i + 3] - '0'));
                i += 3;
            } else {
                throw invalid("bytea", text);
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static boolean isOctal(byte b) {
        return b >= '0' && b <= '7';
    }

    private static UUID parseUuid(String text) {
        String s = text.trim();
        if (s.startsWith("{") && s.endsWith("}")) {
            s = s.substring(1, s.length() - 1);
        }
        String hex = s.replace("-", "");
        if (hex.length() != 32 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw invalid("uuid", text);
        }
        return new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseUnsignedLong(hex.substring(16), 16));
    }

    /** Shortest round-trip digits, as PostgreSQL 12+ prints float8 with extra_float_digits >= 1. */
    static String formatDouble(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        return formatShortest(Double.toString(d), d == 0 && 1 / d < 0, 15);
    }

    static String formatFloat(float f) {
        if (Float.isNaN(f)) {
            return "NaN";
        }
        if (Float.isInfinite(f)) {
            return f > 0 ? "Infinity" : "-Infinity";
        }
        return formatShortest(Float.toString(f), f == 0 && 1 / f < 0, 6);
    }

    /**
     * Java's toString gives the shortest digits that round-trip (JDK 19+); PostgreSQL shows them in
     * fixed notation when the decimal exponent is in [-4, maxFixedExponent), else as {@code 1.5e+16}.
     */
    private static String formatShortest(String javaText, boolean negativeZero, int maxFixedExponent) {
        if (negativeZero) {
            return "-0";
        }
        return Values.shortestText(new BigDecimal(javaText), maxFixedExponent);
    }

    /** Array text is the engine's one implementation (quoting, NULL, braces); elements use this codec. */
    private static String encodeArray(PgType type, List<?> values, ZoneId zone) {
        return io.shoaldb.sql.exec.PgArrays.format(values, v -> encode(type.element(), v, zone));
    }

    private static List<Object> decodeArray(PgType type, String text, ZoneId zone) {
        try {
            return io.shoaldb.sql.exec.PgArrays.parse(text, element -> decode(type.element(), element, zone));
        } catch (io.shoaldb.sql.error.SqlException e) {
            throw ShoalSqlEngine.translate(e);
        }
    }

    /** Used by timestamp parsing: an explicit offset, or the session zone's offset at that local time. */
    static ZoneOffset offsetAt(LocalDateTime local, ZoneId zone) {
        try {
            return zone.getRules().getOffset(local);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
