package io.shoaldb.sql.catalog;

import io.shoaldb.storage.MvccTable;
import java.util.List;

/**
 * A table as the catalog knows it: columns, primary key, secondary indexes, CHECK constraints, engine
 * and recorded distribution, and the storage table holding its rows. Immutable: DDL makes a new one
 * in a new catalog version.
 */
public record TableDef(String name, List<ColumnDef> columns, List<Integer> primaryKey, List<IndexDef> indexes,
        List<CheckDef> checks, String engine, Distribution distribution, MvccTable storage) {
    public TableDef {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        indexes = List.copyOf(indexes);
        checks = List.copyOf(checks);
    }

    public int columnIndex(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        return -1;
    }

    public int[] primaryKeyArray() {
        return primaryKey.stream().mapToInt(Integer::intValue).toArray();
    }

    public TableDef withIndexes(List<IndexDef> newIndexes) {
        return new TableDef(name, columns, primaryKey, newIndexes, checks, engine, distribution, storage);
    }
}
