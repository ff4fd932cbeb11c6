package io.shoaldb.checker.elle;

/**
 * An open-addressing map from (key id, value) to an int (the writing operation), sized for millions of
 * writes without boxing.
 */
final class KeyValueIndex {
    private static final int EMPTY = -1;
    private int[] keys;
    private long[] values;
    private int[] owners;
    private int size;
    private int mask;

    KeyValueIndex(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        allocate(cap);
    }

    private void allocate(int cap) {
        keys = new int[cap];
        values = new long[cap];
        owners = new int[cap];
        java.util.Arrays.fill(keys, EMPTY);
        mask = cap - 1;
        size = 0;
    }

    private static int hash(int key, long value) {
        long h = value * 0x9E3779B97F4A7C15L + key * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 31;
        return (int) h;
    }

    /** Maps (key, value) to owner unless present; returns the existing owner, or -1 if it was absent. */
    int putIfAbsent(int key, long value, int owner) {
        if (key < 0 || owner < 0) {
            throw new IllegalArgumentException("key ids and owners are non-negative");
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int i = hash(key, value) & mask;
        while (keys[i] != EMPTY) {
            if (keys[i] == key && values[i] == value) {
                return owners[i];
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        owners[i] = owner;
        size++;
        return -1;
    }

    /** The owner of (key, value), or -1. */
    int get(int key, long value) {
        int i = hash(key, value) & mask;
        while (keys[i] != EMPTY) {
            if (keys[i] == key && values[i] == value) {
                return owners[i];
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    int size() {
        return size;
    }

    private void grow() {
        int[] k = keys;
        long[] v = values;
        int[] o = owners;
        allocate(k.length * 2);
        for (int i = 0; i < k.length; i++) {
            if (k[i] != EMPTY) {
                putIfAbsent(k[i], v[i], o[i]);
            }
        }
    }
}
