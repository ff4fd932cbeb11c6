package io.shoaldb.storage;

import java.util.Arrays;

/**
 * A range over key prefixes: bounds are encodings of a leading subset of the key columns (see
 * {@link KeyCodec}); a key is inside when its prefix of the bound's length lies between the bounds.
 * A null bound is unbounded. {@link #ALL} covers every key.
 */
public record KeyRange(byte[] low, boolean lowInclusive, byte[] high, boolean highInclusive) {
    public static final KeyRange ALL = new KeyRange(null, true, null, true);

    public static KeyRange prefix(byte[] prefix) {
        return new KeyRange(prefix, true, prefix, true);
    }

    public boolean contains(byte[] key) {
        if (low != null) {
            int c = comparePrefix(key, low);
            if (c < 0 || (c == 0 && !lowInclusive)) {
                return false;
            }
        }
        if (high != null) {
            int c = comparePrefix(key, high);
            return c < 0 || (c == 0 && highInclusive);
        }
        return true;
    }

    /** Whether every key above {@code key} is also outside the range (scans stop there). */
    public boolean isPastEnd(byte[] key) {
        if (high == null) {
            return false;
        }
        int c = comparePrefix(key, high);
        return c > 0 || (c == 0 && !highInclusive);
    }

    /** Compares the first {@code bound.length} bytes of {@code key} with {@code bound}. */
    static int comparePrefix(byte[] key, byte[] bound) {
        int n = Math.min(key.length, bound.length);
        return Arrays.compareUnsigned(key, 0, n, bound, 0, bound.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyRange r && Arrays.equals(low, r.low) && lowInclusive == r.lowInclusive
                && Arrays.equals(high, r.high) && highInclusive == r.highInclusive;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(low) + Arrays.hashCode(high);
    }

    @Override
    public String toString() {
        return (lowInclusive ? "[" : "(") + (low == null ? "-inf" : Arrays.toString(low)) + ", "
                + (high == null ? "+inf" : Arrays.toString(high)) + (highInclusive ? "]" : ")");
    }
}
