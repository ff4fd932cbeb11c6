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

    /** The id the next created table will get. */
    public long nextId() {
        return nextId;
    }

    /**
     * Forgets every table created since {@link #nextId()} returned {@code id}, and hands out ids from
     * {@code id} again: a failed DDL statement on a durable node must leave no trace, so that replaying
     * the statements that succeeded assigns the same ids.
     */
    public void rollbackCreatesFrom(long id) {
        if (id > nextId) {
            throw new IllegalArgumentException("id " + id + " was never handed out (next " + nextId + ")");
        }
        tables.tailMap(id, true).clear();
        nextId = id;
    }
}
