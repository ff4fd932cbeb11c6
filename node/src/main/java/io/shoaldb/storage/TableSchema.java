package io.shoaldb.storage;

import java.util.List;

/**
 * What storage needs to know of a table: the column types (in row order) and which columns form the
 * primary key, in key order. Secondary indexes are added to the {@link MvccTable} itself.
 *
 * <p>A table without a primary key (PostgreSQL allows them; pgbench creates its tables so and adds the key
 * later) has an empty {@code primaryKey}: its rows are keyed by a hidden row id, an int8 the table hands
 * out ({@link MvccTable#allocateRowId()}), which is not part of the row.
 */
public record TableSchema(List<ColumnType> columnTypes, int[] primaryKey) {
    /** The key type of a table keyed by its hidden row id. */
    public static final ColumnType[] ROW_ID_KEY = {ColumnType.INT8};

    public TableSchema {
        columnTypes = List.copyOf(columnTypes);
        primaryKey = primaryKey.clone();
        for (int c : primaryKey) {
            if (c < 0 || c >= columnTypes.size() || !KeyCodec.supports(columnTypes.get(c))) {
                throw new IllegalArgumentException("bad primary key column " + c);
            }
        }
    }

    /** Whether rows are keyed by a hidden row id instead of primary-key columns. */
    public boolean keyedByRowId() {
        return primaryKey.length == 0;
    }

    /** Key bytes of a hidden row id. */
    public static byte[] rowIdKey(long rowId) {
        return KeyCodec.encode(ROW_ID_KEY, new Object[] {rowId});
    }

    /** The row id a hidden-row-id key holds. */
    public static long rowIdOf(byte[] key) {
        if (key.length != 9 || key[0] != 0x01) {
            throw new IllegalArgumentException("not a row id key");
        }
        long v = 0;
        for (int i = 1; i < 9; i++) {
            v = (v << 8) | (key[i] & 0xff);
        }
        return v ^ Long.MIN_VALUE;
    }

    @Override
    public int[] primaryKey() {
        return primaryKey.clone();
    }

    /** Key bytes of the given columns of {@code row}. */
    public byte[] keyOf(Object[] row, int[] columns) {
        ColumnType[] types = new ColumnType[columns.length];
        Object[] values = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) {
            types[i] = columnTypes.get(columns[i]);
            values[i] = row[columns[i]];
        }
        return KeyCodec.encode(types, values);
    }

    public byte[] primaryKeyOf(Object[] row) {
        if (keyedByRowId()) {
            throw new IllegalStateException("a table keyed by row id has no key in its rows");
        }
        return keyOf(row, primaryKey);
    }
}
