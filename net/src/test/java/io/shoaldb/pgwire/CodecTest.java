package io.shoaldb.pgwire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Text and binary formats against PostgreSQL 15's own output, and round trips for every type. */
class CodecTest {
    private static final ZoneId UTC = ZoneOffset.UTC;

    @Test
    void floatsPrintLikePostgres() {
        assertEquals("0.1", TextCodec.formatDouble(0.1));
        assertEquals("1e+15", TextCodec.formatDouble(1e15));
        assertEquals("100000000000000", TextCodec.formatDouble(1e14));
        assertEquals("1.5e-05", TextCodec.formatDouble(1.5e-5));
        assertEquals("0.0001", TextCodec.formatDouble(1e-4));
        assertEquals("-0", TextCodec.formatDouble(-0.0));
        assertEquals("1", TextCodec.formatDouble(1.0));
        assertEquals("Infinity", TextCodec.formatDouble(Double.POSITIVE_INFINITY));
        assertEquals("NaN", TextCodec.formatDouble(Double.NaN));
        assertEquals("1e+06", TextCodec.formatFloat(1e6f));
        assertEquals("100000", TextCodec.formatFloat(1e5f));
        assertEquals("3.4028235e+38", TextCodec.formatFloat(Float.MAX_VALUE));
        assertEquals("1.7976931348623157e+308", TextCodec.formatDouble(Double.MAX_VALUE));
    }

