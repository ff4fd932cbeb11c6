package io.shoaldb.checker.elle;

import java.util.Arrays;

/** A growable list of ints without boxing: the graphs here have millions of edges. */
final class IntList {
    private int[] items;
    private int size;

    IntList(int capacity) {
        items = new int[Math.max(4, capacity)];
    }

    void add(int x) {
        if (size == items.length) {
            items = Arrays.copyOf(items, items.length + (items.length >> 1) + 1);
        }
        items[size++] = x;
    }

    int get(int i) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i + " >= " + size);
        }
        return items[i];
    }

    void set(int i, int x) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i + " >= " + size);
        }
        items[i] = x;
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    void truncate(int newSize) {
        if (newSize < 0 || newSize > size) {
            throw new IndexOutOfBoundsException("truncate to " + newSize + " of " + size);
        }
        size = newSize;
    }

    /** The backing array; valid up to {@link #size()}. */
    int[] raw() {
        return items;
    }
}
