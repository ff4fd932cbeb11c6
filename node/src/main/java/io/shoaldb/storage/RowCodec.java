package io.shoaldb.storage;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The compact typed row layout: a null bitmap (one bit per column), then each non-null value in column
 * order, fixed-width types little-endian at their natural width and variable-width types (TEXT as UTF-8,
 * BYTEA, NUMERIC as scale plus two's-complement unscaled bytes) behind a varint length. No per-value
 * type tags and no padding: the schema supplies the types.
 */
public final class RowCodec {
    /** Largest encoded row; larger rows are refused as operating errors by the caller. */
    public static final int MAX_ROW_BYTES = 16 * 1024 * 1024;

    private final ColumnType[] types;

    public RowCodec(List<ColumnType> types) {
        if (types.isEmpty() || types.size() > 1600) {
            throw new IllegalArgumentException("a row has 1 to 1600 columns: " + types.size());
        }
        this.types = types.toArray(new ColumnType[0]);
    }

    public int columnCount() {
        return types.length;
    }

    public ColumnType type(int column) {
        return types[column];
    }

    public byte[] encode(Object[] values) {
        if (values.length != types.length) {
            throw new IllegalArgumentException("row has " + values.length + " values, schema " + types.length);
        }
        int bitmapBytes = (types.length + 7) >>> 3;
        Buffer out = new Buffer(bitmapBytes + 8 * types.length);
        out.pos = bitmapBytes;
        for (int c = 0; c < types.length; c++) {
            Object v = values[c];
            if (v == null) {
                out.bytes[c >>> 3] |= (byte) (1 << (c & 7));
                continue;
            }
            if (!types[c].accepts(v)) {
                throw new IllegalArgumentException("column " + c + " of type " + types[c] + " got " + v.getClass());
            }
            putValue(out, types[c], v);
        }
        if (out.pos > MAX_ROW_BYTES) {
            throw new IllegalArgumentException("row of " + out.pos + " bytes exceeds " + MAX_ROW_BYTES);
        }
        return Arrays.copyOf(out.bytes, out.pos);
    }

    private static void putValue(Buffer out, ColumnType type, Object v) {
        switch (type) {
            case BOOL -> out.put((Boolean) v ? 1 : 0, 1);
            case INT2 -> out.put((Short) v, 2);
            case INT4, DATE -> out.put((Integer) v, 4);
            case INT8, TIMESTAMP -> out.put((Long) v, 8);
            case FLOAT4 -> out.put(Float.floatToRawIntBits((Float) v), 4);
            case FLOAT8 -> out.put(Double.doubleToRawLongBits((Double) v), 8);
            case NUMERIC -> {
                BigDecimal d = (BigDecimal) v;
                out.putVarint(d.scale() & 0xFFFFFFFFL);
                out.putBytes(d.unscaledValue().toByteArray());
            }
            case TEXT -> out.putBytes(((String) v).getBytes(StandardCharsets.UTF_8));
            case BYTEA -> out.putBytes((byte[]) v);
            case TIME -> out.put(((java.time.LocalTime) v).toNanoOfDay() / 1000, 8);
            case TIMESTAMPTZ -> out.put(epochMicros((java.time.Instant) v), 8);
            case INTERVAL -> {
                Interval iv = (Interval) v;
                out.put(iv.months(), 4);
                out.put(iv.days(), 4);
                out.put(iv.micros(), 8);
            }
            case UUID -> {
                java.util.UUID u = (java.util.UUID) v;
                out.put(u.getMostSignificantBits(), 8);
                out.put(u.getLeastSignificantBits(), 8);
            }
            case ARRAY -> {
                // count, then per element a tag (0 for NULL, else the element type's ordinal + 1) and its value
                List<?> list = (List<?>) v;
                out.putVarint(list.size());
                for (Object e : list) {
                    if (e == null) {
                        out.put(0, 1);
                        continue;
                    }
                    ColumnType et = ColumnType.ofElement(e);
                    if (et == null) {
                        throw new IllegalArgumentException("array element of class " + e.getClass());
                    }
                    out.put(et.ordinal() + 1, 1);
                    putValue(out, et, e);
                }
            }
        }
    }

    /** Microseconds since the epoch (PostgreSQL's resolution; finer digits are dropped). */
    static long epochMicros(java.time.Instant i) {
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000);
    }

    static java.time.Instant fromEpochMicros(long micros) {
        return java.time.Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    /** Reads one value of {@code t} at {@code pos[0]}, advancing it. */
    private static Object getValue(byte[] row, int[] pos, ColumnType t) {
        if (t == ColumnType.UUID) {
            long hi = getLong(row, pos[0], 8);
            long lo = getLong(row, pos[0] + 8, 8);
            pos[0] += 16;
            return new java.util.UUID(hi, lo);
        }
        if (t == ColumnType.INTERVAL) {
            int months = (int) getLong(row, pos[0], 4);
            int days = (int) getLong(row, pos[0] + 4, 4);
            long micros = getLong(row, pos[0] + 8, 8);
            pos[0] += 16;
            return new Interval(months, days, micros);
        }
        if (t.fixedWidthBytes > 0) {
            long bits = getLong(row, pos[0], t.fixedWidthBytes);
            pos[0] += t.fixedWidthBytes;
            return switch (t) {
                case BOOL -> bits != 0;
                case INT2 -> (short) bits;
                case INT4, DATE -> (int) bits;
                case INT8, TIMESTAMP -> bits;
                case FLOAT4 -> Float.intBitsToFloat((int) bits);
                case FLOAT8 -> Double.longBitsToDouble(bits);
                case TIME -> java.time.LocalTime.ofNanoOfDay(bits * 1000);
                case TIMESTAMPTZ -> fromEpochMicros(bits);
                default -> throw new IllegalStateException("variable type " + t);
            };
        }
        if (t == ColumnType.ARRAY) {
            long[] r = getVarint(row, pos[0]);
            pos[0] = (int) r[1];
            int n = (int) r[0];
            Object[] elements = new Object[n];
            ColumnType[] all = ColumnType.values();
            for (int i = 0; i < n; i++) {
                int tag = row[pos[0]++] & 0xFF;
                elements[i] = tag == 0 ? null : getValue(row, pos, all[tag - 1]);
            }
            return java.util.Collections.unmodifiableList(Arrays.asList(elements));
        }
        int scale = 0;
        if (t == ColumnType.NUMERIC) {
            long[] r = getVarint(row, pos[0]);
            scale = (int) r[0];
            pos[0] = (int) r[1];
        }
        long[] r = getVarint(row, pos[0]);
        int len = (int) r[0];
        int start = (int) r[1];
        byte[] bytes = Arrays.copyOfRange(row, start, start + len);
        pos[0] = start + len;
        return switch (t) {
            case TEXT -> new String(bytes, StandardCharsets.UTF_8);
            case BYTEA -> bytes;
            case NUMERIC -> new BigDecimal(new BigInteger(bytes), scale);
            default -> throw new IllegalStateException("fixed type " + t);
        };
    }

    public Object[] decode(byte[] row) {
        Object[] values = new Object[types.length];
        int pos = (types.length + 7) >>> 3;
        for (int c = 0; c < types.length; c++) {
            if ((row[c >>> 3] & (1 << (c & 7))) != 0) {
                continue;
            }
            int[] at = {pos};
            values[c] = getValue(row, at, types[c]);
            pos = at[0];
        }
        if (pos != row.length) {
            throw new IllegalStateException("row layout mismatch: read " + pos + " of " + row.length + " bytes");
        }
        return values;
    }

    private static long getLong(byte[] b, int pos, int width) {
        long v = 0;
        for (int i = width - 1; i >= 0; i--) {
            v = (v << 8) | (b[pos + i] & 0xFF);
        }
        // sign-extend the narrow integer widths
        int shift = 64 - 8 * width;
        return width == 8 ? v : (v << shift) >> shift;
    }

    private static long[] getVarint(byte[] b, int pos) {
        long v = 0;
        int shift = 0;
        while (true) {
            byte x = b[pos++];
            v |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                return new long[] {v, pos};
            }
            shift += 7;
            if (shift > 63) {
                throw new IllegalStateException("varint too long");
            }
        }
    }

    /** A growable byte buffer for one encode call. */
    private static final class Buffer {
        byte[] bytes;
        int pos;

        Buffer(int capacity) {
            bytes = new byte[Math.max(16, capacity)];
        }

        void ensure(int more) {
            if (pos + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, pos + more));
            }
        }

        void put(long v, int width) {
            ensure(width);
            for (int i = 0; i < width; i++) {
                bytes[pos++] = (byte) (v >>> (8 * i));
            }
        }

        void putVarint(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                bytes[pos++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            bytes[pos++] = (byte) v;
        }

        void putBytes(byte[] b) {
            putVarint(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, bytes, pos, b.length);
            pos += b.length;
        }
    }
}
