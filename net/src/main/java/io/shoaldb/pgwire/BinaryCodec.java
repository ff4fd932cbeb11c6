package io.shoaldb.pgwire;

import io.netty.buffer.ByteBuf;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The binary format of every supported type (PostgreSQL's typsend/typrecv): big-endian integers and
 * IEEE floats, base-10000 numeric, dates as days and timestamps as microseconds since 2000-01-01
 * (integer_datetimes on), one-dimensional arrays with a lower bound of 1.
 */
public final class BinaryCodec {
    private static final LocalDate PG_EPOCH_DATE = LocalDate.of(2000, 1, 1);
    private static final LocalDateTime PG_EPOCH = PG_EPOCH_DATE.atStartOfDay();
    private static final long PG_EPOCH_SECONDS = PG_EPOCH.toEpochSecond(ZoneOffset.UTC);
    private static final short NUMERIC_POS = 0x0000;
    private static final short NUMERIC_NEG = 0x4000;
    private static final int NUMERIC_NAN = 0xC000;
    private static final BigInteger TEN_THOUSAND = BigInteger.valueOf(10_000);
    /** PostgreSQL's array dimension limit; we support exactly one. */
    private static final int MAX_ARRAY_ELEMENTS = 1 << 24;

    private BinaryCodec() {
    }

    /** Writes the binary form of a non-null value (without the length prefix). */
    public static void encode(PgType type, Object value, ByteBuf out) {
        switch (type) {
            case BOOL -> out.writeByte(((Boolean) value) ? 1 : 0);
            case INT2 -> out.writeShort(((Number) value).shortValue());
            case INT4 -> out.writeInt(((Number) value).intValue());
            case INT8 -> out.writeLong(((Number) value).longValue());
            case OID -> out.writeInt((int) ((Number) value).longValue());
            case FLOAT4 -> out.writeFloat(((Number) value).floatValue());
            case FLOAT8 -> out.writeDouble(((Number) value).doubleValue());
            case NUMERIC -> encodeNumeric((BigDecimal) value, out);
            case TEXT, VARCHAR, BPCHAR, NAME, JSON -> out.writeCharSequence((String) value, StandardCharsets.UTF_8);
            case JSONB -> {
                out.writeByte(1);
                out.writeCharSequence((String) value, StandardCharsets.UTF_8);
            }
            case BYTEA -> out.writeBytes((byte[]) value);
            case DATE -> out.writeInt((int) ChronoUnit.DAYS.between(PG_EPOCH_DATE, (LocalDate) value));
            case TIME -> out.writeLong(((LocalTime) value).toNanoOfDay() / 1000);
            case TIMESTAMP -> out.writeLong(micros(((LocalDateTime) value).toInstant(ZoneOffset.UTC)));
            case TIMESTAMPTZ -> out.writeLong(micros(((OffsetDateTime) value).toInstant()));
            case INTERVAL -> {
                io.shoaldb.storage.Interval iv = (io.shoaldb.storage.Interval) value;
                out.writeLong(iv.micros());
                out.writeInt(iv.days());
                out.writeInt(iv.months());
            }
            case UUID -> {
                UUID u = (UUID) value;
                out.writeLong(u.getMostSignificantBits());
                out.writeLong(u.getLeastSignificantBits());
            }
            default -> encodeArray(type, (List<?>) value, out);
        }
    }

    /** Reads a value of {@code type} from exactly the readable bytes of {@code in}. */
    public static Object decode(PgType type, ByteBuf in) {
        try {
            Object value = decodeUnchecked(type, in);
            if (in.isReadable()) {
                throw invalid(type);
            }
            return value;
        } catch (IndexOutOfBoundsException e) {
            throw invalid(type);
        }
    }

    private static Object decodeUnchecked(PgType type, ByteBuf in) {
        return switch (type) {
            case BOOL -> {
                byte b = in.readByte();
                if (b != 0 && b != 1) {
                    throw invalid(type);
                }
                yield b == 1;
            }
            case INT2 -> in.readShort();
            case INT4 -> in.readInt();
            case INT8 -> in.readLong();
            case OID -> in.readUnsignedInt();
            case FLOAT4 -> in.readFloat();
            case FLOAT8 -> in.readDouble();
            case NUMERIC -> decodeNumeric(in);
            case TEXT, VARCHAR, BPCHAR, NAME -> Utf8.decode(in, in.readableBytes());
            case JSON -> JsonText.validate(Utf8.decode(in, in.readableBytes()));
            case JSONB -> {
                if (in.readByte() != 1) {
                    throw new SqlException(SqlState.INVALID_BINARY_REPRESENTATION, "unsupported jsonb version number");
                }
                yield JsonText.validate(Utf8.decode(in, in.readableBytes()));
            }
            case BYTEA -> {
                byte[] b = new byte[in.readableBytes()];
                in.readBytes(b);
                yield b;
            }
            case DATE -> {
                int days = in.readInt();
                if (days == Integer.MAX_VALUE || days == Integer.MIN_VALUE) {
                    throw new SqlException(SqlState.FEATURE_NOT_SUPPORTED, "infinite dates are not supported");
                }
                yield PG_EPOCH_DATE.plusDays(days);
            }
            case TIME -> {
                long micros = in.readLong();
                if (micros < 0 || micros >= 86_400_000_000L) {
                    throw new SqlException(SqlState.DATETIME_FIELD_OVERFLOW, "time out of range");
                }
                yield LocalTime.ofNanoOfDay(micros * 1000);
            }
            case TIMESTAMP -> LocalDateTime.ofInstant(instant(in.readLong()), ZoneOffset.UTC);
            case TIMESTAMPTZ -> OffsetDateTime.ofInstant(instant(in.readLong()), ZoneOffset.UTC);
            case INTERVAL -> {
                long micros = in.readLong();
                int days = in.readInt();
                int months = in.readInt();
                yield new io.shoaldb.storage.Interval(months, days, micros);
            }
            case UUID -> new UUID(in.readLong(), in.readLong());
            default -> decodeArray(type, in);
        };
    }

    private static SqlException invalid(PgType type) {
        return new SqlException(SqlState.INVALID_BINARY_REPRESENTATION,
                "incorrect binary data format for type " + type.typeName());
    }

    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond() - PG_EPOCH_SECONDS, 1_000_000L),
                instant.getNano() / 1000);
    }

    private static Instant instant(long micros) {
        if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
            throw new SqlException(SqlState.FEATURE_NOT_SUPPORTED, "infinite timestamps are not supported");
        }
        return Instant.ofEpochSecond(PG_EPOCH_SECONDS + Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1000);
    }

    static void encodeNumeric(BigDecimal value, ByteBuf out) {
        BigDecimal v = value.scale() < 0 ? value.setScale(0) : value;
        int dscale = v.scale();
        BigInteger unscaled = v.unscaledValue().abs();
        // Align the scale to a multiple of 4 so the unscaled integer splits into base-10000 digits.
        int pad = (4 - dscale % 4) % 4;
        BigInteger aligned = unscaled.multiply(BigInteger.TEN.pow(pad));
        int fractionGroups = (dscale + pad) / 4;
        List<Short> groups = new ArrayList<>();
        while (aligned.signum() > 0) {
            BigInteger[] qr = aligned.divideAndRemainder(TEN_THOUSAND);
            groups.add(0, qr[1].shortValue());
            aligned = qr[0];
        }
        // groups now holds most-significant first; the last fractionGroups of them are fractional.
        int weight = groups.size() - fractionGroups - 1;
        while (!groups.isEmpty() && groups.get(0) == 0) {
            groups.remove(0);
            weight--;
        }
        while (!groups.isEmpty() && groups.get(groups.size() - 1) == 0) {
            groups.remove(groups.size() - 1);
        }
        if (groups.isEmpty()) {
            weight = 0;
        }
        out.writeShort(groups.size());
        out.writeShort(weight);
        out.writeShort(v.signum() < 0 ? NUMERIC_NEG : NUMERIC_POS);
        out.writeShort(dscale);
        for (short g : groups) {
            out.writeShort(g);
        }
    }

    static BigDecimal decodeNumeric(ByteBuf in) {
        int ndigits = in.readUnsignedShort();
        int weight = in.readShort();
        int sign = in.readUnsignedShort();
        int dscale = in.readUnsignedShort();
        if (sign == NUMERIC_NAN || (sign & 0xF000) == 0xD000 || (sign & 0xF000) == 0xF000) {
            throw new SqlException(SqlState.FEATURE_NOT_SUPPORTED, "numeric NaN and Infinity are not supported");
        }
        if ((sign != NUMERIC_POS && sign != NUMERIC_NEG) || dscale > 0x3FFF || ndigits > 0x7FFF) {
            throw invalid(PgType.NUMERIC);
        }
        BigInteger unscaled = BigInteger.ZERO;
        for (int i = 0; i < ndigits; i++) {
            int d = in.readShort();
            if (d < 0 || d >= 10_000) {
                throw invalid(PgType.NUMERIC);
            }
            unscaled = unscaled.multiply(TEN_THOUSAND).add(BigInteger.valueOf(d));
        }
        // value = unscaled * 10000^(weight - ndigits + 1)
        int exponent4 = weight - ndigits + 1;
        BigDecimal value = new BigDecimal(unscaled, -4 * exponent4);
        value = value.setScale(dscale, java.math.RoundingMode.DOWN);
        return sign == NUMERIC_NEG ? value.negate() : value;
    }

    private static void encodeArray(PgType type, List<?> values, ByteBuf out) {
        boolean hasNull = false;
        for (Object v : values) {
            hasNull |= v == null;
        }
        if (values.isEmpty()) {
            out.writeInt(0);
            out.writeInt(0);
            out.writeInt(type.element().oid());
            return;
        }
        out.writeInt(1);
        out.writeInt(hasNull ? 1 : 0);
        out.writeInt(type.element().oid());
        out.writeInt(values.size());
        out.writeInt(1);
        for (Object v : values) {
            if (v == null) {
                out.writeInt(-1);
                continue;
            }
            int lengthAt = out.writerIndex();
            out.writeInt(0);
            encode(type.element(), v, out);
            out.setInt(lengthAt, out.writerIndex() - lengthAt - 4);
        }
    }

    private static List<Object> decodeArray(PgType type, ByteBuf in) {
        int ndim = in.readInt();
        int flags = in.readInt();
        int elementOid = in.readInt();
        if (flags != 0 && flags != 1) {
            throw invalid(type);
        }
        if (elementOid != type.element().oid()) {
            throw new SqlException(SqlState.INVALID_BINARY_REPRESENTATION, "wrong element type in array: OID " + elementOid);
        }
        List<Object> out = new ArrayList<>();
        if (ndim == 0) {
            return out;
        }
        if (ndim != 1) {
            throw new SqlException(SqlState.FEATURE_NOT_SUPPORTED, "only one-dimensional arrays are supported");
        }
        int length = in.readInt();
        in.readInt(); // lower bound: PostgreSQL clients send 1; other bounds do not change a List.
        if (length < 0 || length > MAX_ARRAY_ELEMENTS || length > in.readableBytes() / 4) {
            throw invalid(type);
        }
        for (int i = 0; i < length; i++) {
            int n = in.readInt();
            if (n == -1) {
                out.add(null);
                continue;
            }
            if (n < 0 || n > in.readableBytes()) {
                throw invalid(type);
            }
            ByteBuf slice = in.readSlice(n);
            out.add(decode(type.element(), slice));
        }
        return out;
    }
}
