package io.shoaldb.storage;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * An ordered secondary index of one table. Entries are keyed by (index column bytes ++ primary key
 * bytes), so equal index values of different rows are distinct entries in primary-key order. An entry
 * exists while any retained version of its row has those index values; readers recheck the version
 * their snapshot sees, so the index may hold entries of newer or older versions.
 */
public final class SecondaryIndex {
    private final String name;
    private final int[] columns;
    private final boolean unique;
    private final NavigableMap<byte[], byte[]> entries = new TreeMap<>(KeyCodec::compare);

    SecondaryIndex(String name, int[] columns, boolean unique) {
        if (columns.length == 0) {
            throw new IllegalArgumentException("an index needs columns: " + name);
        }
        this.name = name;
        this.columns = columns.clone();
        this.unique = unique;
    }

    public String name() {
        return name;
    }

    public int[] columns() {
        return columns.clone();
    }

    public boolean unique() {
        return unique;
    }

    public int size() {
        return entries.size();
    }

    /** The index-column bytes of a row (without the primary key suffix). */
    public byte[] indexKeyOf(TableSchema schema, Object[] row) {
        return schema.keyOf(row, columns);
    }

    void add(byte[] indexKey, byte[] primaryKey) {
        entries.put(concat(indexKey, primaryKey), primaryKey);
    }

    void remove(byte[] indexKey, byte[] primaryKey) {
        entries.remove(concat(indexKey, primaryKey));
    }

    /** Entries whose index-column prefix lies in {@code range}, in index order; values are primary keys. */
    public Iterator<Map.Entry<byte[], byte[]>> scan(KeyRange range) {
        NavigableMap<byte[], byte[]> from = range.low() == null ? entries : entries.tailMap(range.low(), true);
        Iterator<Map.Entry<byte[], byte[]>> it = from.entrySet().iterator();
        return new Iterator<>() {
            Map.Entry<byte[], byte[]> next = advance();

            private Map.Entry<byte[], byte[]> advance() {
                while (it.hasNext()) {
                    Map.Entry<byte[], byte[]> e = it.next();
                    if (range.isPastEnd(e.getKey())) {
                        return null;
                    }
                    if (range.contains(e.getKey())) {
                        return e;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Map.Entry<byte[], byte[]> next() {
                Map.Entry<byte[], byte[]> e = next;
                if (e == null) {
                    throw new java.util.NoSuchElementException();
                }
                next = advance();
                return e;
            }
        };
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
