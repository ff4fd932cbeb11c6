package io.shoaldb.storage;

/**
 * The value types storage can hold, with the Java class a value has in a row: BOOL Boolean, INT2 Short,
 * INT4 Integer, INT8 Long, FLOAT4 Float, FLOAT8 Double, NUMERIC java.math.BigDecimal, TEXT String,
 * BYTEA byte[], DATE Integer (days since 1970-01-01), TIMESTAMP Long (milliseconds since the epoch),
 * TIME java.time.LocalTime (stored as microseconds of the day), TIMESTAMPTZ java.time.Instant (stored as
 * microseconds since the epoch), INTERVAL {@link Interval} (months, days, microseconds), UUID java.util.UUID, ARRAY an unmodifiable {@code java.util.List} of scalar values of one of the other
 * classes (null elements allowed; one dimension).
 */
// Append new types at the end only: array elements store their type's ordinal in row bytes.
public enum ColumnType {
    BOOL(1), INT2(2), INT4(4), INT8(8), FLOAT4(4), FLOAT8(8), NUMERIC(-1), TEXT(-1), BYTEA(-1), DATE(4), TIMESTAMP(8), UUID(16), ARRAY(-1), TIME(8), TIMESTAMPTZ(8), INTERVAL(16);

    /** Width in the row layout, or -1 for a length-prefixed value. */
    public final int fixedWidthBytes;

    ColumnType(int fixedWidthBytes) {
        this.fixedWidthBytes = fixedWidthBytes;
    }

    /** The scalar type whose Java class {@code value} has (array elements carry it as a tag), or null. */
    public static ColumnType ofElement(Object value) {
        return switch (value) {
            case Boolean b -> BOOL;
            case Short x -> INT2;
            case Integer x -> INT4;
            case Long x -> INT8;
            case Float x -> FLOAT4;
            case Double x -> FLOAT8;
            case java.math.BigDecimal x -> NUMERIC;
            case String x -> TEXT;
            case byte[] x -> BYTEA;
            case java.util.UUID x -> UUID;
            case java.time.LocalTime x -> TIME;
            case java.time.Instant x -> TIMESTAMPTZ;
            case Interval x -> INTERVAL;
            default -> null;
        };
    }

    /** Whether {@code value} (non-null) has the Java class this type uses. */
    public boolean accepts(Object value) {
        return switch (this) {
            case BOOL -> value instanceof Boolean;
            case INT2 -> value instanceof Short;
            case INT4, DATE -> value instanceof Integer;
            case INT8, TIMESTAMP -> value instanceof Long;
            case FLOAT4 -> value instanceof Float;
            case FLOAT8 -> value instanceof Double;
            case NUMERIC -> value instanceof java.math.BigDecimal;
            case TEXT -> value instanceof String;
            case BYTEA -> value instanceof byte[];
            case UUID -> value instanceof java.util.UUID;
            case ARRAY -> value instanceof java.util.List<?>;
            case TIME -> value instanceof java.time.LocalTime;
            case TIMESTAMPTZ -> value instanceof java.time.Instant;
            case INTERVAL -> value instanceof Interval;
        };
    }
}
