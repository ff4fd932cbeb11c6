package io.shoaldb.storage;

import java.util.List;

/**
 * What storage needs to know of a table: the column types (in row order) and which columns form the
 * primary key, in key order. Secondary indexes are added to the {@link MvccTable} itself.
 */
public record TableSchema(List<ColumnType> columnTypes, int[] primaryKey) {
    public TableSchema {
        columnTypes = List.copyOf(columnTypes);
        primaryKey = primaryKey.clone();
        if (primaryKey.length == 0) {
            throw new IllegalArgumentException("a table needs a primary key");
        }
        for (int c : primaryKey) {
            if (c < 0 || c >= columnTypes.size() || !KeyCodec.supports(columnTypes.get(c))) {
                throw new IllegalArgumentException("bad primary key column " + c);
            }
        }
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
        return keyOf(row, primaryKey);
    }
}
