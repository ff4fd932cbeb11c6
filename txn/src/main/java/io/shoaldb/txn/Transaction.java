package io.shoaldb.txn;

import io.shoaldb.storage.KeyCodec;
import io.shoaldb.storage.KeyRange;
import io.shoaldb.storage.MvccTable;
import io.shoaldb.storage.SecondaryIndex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One serializable transaction: snapshot reads merged with its own buffered writes, a read set for
 * validation, and savepoints. Writes reach the tables only at {@link #commit}. Not thread-safe: it
 * belongs to the session that opened it, on the node's event loop.
 */
public final class Transaction {
    /** Marks a buffered deletion in the write set (compared by identity). */
    static final byte[] TOMBSTONE = new byte[0];
    /** Bound on buffered writes (rows) of one transaction. */
    public static final int MAX_WRITES = 4_000_000;
    /**
     * Bound on the bytes of one transaction's buffered keys and rows. Its commit record, about this size,
     * goes to the log in fragments (a bulk load such as {@code pgbench -i -s 10} writes about 110 MB).
     */
    public static final long MAX_WRITE_BYTES = 512L << 20;

    public enum State { ACTIVE, COMMITTED, ROLLED_BACK }

    private final TransactionManager manager;
    private final long id;
    /** Moves forward only, by {@link #refresh} (a statement that waited for a row lock, docs/locking.md). */
    private long snapshotTs;
    private final ReadSet reads = new ReadSet();
    /** Row locks this transaction holds (see {@link LockTable}); the row it waits for, or null. */
    private final List<LockTable.RowKey> heldLocks = LockTable.newHeldList();
    private LockTable.RowKey waitingOn;
    /** The running statement takes row locks on its writes and may be restarted ({@link #beginStatement}). */
    private boolean lockingStatement;
    /** The running locking statement's buffered writes, for {@link #undoStatement}: table id, key, previous value. */
    private final List<WriteUndo> statementWrites = new ArrayList<>();

    private record WriteUndo(long tableId, byte[] key, byte[] previous) {
    }
    private NavigableMap<Long, NavigableMap<byte[], byte[]>> writes = new TreeMap<>();
    private int writeCount;
    private long writeBytes;
    private final List<Savepoint> savepoints = new ArrayList<>();
    private State state = State.ACTIVE;
    private boolean readOnly;
    /** Logged mode: its commit record was built and awaits the log; no more reads or writes. */
    private boolean prepared;

    private record Savepoint(String name, NavigableMap<Long, NavigableMap<byte[], byte[]>> writes, int writeCount,
                             long writeBytes) {
    }

    Transaction(TransactionManager manager, long id, long snapshotTs) {
        this.manager = manager;
        this.id = id;
        this.snapshotTs = snapshotTs;
    }

    public long id() {
        return id;
    }

    public long snapshotTs() {
        return snapshotTs;
    }

    public State state() {
        return state;
    }

    public boolean readOnly() {
        return readOnly;
    }

    /** READ ONLY: writes are refused by the SQL layer; commit skips validation. */
    public void setReadOnly(boolean readOnly) {
        this.readOnly = readOnly;
    }

    ReadSet reads() {
        return reads;
    }

    NavigableMap<Long, NavigableMap<byte[], byte[]>> writes() {
        return writes;
    }

    public boolean hasWrites() {
        return writeCount > 0;
    }

    private void checkActive() {
        if (state != State.ACTIVE || prepared) {
            throw new IllegalStateException("transaction " + id + " is " + state);
        }
    }

    /**
     * A table rewritten by DDL that committed after this transaction's snapshot holds no versions this
     * snapshot could see (they were all written at the rewrite): reading it would show an empty table, so
     * the transaction fails with a serialization failure instead (PostgreSQL would show it empty).
     */
    private void checkReadable(MvccTable table) {
        if (snapshotTs < table.minSnapshotTs()) {
            throw new SerializationFailure("could not serialize access: table " + table.id()
                    + " was rewritten by a concurrent ALTER TABLE");
        }
    }

    /** The row bytes of {@code key} this transaction sees, or null; records the read. */
    public byte[] get(MvccTable table, byte[] key) {
        checkActive();
        checkReadable(table);
        NavigableMap<byte[], byte[]> w = writes.get(table.id());
        if (w != null) {
            byte[] mine = w.get(key);
            if (mine != null) {
                return mine == TOMBSTONE ? null : mine;
            }
        }
        reads.addKey(table.id(), key);
        return table.read(key, snapshotTs);
    }

    /** Rows in primary-key order whose key prefix lies in {@code range}, own writes included; records the range. */
    public Iterator<MvccTable.Entry> scan(MvccTable table, KeyRange range) {
        checkActive();
        checkReadable(table);
        reads.addRange(table.id(), range);
        Iterator<MvccTable.Entry> committed = table.scan(range, snapshotTs);
        NavigableMap<byte[], byte[]> w = writes.get(table.id());
        if (w == null || w.isEmpty()) {
            return committed;
        }
        List<MvccTable.Entry> mine = new ArrayList<>();
        NavigableMap<byte[], byte[]> from = range.low() == null ? w : w.tailMap(range.low(), true);
        for (Map.Entry<byte[], byte[]> e : from.entrySet()) {
            if (range.isPastEnd(e.getKey())) {
                break;
            }
            if (range.contains(e.getKey())) {
                mine.add(new MvccTable.Entry(e.getKey(), e.getValue()));
            }
        }
        return merge(committed, mine.iterator());
    }

    /** Merges committed rows with own writes (own writes win; tombstones hide rows). */
    private static Iterator<MvccTable.Entry> merge(Iterator<MvccTable.Entry> a, Iterator<MvccTable.Entry> b) {
        return new Iterator<>() {
            MvccTable.Entry na = a.hasNext() ? a.next() : null;
            MvccTable.Entry nb = b.hasNext() ? b.next() : null;
            MvccTable.Entry next = advance();

            private MvccTable.Entry advance() {
                while (na != null || nb != null) {
                    int c = na == null ? 1 : nb == null ? -1 : KeyCodec.compare(na.key(), nb.key());
                    MvccTable.Entry out;
                    if (c < 0) {
                        out = na;
                        na = a.hasNext() ? a.next() : null;
                    } else {
                        out = nb;
                        nb = b.hasNext() ? b.next() : null;
                        if (c == 0) {
                            na = a.hasNext() ? a.next() : null;
                        }
                    }
                    if (out.row() != TOMBSTONE) {
                        return out;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public MvccTable.Entry next() {
                MvccTable.Entry e = next;
                if (e == null) {
                    throw new java.util.NoSuchElementException();
                }
                next = advance();
                return e;
            }
        };
    }

    /**
     * Rows whose index-column prefix lies in {@code range}, in index order, own writes included; records
     * the index range. Each returned row's index key was rechecked against the version this transaction sees.
     */
    public List<MvccTable.Entry> indexScan(MvccTable table, SecondaryIndex index, KeyRange range) {
        checkActive();
        checkReadable(table);
        reads.addIndexRange(TransactionManager.indexId(table.id(), index.name()), range);
        NavigableMap<byte[], byte[]> w = writes.getOrDefault(table.id(), new TreeMap<>(KeyCodec::compare));
        TreeMap<byte[], MvccTable.Entry> byIndexKey = new TreeMap<>(KeyCodec::compare);
        Iterator<Map.Entry<byte[], byte[]>> it = index.scan(range);
        while (it.hasNext()) {
            Map.Entry<byte[], byte[]> e = it.next();
            byte[] pk = e.getValue();
            if (w.containsKey(pk)) {
                continue; // own writes are matched below
            }
            byte[] row = table.read(pk, snapshotTs);
            if (row == null) {
                continue;
            }
            byte[] ik = index.indexKeyOf(table.schema(), table.codec().decode(row));
            byte[] entryIk = Arrays.copyOf(e.getKey(), e.getKey().length - pk.length);
            if (Arrays.equals(ik, entryIk)) {
                byIndexKey.put(e.getKey(), new MvccTable.Entry(pk, row));
            }
        }
        for (Map.Entry<byte[], byte[]> e : w.entrySet()) {
            if (e.getValue() == TOMBSTONE) {
                continue;
            }
            byte[] ik = index.indexKeyOf(table.schema(), table.codec().decode(e.getValue()));
            if (range.contains(ik)) {
                byte[] full = Arrays.copyOf(ik, ik.length + e.getKey().length);
                System.arraycopy(e.getKey(), 0, full, ik.length, e.getKey().length);
                byIndexKey.put(full, new MvccTable.Entry(e.getKey(), e.getValue()));
            }
        }
        return new ArrayList<>(byIndexKey.values());
    }

    /**
     * Buffers a write of {@code row} (null deletes) at {@code key}. In a locking statement it first takes the
     * row's lock: {@link LockWait} if another transaction holds it, {@link RestartStatement} if the row
     * changed after this transaction's snapshot (what the statement read of it is stale).
     */
    public void put(MvccTable table, byte[] key, byte[] row) {
        checkActive();
        if (readOnly) {
            throw new IllegalStateException("write in a read-only transaction");
        }
        if (lockingStatement) {
            // A key with no committed version and no lock is a new row (an INSERT): it is not locked, so
            // bulk inserts and COPY cost no lock entries; two inserts of one new key still conflict at apply.
            LockTable.RowKey rk = new LockTable.RowKey(table.id(), key);
            long latest = table.latestCommitTs(key);
            if (latest != 0 || manager.locks().isLocked(rk)) {
                Transaction holder = manager.locks().tryAcquire(this, rk);
                if (holder != null) {
                    throw new LockWait(this, rk, holder.id());
                }
                if (latest > snapshotTs) {
                    throw new RestartStatement();
                }
            }
        }
        NavigableMap<byte[], byte[]> w = writes.computeIfAbsent(table.id(), k -> new TreeMap<>(KeyCodec::compare));
        byte[] value = row == null ? TOMBSTONE : row;
        byte[] old = w.put(key, value);
        if (lockingStatement) {
            statementWrites.add(new WriteUndo(table.id(), key, old));
        }
        writeBytes += old == null ? key.length + value.length : value.length - old.length;
        if (old == null) {
            writeCount++;
            if (writeCount > MAX_WRITES) {
                throw new TransactionTooLarge("transaction writes more than " + MAX_WRITES + " rows");
            }
        }
        if (writeBytes > MAX_WRITE_BYTES) {
            throw new TransactionTooLarge("transaction writes more than " + (MAX_WRITE_BYTES >> 20) + " MiB of rows");
        }
        if (value != TOMBSTONE && (old == null || value.length > old.length)) {
            manager.checkMemory(Math.max(0, writeBytes), writeCount);
        }
    }

    // ------------------------------------------------------------ row locks and statement restarts

    /**
     * Locks a row this transaction read ({@code SELECT ... FOR UPDATE}, docs/locking.md). With row locks on,
     * in a locking statement, it takes the row's exclusive lock exactly as a write would: {@link LockWait}
     * (or, with {@code nowait}, {@link RowLockNotAvailable}) if another transaction holds it, and
     * {@link RestartStatement} if the row changed after the snapshot. Without a lock table (a memory or
     * loopback engine) nothing can wait, so the row is claimed instead: its current version is written back
     * unchanged, which makes the row part of this transaction's writes for serializable validation, so
     * that of two transactions that lock (or lock and write) one row, only the first to commit succeeds.
     * A row this transaction wrote already, or inserted, needs neither. With {@code skipLocked} (SKIP LOCKED)
     * a row another transaction holds is left alone and false is returned; otherwise true.
     */
    public boolean lockRow(MvccTable table, byte[] key, boolean nowait, boolean skipLocked) {
        checkActive();
        if (readOnly) {
            throw new IllegalStateException("row lock in a read-only transaction");
        }
        NavigableMap<byte[], byte[]> w = writes.get(table.id());
        LockTable locks = manager.locks();
        if (locks == null) {
            if (w != null && w.containsKey(key)) {
                return true;
            }
            byte[] current = table.read(key, snapshotTs);
            if (current != null) {
                put(table, key, current);
            }
            return true;
        }
        if (!lockingStatement) {
            throw new IllegalStateException("lockRow outside a locking statement");
        }
        LockTable.RowKey rk = new LockTable.RowKey(table.id(), key);
        long latest = table.latestCommitTs(key);
        if (latest == 0 && !locks.isLocked(rk)) {
            return true; // this transaction's own new row: nobody else can see it
        }
        if (heldLocks.size() >= MAX_WRITES) {
            // a write's lock is bounded by the writes; a read's lock needs its own bound
            throw new TransactionTooLarge("transaction locks more than " + MAX_WRITES + " rows");
        }
        Transaction holder = locks.tryAcquire(this, rk);
        if (holder != null) {
            if (skipLocked) {
                return false;
            }
            if (nowait) {
                throw new RowLockNotAvailable(table.id(), holder.id());
            }
            throw new LockWait(this, rk, holder.id());
        }
        if (latest > snapshotTs) {
            throw new RestartStatement();
        }
        return true;
    }

    /** Whether row locks are on: {@link #lockRow} then locks; otherwise it claims the row by a write. */
    public boolean rowLocksOn() {
        return manager.locks() != null;
    }

    /**
     * Starts a statement. With {@code lockRows} (the manager has a {@link LockTable}) its writes take row
     * locks and its reads and writes are journaled, so that {@link #undoStatement} can take it back when it
     * must wait for a lock or run again at a newer snapshot.
     */
    public void beginStatement(boolean lockRows) {
        lockingStatement = lockRows && manager.locks() != null;
        statementWrites.clear();
        if (lockingStatement) {
            reads.startJournal();
        }
    }

    /** Ends the statement: its reads and writes stay. */
    public void endStatement() {
        lockingStatement = false;
        statementWrites.clear();
        reads.stopJournal();
    }

    /**
     * Takes back the running locking statement's writes and reads (locks it took stay held), as if it had
     * not run; it can then run again. Reads that cannot be taken back (a table fell back to "all read")
     * stay, which is conservative.
     */
    public void undoStatement() {
        for (int i = statementWrites.size() - 1; i >= 0; i--) {
            WriteUndo u = statementWrites.get(i);
            NavigableMap<byte[], byte[]> w = writes.get(u.tableId());
            if (u.previous() == null) {
                byte[] removed = w == null ? null : w.remove(u.key());
                if (removed != null) {
                    writeCount--;
                    writeBytes -= u.key().length + removed.length;
                }
            } else {
                byte[] replaced = writes.computeIfAbsent(u.tableId(), k -> new TreeMap<>(KeyCodec::compare))
                        .put(u.key(), u.previous());
                writeBytes += u.previous().length - (replaced == null ? 0 : replaced.length);
            }
        }
        statementWrites.clear();
        reads.undoJournal();
    }

    /**
     * Moves the snapshot to the last applied commit, after checking that nothing this transaction read
     * changed in between (its reads are then valid at the new snapshot too, and the transaction serializes
     * there); else throws {@link SerializationFailure}. A statement that waited for a row lock then reads
     * the row's latest committed version.
     */
    public void refresh() {
        checkActive();
        snapshotTs = manager.refresh(snapshotTs, reads);
    }

    /**
     * Queues this transaction for the row lock {@code w} reported; {@code onGrant} runs on the loop (deferred)
     * once the lock is this transaction's. Throws {@link DeadlockDetected} instead if waiting would deadlock.
     */
    public void waitFor(LockWait w, Runnable onGrant) {
        if (w.transaction() != this) {
            throw new IllegalArgumentException("the lock wait of transaction " + w.transaction().id());
        }
        checkActive();
        manager.locks().enqueue(this, w.row(), onGrant);
    }

    /** Whether this transaction waits for a row lock. */
    public boolean waitingForLock() {
        return waitingOn != null;
    }

    /**
     * Gives up every row lock now (and a lock wait): the transaction failed and can only roll back, so
     * others need not wait for it. Writes it makes later take locks again.
     */
    public void releaseLocks() {
        LockTable locks = manager.locks();
        if (locks != null) {
            locks.releaseAll(this);
        }
    }

    /** Row locks held. */
    public int lockCount() {
        return heldLocks.size();
    }

    List<LockTable.RowKey> heldLocks() {
        return heldLocks;
    }

    LockTable.RowKey waitingOn() {
        return waitingOn;
    }

    void setWaitingOn(LockTable.RowKey key) {
        waitingOn = key;
    }

    /** Drops every buffered write to {@code table} (its table was dropped). */
    public void forgetTable(long tableId) {
        NavigableMap<byte[], byte[]> w = writes.remove(tableId);
        if (w != null) {
            writeCount -= w.size();
            for (Map.Entry<byte[], byte[]> e : w.entrySet()) {
                writeBytes -= e.getKey().length + e.getValue().length;
            }
        }
    }

    public void savepoint(String name) {
        checkActive();
        savepoints.add(new Savepoint(name, copyWrites(), writeCount, writeBytes));
    }

    /** Whether a savepoint of this name exists. */
    public boolean hasSavepoint(String name) {
        return findSavepoint(name) >= 0;
    }

    /** Undoes writes since the newest savepoint {@code name}, which stays; later savepoints go away. */
    public void rollbackTo(String name) {
        checkActive();
        int i = findSavepoint(name);
        if (i < 0) {
            throw new IllegalArgumentException("no savepoint " + name);
        }
        Savepoint sp = savepoints.get(i);
        savepoints.subList(i + 1, savepoints.size()).clear();
        writes = copy(sp.writes());
        writeCount = sp.writeCount();
        writeBytes = sp.writeBytes();
    }

    /** Forgets savepoint {@code name} and every later one, keeping their writes. */
    public void release(String name) {
        checkActive();
        int i = findSavepoint(name);
        if (i < 0) {
            throw new IllegalArgumentException("no savepoint " + name);
        }
        savepoints.subList(i, savepoints.size()).clear();
    }

    private int findSavepoint(String name) {
        for (int i = savepoints.size() - 1; i >= 0; i--) {
            if (savepoints.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private NavigableMap<Long, NavigableMap<byte[], byte[]>> copyWrites() {
        return copy(writes);
    }

    private static NavigableMap<Long, NavigableMap<byte[], byte[]>> copy(NavigableMap<Long, NavigableMap<byte[], byte[]>> src) {
        NavigableMap<Long, NavigableMap<byte[], byte[]>> c = new TreeMap<>();
        for (Map.Entry<Long, NavigableMap<byte[], byte[]>> e : src.entrySet()) {
            TreeMap<byte[], byte[]> m = new TreeMap<>(KeyCodec::compare);
            m.putAll(e.getValue());
            c.put(e.getKey(), m);
        }
        return c;
    }

    /** Commits or throws {@link SerializationFailure} (the transaction is then rolled back). */
    public void commit() {
        checkActive();
        try {
            manager.commit(this);
            state = State.COMMITTED;
        } catch (SerializationFailure e) {
            state = State.ROLLED_BACK;
            throw e;
        }
    }

    /**
     * Logged mode: ends the transaction's work and returns its commit record, to be appended to the log
     * and applied by {@link TransactionManager#applyCommit}; then call {@link #finishLogged}. A
     * transaction without writes needs no record: commit it with {@link #commitReadOnly()}.
     */
    public CommitRequest prepareCommit() {
        if (!hasWrites()) {
            throw new IllegalStateException("transaction " + id + " wrote nothing; it needs no commit record");
        }
        return prepareBlockCommit();
    }

    /**
     * As {@link #prepareCommit()}, also for a transaction without writes: a durable transaction block that
     * ran DDL logs one record with its snapshot and reads even when it wrote no rows.
     */
    public CommitRequest prepareBlockCommit() {
        checkActive();
        if (!manager.isLogged()) {
            throw new IllegalStateException("prepareCommit is for a logged transaction manager");
        }
        prepared = true;
        NavigableMap<Long, NavigableMap<byte[], byte[]>> w = new TreeMap<>();
        for (Map.Entry<Long, NavigableMap<byte[], byte[]>> e : writes.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            TreeMap<byte[], byte[]> rows = new TreeMap<>(KeyCodec::compare);
            for (Map.Entry<byte[], byte[]> r : e.getValue().entrySet()) {
                rows.put(r.getKey(), r.getValue() == TOMBSTONE ? null : r.getValue());
            }
            w.put(e.getKey(), rows);
        }
        return new CommitRequest(snapshotTs, reads, w);
    }

    /** Logged mode: a transaction that wrote nothing commits without a log entry (its snapshot is a prefix of the log). */
    public void commitReadOnly() {
        checkActive();
        if (hasWrites()) {
            throw new IllegalStateException("transaction " + id + " has writes; commit it through the log");
        }
        manager.finish(this);
        state = State.COMMITTED;
    }

    /** Logged mode: the prepared commit record was applied ({@code committed}) or aborted or lost. */
    public void finishLogged(boolean committed) {
        if (!prepared || state != State.ACTIVE) {
            throw new IllegalStateException("transaction " + id + " is not awaiting the log");
        }
        manager.finish(this);
        state = committed ? State.COMMITTED : State.ROLLED_BACK;
    }

    public void rollback() {
        if (state != State.ACTIVE || prepared) {
            return;
        }
        manager.rollback(this);
        state = State.ROLLED_BACK;
    }
}
