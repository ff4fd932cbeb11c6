package io.shoaldb.storage;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Order-preserving key bytes: comparing two encodings byte by byte, unsigned, orders them as the values
 * compare (NULL first, numbers by value, text by code point because UTF-8 preserves code point order).
 * Each value is self-delimiting, so a composite key compares column by column and the encoding of a
 * prefix of the columns is a byte prefix of the whole key — which is what index range scans use.
 */
public final class KeyCodec {
    private static final byte NULL = 0x00;
    private static final byte PRESENT = 0x01;

    private KeyCodec() {
    }

    /** Unsigned lexicographic order of key bytes. */
    public static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    /** Whether {@code type} can be a key column (arrays have no order-preserving encoding yet). */
    public static boolean supports(ColumnType type) {
        return type != ColumnType.ARRAY;
    }

    public static byte[] encode(ColumnType[] types, Object[] values) {
        Out out = new Out();
        for (int i = 0; i < values.length; i++) {
            encodeValue(out, types[i], values[i]);
        }
        return Arrays.copyOf(out.bytes, out.pos);
    }

    /** Appends the encoding of {@code value} of {@code type}. */
    static void encodeValue(Out out, ColumnType type, Object value) {
        if (value == null) {
            out.put(NULL);
            return;
        }
        out.put(PRESENT);
        switch (type) {
            case BOOL -> out.put((byte) ((Boolean) value ? 1 : 0));
            case INT2 -> out.putLong(((Short) value).longValue() ^ Long.MIN_VALUE);
            case INT4, DATE -> out.putLong(((Integer) value).longValue() ^ Long.MIN_VALUE);
            case INT8, TIMESTAMP -> out.putLong((Long) value ^ Long.MIN_VALUE);
            case FLOAT4 -> out.putLong(orderedDouble(((Float) value).doubleValue()));
            case FLOAT8 -> out.putLong(orderedDouble((Double) value));
            case TEXT -> out.putEscaped(((String) value).getBytes(StandardCharsets.UTF_8));
            case BYTEA -> out.putEscaped((byte[]) value);
            case TIME -> out.putLong((((java.time.LocalTime) value).toNanoOfDay() / 1000) ^ Long.MIN_VALUE);
            case TIMESTAMPTZ -> out.putLong(RowCodec.epochMicros((java.time.Instant) value) ^ Long.MIN_VALUE);
            case INTERVAL -> {
                // PostgreSQL's interval order (a month as 30 days): equal-comparing intervals share a key
                out.putLong(((Interval) value).comparableDays() ^ Long.MIN_VALUE);
                out.putLong(((Interval) value).comparableMicros());
            }
            case UUID -> {
                // PostgreSQL orders uuids by their bytes, unsigned
                out.putLong(((java.util.UUID) value).getMostSignificantBits());
                out.putLong(((java.util.UUID) value).getLeastSignificantBits());
            }
            case NUMERIC -> putNumeric(out, (java.math.BigDecimal) value);
            case ARRAY -> throw new IllegalArgumentException(type + " cannot be a key column");
        }
    }

    /**
     * A number as 0.d1d2..dn x 10^e: a sign class (negative, zero, positive), then e, then the digits.
     * Trailing zeros are dropped, so 1.0 and 1.00 share a key as they compare equal. For a negative number
     * the exponent and the digits are complemented and the digits end above any digit, so a larger magnitude
     * sorts first and 0.12 after 0.123.
     */
    private static void putNumeric(Out out, java.math.BigDecimal value) {
        java.math.BigDecimal d = value.stripTrailingZeros();
        int sign = d.signum();
        if (sign == 0) {
            out.put((byte) 2);
            return;
        }
        String digits = d.unscaledValue().abs().toString();
        int exponent = digits.length() - d.scale();
        int orderedExponent = exponent ^ Integer.MIN_VALUE;
        out.put((byte) (sign > 0 ? 3 : 1));
        out.putInt(sign > 0 ? orderedExponent : ~orderedExponent);
        for (int i = 0; i < digits.length(); i++) {
            byte digit = (byte) digits.charAt(i);
            out.put(sign > 0 ? digit : (byte) ~digit);
        }
        out.put(sign > 0 ? (byte) 0x00 : (byte) 0xFF);
    }

    private static long orderedDouble(double d) {
        if (d == 0.0) {
            d = 0.0; // -0.0 and 0.0 are equal in SQL
        }
        if (Double.isNaN(d)) {
            return -1L; // PostgreSQL sorts NaN above every other value
        }
        long bits = Double.doubleToLongBits(d);
        return bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
    }

    /** Key bytes under construction. */
    static final class Out {
        byte[] bytes = new byte[32];
        int pos;

        void put(byte b) {
            if (pos == bytes.length) {
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
            }
            bytes[pos++] = b;
        }

        void putInt(int v) {
            for (int i = 3; i >= 0; i--) {
                put((byte) (v >>> (8 * i)));
            }
        }

        void putLong(long v) {
            for (int i = 7; i >= 0; i--) {
                put((byte) (v >>> (8 * i)));
            }
        }

        /** 0x00 inside the value becomes 0x00 0xFF; the value ends with 0x00 0x01, below any continuation. */
        void putEscaped(byte[] b) {
            for (byte x : b) {
                put(x);
                if (x == 0) {
                    put((byte) 0xFF);
                }
            }
            put((byte) 0);
            put((byte) 1);
        }
    }
}
