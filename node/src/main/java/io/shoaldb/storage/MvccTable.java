package io.shoaldb.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One table's rows: an ordered map from primary-key bytes to a newest-first chain of committed versions,
 * each stamped with the commit timestamp of the transaction that wrote it (a null row is a deletion).
 * A reader at snapshot {@code ts} sees, per key, the newest version with commitTs &lt;= ts. Writers never
 * touch the map before commit: {@link #apply} installs a committed write. {@link #vacuum} reclaims
 * versions no snapshot at or after the oldest active one can see.
 *
 * <p>Owned by one event loop; not thread-safe by design.
 */
public final class MvccTable {
    /** Upper bound on the versions one vacuum call reclaims keys for; the rest wait for the next call. */
    public static final int VACUUM_BATCH_KEYS = 4096;

    private final long id;
    private final TableSchema schema;
    private final RowCodec codec;
    private final NavigableMap<byte[], Version> rows = new TreeMap<>(KeyCodec::compare);
    /**
     * The same heads as {@code rows}, hashed: a point read (the primary-key fast path) costs one or two
     * memory accesses instead of a tree descent of ~2 log n key comparisons, which at a million rows was a
     * sixth of a select's server time. Kept in step with {@code rows} at its three mutation points.
     */
    private final java.util.HashMap<HashedKey, Version> heads = new java.util.HashMap<>();
    private final List<SecondaryIndex> indexes = new ArrayList<>();
    /**
     * Keys with versions older than their newest, in the order they got them, each at most once (a hot
     * row updated thousands of times between passes used to be queued thousands of times, and every pass
     * walked all those copies: a sixth of the loop's time under pgbench's TPC-B-like load).
     */
    private final java.util.ArrayDeque<HashedKey> dirtyKeys = new java.util.ArrayDeque<>();
    /** The members of {@link #dirtyKeys}; membership tests only, never iterated. */
    private final java.util.HashSet<HashedKey> queuedKeys = new java.util.HashSet<>();
    private long versionCount;
    private long rowBytes;
    /** Highest hidden row id handed out or applied (tables keyed by row id only). */
    private long rowIdHigh;
    /**
     * Snapshots older than this cannot read the table: it was filled by a rewrite (ALTER TABLE) that
     * committed at this timestamp, and an older snapshot would wrongly see it empty. 0 = readable by all.
     */
    private long minSnapshotTs;
    /** Where row bytes live when the table keeps them off the heap; null = on the heap. */
    private final RowArena arena;

    /**
     * One committed version of a row: on the heap its bytes ({@code row}, null for a deletion); off the
     * heap the address of its block in the table's arena and its length ({@code length} -1 for a deletion).
     */
    private static final class Version {
        final long commitTs;
        final byte[] row;
        final long address;
        final int length;
        Version older;

        Version(long commitTs, byte[] row, Version older) {
            this.commitTs = commitTs;
            this.row = row;
            this.address = -1;
            this.length = row == null ? -1 : row.length;
            this.older = older;
        }

        Version(long commitTs, long address, int length, Version older) {
            this.commitTs = commitTs;
            this.row = null;
            this.address = address;
            this.length = length;
            this.older = older;
        }

        boolean deleted() {
            return length < 0;
        }
    }

    public MvccTable(long id, TableSchema schema) {
        this(id, schema, null);
    }

    /** A table whose row bytes live in {@code arena} (off the heap), or on the heap when it is null. */
    public MvccTable(long id, TableSchema schema, RowArena arena) {
        this.id = id;
        this.schema = schema;
        this.codec = new RowCodec(schema.columnTypes());
        this.arena = arena;
    }

    /** Whether this table keeps its row bytes off the heap. */
    public boolean offHeap() {
        return arena != null;
    }

    /** The bytes of a version (a copy when off the heap), or null for a deletion. */
    private byte[] bytesOf(Version v) {
        if (v.deleted()) {
            return null;
        }
        return arena == null ? v.row : arena.load(v.address, v.length);
    }

    private void release(Version v) {
        if (arena != null && !v.deleted()) {
            arena.free(v.address, v.length);
        }
    }

    public long id() {
        return id;
    }

    public TableSchema schema() {
        return schema;
    }

    public RowCodec codec() {
        return codec;
    }

    public List<SecondaryIndex> indexes() {
        return List.copyOf(indexes);
    }

    /**
     * A new hidden row id for an inserted row (tables keyed by row id). Like a sequence it is not
     * transactional: an id handed to a transaction that rolls back is never reused. Deterministic: the
     * counter follows the order of calls and of applied writes.
     */
    public long allocateRowId() {
        if (!schema.keyedByRowId()) {
            throw new IllegalStateException("table " + id + " has a primary key");
        }
        if (rowIdHigh == Long.MAX_VALUE) {
            throw new IllegalStateException("row ids of table " + id + " exhausted");
        }
        return ++rowIdHigh;
    }

    /** Makes row ids handed out from now on exceed {@code rowId} (a rewritten table keeps its ids). */
    public void reserveRowIdsThrough(long rowId) {
        rowIdHigh = Math.max(rowIdHigh, rowId);
    }

    public long rowIdHigh() {
        return rowIdHigh;
    }

    /** The oldest snapshot allowed to read this table (see the field); 0 when every snapshot may. */
    public long minSnapshotTs() {
        return minSnapshotTs;
    }

    /** Refuses reads at snapshots older than {@code ts} from now on (the table's content was rewritten at ts). */
    public void refuseSnapshotsBefore(long ts) {
        if (ts < minSnapshotTs) {
            throw new IllegalStateException("minimum snapshot of table " + id + " would go back");
        }
        minSnapshotTs = ts;
    }

    public SecondaryIndex index(String name) {
        for (SecondaryIndex idx : indexes) {
            if (idx.name().equals(name)) {
                return idx;
            }
        }
        return null;
    }

    /** Adds an index and fills it from every retained version. */
    public SecondaryIndex addIndex(String name, int[] columns, boolean unique) {
        if (index(name) != null) {
            throw new IllegalArgumentException("index exists: " + name);
        }
        for (int c : columns) {
            if (!KeyCodec.supports(schema.columnTypes().get(c))) {
                throw new IllegalArgumentException("column " + c + " cannot be indexed");
            }
        }
        SecondaryIndex idx = new SecondaryIndex(name, columns, unique);
        for (Map.Entry<byte[], Version> e : rows.entrySet()) {
            for (Version v = e.getValue(); v != null; v = v.older) {
                if (!v.deleted()) {
                    idx.add(idx.indexKeyOf(schema, codec.decode(bytesOf(v))), e.getKey());
                }
            }
        }
        indexes.add(idx);
        return idx;
    }

    public void dropIndex(String name) {
        indexes.removeIf(i -> i.name().equals(name));
    }

    /** The row bytes visible at snapshot {@code ts}, or null if absent or deleted. */
    public byte[] read(byte[] key, long ts) {
        return visible(heads.get(new HashedKey(key)), ts);
    }

    /** Commit timestamp of the newest version of {@code key}, or 0 if it never existed (or was reclaimed). */
    public long latestCommitTs(byte[] key) {
        Version v = heads.get(new HashedKey(key));
        return v == null ? 0 : v.commitTs;
    }

    /** Newest committed row bytes of {@code key}, ignoring snapshots (for commit-time checks). */
    public byte[] readLatest(byte[] key) {
        Version v = heads.get(new HashedKey(key));
        return v == null ? null : bytesOf(v);
    }

    /** A primary key's bytes with content equality, for {@code heads}. */
    private static final class HashedKey {
        private final byte[] bytes;
        private final int hash;

        HashedKey(byte[] bytes) {
            this.bytes = bytes;
            this.hash = hash(bytes);
        }

        /**
         * Not {@code Arrays.hashCode}: keys are mostly big-endian integers whose low bytes alone vary, and its
         * base-31 sum maps a million such keys onto ~20 000 values (HashMap then degrades to trees). Here every
         * byte goes into a 64-bit accumulator, mixed with MurmurHash3's finalizer.
         */
        private static int hash(byte[] bytes) {
            long h = bytes.length;
            for (byte b : bytes) {
                h = h * 257 + (b & 0xff);
            }
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
            h *= 0xc4ceb9fe1a85ec53L;
            h ^= h >>> 33;
            return (int) h;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof HashedKey k && k.hash == hash && java.util.Arrays.equals(k.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private byte[] visible(Version v, long ts) {
        while (v != null && v.commitTs > ts) {
            v = v.older;
        }
        return v == null ? null : bytesOf(v);
    }

    /** A visible row of a scan: its primary key and row bytes. */
    public record Entry(byte[] key, byte[] row) {
    }

    /** Rows visible at {@code ts} whose primary-key prefix lies in {@code range}, in key order. */
    public Iterator<Entry> scan(KeyRange range, long ts) {
        NavigableMap<byte[], Version> from = range.low() == null ? rows : rows.tailMap(range.low(), true);
        Iterator<Map.Entry<byte[], Version>> it = from.entrySet().iterator();
        return new Iterator<>() {
            Entry next = advance();

            private Entry advance() {
                while (it.hasNext()) {
                    Map.Entry<byte[], Version> e = it.next();
                    if (range.isPastEnd(e.getKey())) {
                        return null;
                    }
                    if (!range.contains(e.getKey())) {
                        continue;
                    }
                    byte[] row = visible(e.getValue(), ts);
                    if (row != null) {
                        return new Entry(e.getKey(), row);
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Entry next() {
                Entry e = next;
                if (e == null) {
                    throw new java.util.NoSuchElementException();
                }
                next = advance();
                return e;
            }
        };
    }

    /**
     * Installs a committed write of {@code key} at {@code commitTs} (row null = delete) and returns the
     * index keys it touched per index (old and new values), which serializable validation needs.
     */
    public List<byte[]>[] apply(long commitTs, byte[] key, byte[] row) {
        Version head = heads.get(new HashedKey(key));
        if (head != null && head.commitTs >= commitTs) {
            throw new IllegalStateException("commit timestamps must grow: " + commitTs + " after " + head.commitTs);
        }
        @SuppressWarnings("unchecked")
        List<byte[]>[] touched = new List[indexes.size()];
        Object[] oldValues = head == null || head.deleted() || indexes.isEmpty() ? null : codec.decode(bytesOf(head));
        Object[] newValues = row == null || indexes.isEmpty() ? null : codec.decode(row);
        for (int i = 0; i < indexes.size(); i++) {
            SecondaryIndex idx = indexes.get(i);
            touched[i] = new ArrayList<>(2);
            if (oldValues != null) {
                touched[i].add(idx.indexKeyOf(schema, oldValues));
            }
            if (newValues != null) {
                byte[] ik = idx.indexKeyOf(schema, newValues);
                idx.add(ik, key);
                touched[i].add(ik);
            }
        }
        if (schema.keyedByRowId()) {
            rowIdHigh = Math.max(rowIdHigh, TableSchema.rowIdOf(key)); // a replayed log restores the counter
        }
        if (head == null && row == null) {
            return touched; // deleting a key that is not there leaves nothing behind
        }
        Version version = arena == null || row == null
                ? new Version(commitTs, row, head)
                : new Version(commitTs, arena.store(row), row.length, head);
        rows.put(key, version);
        HashedKey hashed = new HashedKey(key);
        heads.put(hashed, version);
        versionCount++;
        rowBytes += row == null ? 0 : row.length;
        if (head != null) {
            queueForVacuum(hashed); // a first version has nothing older to reclaim
        }
        return touched;
    }

    /**
     * Reclaims versions invisible to every snapshot at or after {@code oldestSnapshotTs}: per key the newest
     * version at or below it is the oldest one kept, and a key whose kept version is a deletion goes away.
     * Index entries of reclaimed values are removed. Works through at most {@link #VACUUM_BATCH_KEYS} keys.
     *
     * @return the number of versions reclaimed
     */
    private void queueForVacuum(HashedKey key) {
        if (queuedKeys.add(key)) {
            dirtyKeys.addLast(key);
        }
    }

    public int vacuum(long oldestSnapshotTs) {
        int reclaimed = 0;
        int budget = VACUUM_BATCH_KEYS;
        int pending = dirtyKeys.size();
        while (budget-- > 0 && pending-- > 0) {
            HashedKey hashed = dirtyKeys.pollFirst();
            queuedKeys.remove(hashed);
            byte[] key = hashed.bytes;
            Version head = heads.get(hashed);
            if (head == null) {
                continue;
            }
            Version keep = head;
            while (keep != null && keep.commitTs > oldestSnapshotTs) {
                keep = keep.older;
            }
            if (keep == null) {
                queueForVacuum(hashed); // every version is still young; look again later
                continue;
            }
            List<Version> dropped = new ArrayList<>();
            for (Version v = keep.older; v != null; v = v.older) {
                dropped.add(v);
            }
            keep.older = null;
            if (keep.deleted()) {
                dropped.add(keep);
                if (keep == head) {
                    rows.remove(key);
                    heads.remove(hashed);
                } else {
                    Version v = head;
                    while (v.older != keep) {
                        v = v.older;
                    }
                    v.older = null;
                }
            }
            if (head.commitTs > oldestSnapshotTs) {
                queueForVacuum(hashed); // newer versions remain to be reclaimed later
            }
            reclaimed += dropped.size();
            versionCount -= dropped.size();
            removeIndexEntries(key, dropped);
        }
        return reclaimed;
    }

    private void removeIndexEntries(byte[] key, List<Version> dropped) {
        if (indexes.isEmpty() || dropped.isEmpty()) {
            for (Version v : dropped) {
                rowBytes -= v.deleted() ? 0 : v.length;
                release(v);
            }
            return;
        }
        List<Object[]> kept = new ArrayList<>();
        for (Version v = heads.get(new HashedKey(key)); v != null; v = v.older) {
            if (!v.deleted()) {
                kept.add(codec.decode(bytesOf(v)));
            }
        }
        for (Version v : dropped) {
            if (v.deleted()) {
                continue;
            }
            rowBytes -= v.length;
            Object[] values = codec.decode(bytesOf(v));
            release(v);
            for (SecondaryIndex idx : indexes) {
                byte[] ik = idx.indexKeyOf(schema, values);
                boolean stillUsed = false;
                for (Object[] k : kept) {
                    if (Arrays.equals(ik, idx.indexKeyOf(schema, k))) {
                        stillUsed = true;
                        break;
                    }
                }
                if (!stillUsed) {
                    idx.remove(ik, key);
                }
            }
        }
    }

    /** Keys with at least one retained version (live or deleted). */
    public int keyCount() {
        return rows.size();
    }

    /**
     * Memory a retained version costs beyond its row bytes: the version object, its key array, the
     * ordered index entry and the hash entry for point reads (measured: 241 bytes of heap per row of
     * 96 encoded bytes, docs/storage.md). An estimate for the memory limit, not an exact figure.
     */
    public static final int VERSION_OVERHEAD_BYTES = 144;

    /** Estimated memory of this table's retained versions: row bytes plus per-version overhead. */
    public long memoryBytes() {
        return rowBytes + versionCount * VERSION_OVERHEAD_BYTES;
    }

    /** Retained versions across all keys, including deletions. */
    public long versionCount() {
        return versionCount;
    }

    /** Bytes of retained row versions (row layout only, without map overhead). */
    public long rowBytes() {
        return rowBytes;
    }

    /** Off-heap bytes this table holds (whole slabs taken from the operating system); 0 on the heap. */
    public long offHeapReservedBytes() {
        return arena == null ? 0 : arena.reservedBytes();
    }

    /** Off-heap bytes in row blocks (rows rounded up to their size class); 0 on the heap. */
    public long offHeapUsedBytes() {
        return arena == null ? 0 : arena.usedBytes();
    }

    /** Returns an off-heap table's memory (when dropped); it must not be used afterwards. No-op on the heap. */
    public void close() {
        if (arena != null) {
            rows.clear();
            heads.clear();
            dirtyKeys.clear();
            queuedKeys.clear();
            versionCount = 0;
            rowBytes = 0;
            arena.close();
        }
    }

    /** Drops every version of every key (used when a table is truncated outside MVCC, e.g. on DROP). */
    public void clear() {
        if (arena != null) {
            arena.reset();
        }
        rows.clear();
        heads.clear();
        dirtyKeys.clear();
        queuedKeys.clear();
        versionCount = 0;
        rowBytes = 0;
        for (SecondaryIndex idx : List.copyOf(indexes)) {
            indexes.remove(idx);
            indexes.add(new SecondaryIndex(idx.name(), idx.columns(), idx.unique()));
        }
    }
}
