package io.shoaldb.storage;

import java.util.Collection;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A node's tables by id. Ids are never reused, so a dropped table's id cannot be mistaken for a new one.
 * Tables created while {@link #offHeapRows()} is on keep their row bytes off the heap in a
 * {@link RowArena} of their own, returned to the operating system when the table is dropped.
 */
public final class TableStore {
    /** Default of {@link #offHeapRows()} for new stores ({@code -Dshoaldb.storage.offheap=true}). */
    public static final boolean OFF_HEAP_BY_DEFAULT = Boolean.getBoolean("shoaldb.storage.offheap");

    /**
     * Default of {@link #memoryLimitBytes()} ({@code -Dshoaldb.storage.memoryLimitBytes}; {@code ./shoal run}
     * sets it from its {@code memory-limit} setting); unlimited when absent.
     */
    public static final String MEMORY_LIMIT_PROPERTY = "shoaldb.storage.memoryLimitBytes";

    private final NavigableMap<Long, MvccTable> tables = new TreeMap<>();
    private long memoryLimitBytes = Long.getLong(MEMORY_LIMIT_PROPERTY, Long.MAX_VALUE);
    private long nextId;
    private boolean offHeapRows = OFF_HEAP_BY_DEFAULT;
    private boolean poisonFreedRows = RowArena.POISON_BY_DEFAULT;

    public TableStore() {
        this(1);
    }

    /**
     * A store whose ids start at {@code firstId}: a durable node's transaction block builds the tables of
     * its DDL in a store of its own, under ids that cannot be mistaken for the node's.
     */
    public TableStore(long firstId) {
        if (firstId < 1) {
            throw new IllegalArgumentException("table ids start at 1 or above: " + firstId);
        }
        this.nextId = firstId;
    }

    /** Whether tables created from now on keep their row bytes off the heap. */
    public boolean offHeapRows() {
        return offHeapRows;
    }

    public void setOffHeapRows(boolean offHeap) {
        this.offHeapRows = offHeap;
    }

    /** Whether off-heap tables created from now on poison freed rows and check every read (tests). */
    public void setPoisonFreedRows(boolean poison) {
        this.poisonFreedRows = poison;
    }

    /**
     * Most {@link #memoryUsedBytes()} a transaction may bring the tables to; writes beyond it fail with
     * out of memory (SQLSTATE 53200) before they are committed, so a node is never killed by the
     * collector running out of heap. Deletions are always allowed.
     */
    public long memoryLimitBytes() {
        return memoryLimitBytes;
    }

    public void setMemoryLimitBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("memory limit must be positive: " + bytes);
        }
        this.memoryLimitBytes = bytes;
    }

    /** Estimated memory of every table's retained versions ({@link MvccTable#memoryBytes()}). */
    public long memoryUsedBytes() {
        long sum = 0;
        for (MvccTable t : tables.values()) {
            sum += t.memoryBytes();
        }
        return sum;
    }

    /** Off-heap bytes taken by all tables (see {@link MvccTable#offHeapReservedBytes()}). */
    public long offHeapReservedBytes() {
        long sum = 0;
        for (MvccTable t : tables.values()) {
            sum += t.offHeapReservedBytes();
        }
        return sum;
    }

    public MvccTable create(TableSchema schema) {
        MvccTable t = new MvccTable(nextId++, schema, offHeapRows ? new RowArena(poisonFreedRows) : null);
        tables.put(t.id(), t);
        return t;
    }

    public MvccTable get(long id) {
        return tables.get(id);
    }

    /** Forgets a table and returns its off-heap memory; the table must not be read afterwards. */
    public void drop(long id) {
        MvccTable t = tables.remove(id);
        if (t != null) {
            t.close();
        }
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
        NavigableMap<Long, MvccTable> gone = tables.tailMap(id, true);
        for (MvccTable t : gone.values()) {
            t.close();
        }
        gone.clear();
        nextId = id;
    }
}
