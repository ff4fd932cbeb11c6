package io.shoaldb.storage;

import java.util.Collection;
import java.util.NavigableMap;
import java.util.TreeMap;

/** A node's tables by id. Ids are never reused, so a dropped table's id cannot be mistaken for a new one. */
public final class TableStore {
    private final NavigableMap<Long, MvccTable> tables = new TreeMap<>();
    private long nextId = 1;

    public MvccTable create(TableSchema schema) {
        MvccTable t = new MvccTable(nextId++, schema);
        tables.put(t.id(), t);
        return t;
    }

    public MvccTable get(long id) {
        return tables.get(id);
    }

    public void drop(long id) {
        tables.remove(id);
    }

    public Collection<MvccTable> all() {
        return tables.values();
    }
}
