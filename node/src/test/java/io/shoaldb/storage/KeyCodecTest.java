package io.shoaldb.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class KeyCodecTest {
    private static byte[] key(ColumnType t, Object v) {
        return KeyCodec.encode(new ColumnType[] {t}, new Object[] {v});
    }

    @Property
    void longKeysSortLikeTheirValues(@ForAll long a, @ForAll long b) {
        assertEquals(Integer.signum(Long.compare(a, b)), Integer.signum(KeyCodec.compare(key(ColumnType.INT8, a), key(ColumnType.INT8, b))));
    }

    @Property
    void doubleKeysSortLikeTheirValues(@ForAll double a, @ForAll double b) {
        int expected = Double.isNaN(a) || Double.isNaN(b) ? Boolean.compare(Double.isNaN(a), Double.isNaN(b))
                : Double.compare(a == 0 ? 0.0 : a, b == 0 ? 0.0 : b);
        assertEquals(Integer.signum(expected), Integer.signum(KeyCodec.compare(key(ColumnType.FLOAT8, a), key(ColumnType.FLOAT8, b))));
    }

    @Property
    void numericKeysSortLikeTheirValuesAndEqualValuesShareAKey(@ForAll long unscaledA, @ForAll @net.jqwik.api.constraints.IntRange(min = -40, max = 40) int scaleA,
            @ForAll long unscaledB, @ForAll @net.jqwik.api.constraints.IntRange(min = -40, max = 40) int scaleB) {
        BigDecimal a = BigDecimal.valueOf(unscaledA, scaleA);
        BigDecimal b = BigDecimal.valueOf(unscaledB, scaleB);
        // the same value at a wider scale must encode alike
        for (BigDecimal x : List.of(a, b.setScale(b.scale() + 3))) {
            byte[] ka = KeyCodec.encode(new ColumnType[] {ColumnType.NUMERIC}, new Object[] {x});
            byte[] kb = KeyCodec.encode(new ColumnType[] {ColumnType.NUMERIC}, new Object[] {b});
            assertEquals(Integer.signum(x.compareTo(b)), Integer.signum(KeyCodec.compare(ka, kb)), x + " vs " + b);
        }
    }

    @Test
    void numericKeysOfAnOrderedListAreOrdered() {
        List<String> ordered = List.of("-100", "-10", "-1.5", "-1.23", "-1.2", "-0.001", "0", "0.001", "0.1", "1", "1.2", "1.23", "1.5", "10", "100");
        for (int i = 0; i + 1 < ordered.size(); i++) {
            byte[] lo = KeyCodec.encode(new ColumnType[] {ColumnType.NUMERIC}, new Object[] {new BigDecimal(ordered.get(i))});
            byte[] hi = KeyCodec.encode(new ColumnType[] {ColumnType.NUMERIC}, new Object[] {new BigDecimal(ordered.get(i + 1))});
            assertTrue(KeyCodec.compare(lo, hi) < 0, ordered.get(i) + " < " + ordered.get(i + 1));
        }
        assertArrayEquals(KeyCodec.encode(new ColumnType[] {ColumnType.NUMERIC}, new Object[] {new BigDecimal("1.0")}),
                KeyCodec.encode(new ColumnType[] {ColumnType.NUMERIC}, new Object[] {new BigDecimal("1.000")}));
    }

    @Property
    void textKeysSortByCodePoint(@ForAll String a, @ForAll String b) {
        int expected = Integer.signum(a.codePoints().boxed().toList().toString().isEmpty() ? 0 : compareCodePoints(a, b));
        assertEquals(expected, Integer.signum(KeyCodec.compare(key(ColumnType.TEXT, a), key(ColumnType.TEXT, b))));
    }

    private static int compareCodePoints(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        return java.util.Arrays.compare(x, y);
    }

    @Property
    void compositeKeysCompareColumnByColumn(@ForAll String a1, @ForAll int a2, @ForAll String b1, @ForAll int b2) {
        ColumnType[] types = {ColumnType.TEXT, ColumnType.INT4};
        int expected = compareCodePoints(a1, b1);
        if (expected == 0) {
            expected = Integer.compare(a2, b2);
        }
        int actual = KeyCodec.compare(KeyCodec.encode(types, new Object[] {a1, a2}), KeyCodec.encode(types, new Object[] {b1, b2}));
        assertEquals(Integer.signum(expected), Integer.signum(actual));
    }

    @Test
    void nullSortsFirstAndAPrefixEncodingIsAPrefixOfTheKey() {
        assertTrue(KeyCodec.compare(key(ColumnType.INT4, null), key(ColumnType.INT4, Integer.MIN_VALUE)) < 0);
        byte[] prefix = KeyCodec.encode(new ColumnType[] {ColumnType.TEXT}, new Object[] {"ab"});
        byte[] full = KeyCodec.encode(new ColumnType[] {ColumnType.TEXT, ColumnType.INT8}, new Object[] {"ab", 5L});
        assertArrayEquals(prefix, java.util.Arrays.copyOf(full, prefix.length));
        assertTrue(KeyRange.prefix(prefix).contains(full));
        byte[] other = KeyCodec.encode(new ColumnType[] {ColumnType.TEXT, ColumnType.INT8}, new Object[] {"abc", 5L});
        assertTrue(!KeyRange.prefix(prefix).contains(other));
    }

    @Test
    void uuidKeysOrderAsUnsignedBytes() {
        byte[] low = key(ColumnType.UUID, new java.util.UUID(0x0000000000000001L, 0));
        byte[] high = key(ColumnType.UUID, new java.util.UUID(0xffffffff00000000L, 0));
        byte[] mid = key(ColumnType.UUID, new java.util.UUID(0x7fffffffffffffffL, -1L));
        assertTrue(KeyCodec.compare(low, mid) < 0);
        assertTrue(KeyCodec.compare(mid, high) < 0, "0xff.. sorts above 0x7f.. as PostgreSQL's memcmp does");
        assertTrue(!KeyCodec.supports(ColumnType.ARRAY));
        assertTrue(KeyCodec.compare(key(ColumnType.TIMESTAMPTZ, java.time.Instant.parse("1969-12-31T23:59:59Z")),
                key(ColumnType.TIMESTAMPTZ, java.time.Instant.parse("1970-01-01T00:00:00.000001Z"))) < 0);
        // interval keys order as PostgreSQL compares: a month as 30 days, a day as 24 hours
        assertTrue(KeyCodec.compare(key(ColumnType.INTERVAL, new Interval(0, 0, -1)), key(ColumnType.INTERVAL, Interval.ZERO)) < 0);
        assertTrue(KeyCodec.compare(key(ColumnType.INTERVAL, new Interval(0, 29, 86_400_000_000L - 1)),
                key(ColumnType.INTERVAL, new Interval(1, 0, 0))) < 0);
        assertTrue(KeyCodec.compare(key(ColumnType.INTERVAL, new Interval(1, 0, 0)), key(ColumnType.INTERVAL, new Interval(0, 30, 0))) == 0);
    }

    @Test
    void arrayLayoutIsCountThenTaggedElements() {
        RowCodec codec = new RowCodec(List.of(ColumnType.ARRAY));
        // bitmap 1 + count 1 + three elements: tag+4, tag (NULL), tag+4
        assertEquals(1 + 1 + 5 + 1 + 5, codec.encode(new Object[] {java.util.Arrays.asList(1, null, 3)}).length);
        assertEquals(java.util.List.of(), codec.decode(codec.encode(new Object[] {java.util.List.of()}))[0]);
    }

    @Test
    void rowLayoutRoundTripsEveryTypeAndIsCompact() {
        RowCodec codec = new RowCodec(List.of(ColumnType.values()));
        Object[] row = {true, (short) -3, 42, -7L, 1.5f, -2.25, new BigDecimal("-12345.678"), "héllo", new byte[] {1, 2},
                19000, 1_700_000_000_000L, new java.util.UUID(0x0123456789abcdefL, 0xfedcba9876543210L),
                java.util.Arrays.asList(1, null, "x", new BigDecimal("2.50"), new java.util.UUID(1, 2)),
                java.time.LocalTime.of(23, 59, 59, 999_999_000), java.time.Instant.parse("1969-12-31T23:59:59.000001Z"),
                new Interval(-14, 3, -4_000_001L)};
        Object[] back = codec.decode(codec.encode(row));
        for (int i = 0; i < row.length; i++) {
            if (row[i] instanceof byte[] b) {
                assertArrayEquals(b, (byte[]) back[i]);
            } else {
                assertEquals(row[i], back[i]);
            }
        }
        Object[] nulls = new Object[row.length];
        assertEquals(2, codec.encode(nulls).length, "a row of NULLs is just its null bitmap");
        RowCodec ints = new RowCodec(List.of(ColumnType.INT4, ColumnType.INT8));
        assertEquals(1 + 4 + 8, ints.encode(new Object[] {1, 2L}).length);
    }
}
