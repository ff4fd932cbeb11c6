package io.shoaldb.storage;

/**
 * The value types storage can hold, with the Java class a value has in a row: BOOL Boolean, INT2 Short,
 * INT4 Integer, INT8 Long, FLOAT4 Float, FLOAT8 Double, NUMERIC java.math.BigDecimal, TEXT String,
 * BYTEA byte[], DATE Integer (days since 1970-01-01), TIMESTAMP Long (microseconds since the epoch).
 */
public enum ColumnType {
    BOOL(1), INT2(2), INT4(4), INT8(8), FLOAT4(4), FLOAT8(8), NUMERIC(-1), TEXT(-1), BYTEA(-1), DATE(4), TIMESTAMP(8);

    /** Width in the row layout, or -1 for a length-prefixed value. */
    public final int fixedWidthBytes;

    ColumnType(int fixedWidthBytes) {
        this.fixedWidthBytes = fixedWidthBytes;
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
        };
    }
}