    @Test
    void dateTimesAndIntervalsPrintLikePostgres() {
        assertEquals("0044-03-15 BC", TextCodec.encode(PgType.DATE, LocalDate.of(-43, 3, 15), UTC));
        assertEquals("2024-02-29 13:14:15.5", TextCodec.encode(PgType.TIMESTAMP, LocalDateTime.of(2024, 2, 29, 13, 14, 15, 500_000_000), UTC));
        assertEquals("2024-01-02 08:34:05+05:30", TextCodec.encode(PgType.TIMESTAMPTZ,
                OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC), ZoneId.of("Asia/Kolkata")));
        assertEquals("1 year 2 mons 3 days 00:00:04", TextCodec.encode(PgType.INTERVAL, new io.shoaldb.storage.Interval(14, 3, 4_000_000), UTC));
        assertEquals("-1 days +01:00:00", TextCodec.encode(PgType.INTERVAL, new io.shoaldb.storage.Interval(0, -1, 3_600_000_000L), UTC));
        assertEquals("00:00:00", TextCodec.encode(PgType.INTERVAL, io.shoaldb.storage.Interval.ZERO, UTC));
        assertEquals("-00:00:01.25", TextCodec.encode(PgType.INTERVAL, new io.shoaldb.storage.Interval(0, 0, -1_250_000), UTC));
        assertEquals("1 day", TextCodec.encode(PgType.INTERVAL, new io.shoaldb.storage.Interval(0, 1, 0), UTC));
        assertEquals(new io.shoaldb.storage.Interval(14, 3, 4_000_000), TextCodec.decode(PgType.INTERVAL, "1 year 2 mons 3 days 00:00:04", UTC));
        assertEquals(new io.shoaldb.storage.Interval(0, 1, 7_200_000_000L), TextCodec.decode(PgType.INTERVAL, "P1DT2H", UTC));
        assertEquals(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(2)),
                TextCodec.decode(PgType.TIMESTAMPTZ, "2024-01-02 03:04:05+02", UTC));
        assertEquals(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 120_000_000, ZoneOffset.ofHoursMinutes(5, 30)),
                TextCodec.decode(PgType.TIMESTAMPTZ, "2024-01-02T03:04:05.12+05:30", UTC));
    }

    @Test
    void scalarsAndArraysInText() {
        assertEquals("\\x0001ff", TextCodec.encode(PgType.BYTEA, new byte[] {0, 1, -1}, UTC));
        assertArrayEquals(new byte[] {0, 1, -1}, (byte[]) TextCodec.decode(PgType.BYTEA, "\\x0001FF", UTC));
        assertArrayEquals(new byte[] {'a', '\\', 1}, (byte[]) TextCodec.decode(PgType.BYTEA, "a\\\\\\001", UTC));
        assertEquals("{\"a b\",\"\",NULL,\"q\\\"\",x}", TextCodec.encode(PgType.TEXT_ARRAY, Arrays.asList("a b", "", null, "q\"", "x"), UTC));
        assertEquals(Arrays.asList("a b", "", null, "q\"", "x"), TextCodec.decode(PgType.TEXT_ARRAY, "{\"a b\",\"\",NULL,\"q\\\"\",x}", UTC));
        assertEquals(List.of(), TextCodec.decode(PgType.INT4_ARRAY, "{}", UTC));
        assertEquals(Boolean.TRUE, TextCodec.decode(PgType.BOOL, " yes ", UTC));
        assertEquals("22003", assertThrows(SqlException.class, () -> TextCodec.decode(PgType.INT2, "40000", UTC)).sqlState());
        assertEquals("22P02", assertThrows(SqlException.class, () -> TextCodec.decode(PgType.INT4, "12a", UTC)).sqlState());
        assertEquals("22P02", assertThrows(SqlException.class, () -> TextCodec.decode(PgType.JSONB, "{\"a\":", UTC)).sqlState());
        assertEquals("22007", assertThrows(SqlException.class, () -> TextCodec.decode(PgType.DATE, "yesterday-ish", UTC)).sqlState());
        assertEquals("0A000", assertThrows(SqlException.class, () -> TextCodec.decode(PgType.INT4_ARRAY, "{{1},{2}}", UTC)).sqlState());
        assertEquals(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
                TextCodec.decode(PgType.UUID, "{A0EEBC999C0B4EF8BB6D6BB9BD380A11}", UTC));
    }

    @Test
    void numericBinaryMatchesPostgresLayout() {
        ByteBuf b = Unpooled.buffer();
        BinaryCodec.encode(PgType.NUMERIC, new BigDecimal("12345.6789"), b);
        // ndigits 3, weight 1, sign +, dscale 4, digits 1 2345 6789
        assertArrayEquals(new byte[] {0, 3, 0, 1, 0, 0, 0, 4, 0, 1, 0x09, 0x29, 0x1A, (byte) 0x85}, bytes(b));
        b = Unpooled.buffer();
        BinaryCodec.encode(PgType.NUMERIC, new BigDecimal("-0.0001"), b);
        assertArrayEquals(new byte[] {0, 1, (byte) 0xFF, (byte) 0xFF, 0x40, 0, 0, 4, 0, 1}, bytes(b));
        b = Unpooled.buffer();
        BinaryCodec.encode(PgType.NUMERIC, new BigDecimal("0.00"), b);
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 2}, bytes(b));
    }

    @Test
    void timestampBinaryCountsFrom2000() {
        ByteBuf b = Unpooled.buffer();
        BinaryCodec.encode(PgType.TIMESTAMP, LocalDateTime.of(2000, 1, 1, 0, 0, 1), b);
        assertEquals(1_000_000L, b.readLong());
        b = Unpooled.buffer();
        BinaryCodec.encode(PgType.DATE, LocalDate.of(1999, 12, 31), b);
        assertEquals(-1, b.readInt());
    }

    private static byte[] bytes(ByteBuf b) {
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }

    @Property(tries = 300)
    void numericRoundTrips(@ForAll("decimals") BigDecimal value) {
        ByteBuf b = Unpooled.buffer();
        BinaryCodec.encode(PgType.NUMERIC, value, b);
        assertEquals(value, BinaryCodec.decode(PgType.NUMERIC, b));
        assertEquals(value, TextCodec.decode(PgType.NUMERIC, TextCodec.encode(PgType.NUMERIC, value, UTC), UTC));
    }

    @Provide
    Arbitrary<BigDecimal> decimals() {
        return Arbitraries.bigIntegers().between(new java.math.BigInteger("-1" + "0".repeat(40)), new java.math.BigInteger("1" + "0".repeat(40)))
                .flatMap(unscaled -> Arbitraries.integers().between(0, 30).map(scale -> new BigDecimal(unscaled, scale)));
    }

    @Property(tries = 300)
    void everyTypeRoundTripsInTextAndBinary(@ForAll("values") Object[] typeAndValue) {
        PgType type = (PgType) typeAndValue[0];
        Object value = typeAndValue[1];
        Object viaText = TextCodec.decode(type, TextCodec.encode(type, value, UTC), UTC);
        ByteBuf b = Unpooled.buffer();
        BinaryCodec.encode(type, value, b);
        Object viaBinary = BinaryCodec.decode(type, b);
        assertEquals(normalize(value), normalize(viaText), type + " text");
        assertEquals(normalize(value), normalize(viaBinary), type + " binary");
    }

    private static Object normalize(Object v) {
        if (v instanceof byte[] bytes) {
            return Arrays.toString(bytes);
        }
        if (v instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (v instanceof List<?> list) {
            return list.stream().map(CodecTest::normalize).toList();
        }
        return v;
    }

    @Provide
    Arbitrary<Object[]> values() {
        return Arbitraries.oneOf(
                Arbitraries.of(true, false).map(v -> new Object[] {PgType.BOOL, v}),
                Arbitraries.shorts().map(v -> new Object[] {PgType.INT2, v}),
                Arbitraries.integers().map(v -> new Object[] {PgType.INT4, v}),
                Arbitraries.longs().map(v -> new Object[] {PgType.INT8, v}),
                Arbitraries.floats().map(v -> new Object[] {PgType.FLOAT4, v}),
                Arbitraries.doubles().map(v -> new Object[] {PgType.FLOAT8, v}),
                Arbitraries.strings().ofMaxLength(40).filter(s -> s.indexOf('\0') < 0 && isWellFormed(s)).map(v -> new Object[] {PgType.TEXT, v}),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(20).map(v -> new Object[] {PgType.BYTEA, v}),
                Arbitraries.integers().between(-700_000, 3_000_000).map(d -> new Object[] {PgType.DATE, LocalDate.of(2000, 1, 1).plusDays(d)}),
                Arbitraries.longs().between(0, 86_399_999_999L).map(us -> new Object[] {PgType.TIME, LocalTime.ofNanoOfDay(us * 1000)}),
                Arbitraries.longs().between(-60_000_000_000_000_000L, 200_000_000_000_000_000L).map(us -> new Object[] {PgType.TIMESTAMP,
                        LocalDateTime.of(2000, 1, 1, 0, 0).plusNanos(us % 1_000_000 * 1000).plusSeconds(us / 1_000_000)}),
                Arbitraries.longs().between(-60_000_000_000_000_000L, 200_000_000_000_000_000L).map(us -> new Object[] {PgType.TIMESTAMPTZ,
                        OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).plusNanos(us % 1_000_000 * 1000).plusSeconds(us / 1_000_000)}),
                Arbitraries.integers().between(-100_000, 100_000).flatMap(m -> Arbitraries.integers().between(-100_000, 100_000)
                        .flatMap(d -> Arbitraries.longs().between(-1_000_000_000_000_000L, 1_000_000_000_000_000L)
                                .map(us -> new Object[] {PgType.INTERVAL, new io.shoaldb.storage.Interval(m, d, us)}))),
                Arbitraries.longs().map(l -> new Object[] {PgType.UUID, new UUID(l, ~l)}),
                Arbitraries.integers().list().ofMaxSize(5).map(l -> new Object[] {PgType.INT4_ARRAY, l}),
                Arbitraries.strings().alpha().numeric().withChars(' ', '"', '\\', ',', '{').ofMaxLength(6).injectNull(0.2).list().ofMaxSize(4)
                        .map(l -> new Object[] {PgType.TEXT_ARRAY, l}));
    }

    private static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** DataRow writes integers' text digits without a String; they must be exactly Long.toString's. */
    @Test
    void dataRowIntegersAsText() {
        long[] samples = {0, 1, -1, 9, 10, 99, 100, -100, 123456789, Integer.MAX_VALUE, Integer.MIN_VALUE,
                999_999_999_999_999_999L, 1_000_000_000_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1};
        java.util.Random random = new java.util.Random(42);
        java.util.List<Long> values = new java.util.ArrayList<>();
        for (long v : samples) {
            values.add(v);
        }
        for (int i = 0; i < 2000; i++) {
            values.add(random.nextLong() >> random.nextInt(64));
        }
        java.util.List<Column> columns = java.util.List.of(Column.of("a", PgType.INT8), Column.of("b", PgType.INT4),
                Column.of("c", PgType.INT2));
        for (long v : values) {
            BackendWriter w = new BackendWriter(io.netty.buffer.Unpooled::buffer);
            w.dataRow(columns, new Object[] {v, (int) v, (short) v}, new short[3], UTC);
            io.netty.buffer.ByteBuf b = w.take();
            try {
                assertEquals('D', b.readByte());
                b.readInt();
                assertEquals(3, b.readShort());
                for (String expected : java.util.List.of(Long.toString(v), Integer.toString((int) v), Short.toString((short) v))) {
                    int length = b.readInt();
                    assertEquals(expected, b.readCharSequence(length, java.nio.charset.StandardCharsets.US_ASCII).toString());
                }
            } finally {
                b.release();
            }
        }
    }
}
