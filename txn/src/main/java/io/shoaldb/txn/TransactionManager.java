package io.shoaldb.txn;

import io.shoaldb.storage.KeyRange;
import io.shoaldb.storage.MvccTable;
import io.shoaldb.storage.TableStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Hands out snapshots and commit timestamps, validates and installs commits, and keeps the write
 * summaries of recent commits for as long as a transaction may need to validate against them.
 * One per node; runs on the node's event loop.
 *
 * <p>Two modes. In memory mode ({@link #TransactionManager(TableStore)}) {@link Transaction#commit()}
 * validates and installs at once, and summaries are kept while an open transaction's snapshot needs
 * them. In logged mode ({@link #logged(TableStore)}) a commit is a log entry: the session calls
 * {@link Transaction#prepareCommit()}, the entry goes through the log, and {@link #applyCommit} validates
 * and installs it when it is applied, in log order, on every replica and again at every replay. Its
 * outcome must then be a function of the log alone, so summaries are kept by a deterministic rule (the
 * newest {@link #MAX_RETAINED_COMMITS} commits, at most {@link #MAX_RETAINED_KEYS} keys) instead of by
 * the open transactions, and a snapshot older than that history aborts; it is part of {@link #writeState}.
 */
public final class TransactionManager {
    /** Bound on concurrently open transactions; beyond it {@link #begin} refuses. */
    public static final int MAX_ACTIVE_TRANSACTIONS = 10_000;
    /** Logged mode: commit summaries kept for validation, newest first. */
    public static final int MAX_RETAINED_COMMITS = 10_000;
    /** Logged mode: keys (primary and index) kept over all retained summaries. */
    public static final long MAX_RETAINED_KEYS = 1_000_000;

    private final TableStore store;
    private final boolean logged;
    private long lastCommitTs;
    /** Logged mode: commits at or before this timestamp have no summary any more. */
    private long prunedThroughTs;
    /** Logged mode: timestamp of the last DDL applied; transactions that read before it abort. */
    private long ddlFenceTs;
    private long retainedKeys;
    private long nextTxnId = 1;
    /** Active transactions by id; their snapshots bound what validation history and versions must stay. */
    private final NavigableMap<Long, Transaction> active = new TreeMap<>();
    /** Write summaries of commits, oldest first. */
    private final ArrayDeque<CommitSummary> recentCommits = new ArrayDeque<>();
    private long commits;
    private long aborts;
    /** Row locks of the leader's sessions, or null when statements do not lock (docs/locking.md). */
    private LockTable locks;
    private long refreshes;

    /** What one commit wrote: primary keys per table and touched index keys per (table, index). */
    record CommitSummary(long commitTs, Map<Long, List<byte[]>> keys, Map<String, List<byte[]>> indexKeys) {
        long keyCount() {
            long n = 0;
            for (List<byte[]> l : keys.values()) {
                n += l.size();
            }
            for (List<byte[]> l : indexKeys.values()) {
                n += l.size();
            }
            return n;
        }
    }

    /**
     * Fails a transaction whose {@code writeBytes} of new or grown rows ({@code newRows} of them) would
     * bring the tables beyond the store's memory limit. Checked as the writes happen, on the node that
     * runs the statement, before anything is proposed: replicas apply what is committed whatever
     * their own limit.
     */
    void checkMemory(long writeBytes, long newRows) {
        long limit = store.memoryLimitBytes();
        if (limit == Long.MAX_VALUE) {
            return;
        }
        long used = store.memoryUsedBytes();
        long adding = writeBytes + newRows * io.shoaldb.storage.MvccTable.VERSION_OVERHEAD_BYTES;
        if (used + adding > limit) {
            throw new MemoryLimitExceeded("out of memory: the tables hold about " + mib(used) + " and this transaction"
                    + " would add about " + mib(adding) + ", beyond the node's memory limit of " + mib(limit)
                    + " (raise memory-limit, or delete rows first)");
        }
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    /** A memory-mode manager: commits validate and install at once. */
    public TransactionManager(TableStore store) {
        this(store, false);
    }

    private TransactionManager(TableStore store, boolean logged) {
        this.store = store;
        this.logged = logged;
    }

    /** A logged-mode manager: commits are applied from the log with {@link #applyCommit}. */
    public static TransactionManager logged(TableStore store) {
        return new TransactionManager(store, true);
    }

    /**
     * From now on, writes of locking statements take row locks ({@link Transaction#beginStatement}); grants
     * run through {@code defer} (the event loop's deferred execution). Only a host whose sessions can wait
     * (statements completed asynchronously) enables them.
     */
    public void enableRowLocks(java.util.function.Consumer<Runnable> defer) {
        if (locks == null) {
            locks = new LockTable(defer);
        }
    }

    /** The row-lock table, or null when row locks are off. */
    public LockTable locks() {
        return locks;
    }

    /** Snapshots moved forward by {@link Transaction#refresh}. */
    public long refreshes() {
        return refreshes;
    }

    /**
     * Asserts that no row lock is held by, or queued for, a transaction that has finished, and that the lock
     * table agrees with its transactions. For invariant checks (the simulator).
     */
    public void checkLockInvariants() {
        if (locks != null) {
            locks.checkInvariants(active);
        }
    }

    /**
     * The snapshot a transaction reading at {@code snapshotTs} with {@code reads} may move to: the last
     * applied commit, if no commit since its snapshot wrote what it read; else {@link SerializationFailure}.
     */
    long refresh(long snapshotTs, ReadSet reads) {
        if (snapshotTs == lastCommitTs) {
            return snapshotTs;
        }
        if (snapshotTs < ddlFenceTs) {
            throw new SerializationFailure("could not serialize access due to concurrent DDL (committed at "
                    + ddlFenceTs + ")");
        }
        if (snapshotTs < prunedThroughTs) {
            throw new SerializationFailure("could not serialize access: the transaction's snapshot (" + snapshotTs
                    + ") is older than the validation history kept (" + prunedThroughTs + ")");
        }
        String conflict = findConflict(snapshotTs, reads);
        if (conflict != null) {
            throw new SerializationFailure("could not serialize access: a row the transaction read changed while it"
                    + " waited for a row lock (" + conflict + ")");
        }
        refreshes++;
        return lastCommitTs;
    }

    public boolean isLogged() {
        return logged;
    }

    public TableStore store() {
        return store;
    }

    public Transaction begin() {
        if (active.size() >= MAX_ACTIVE_TRANSACTIONS) {
            throw new IllegalStateException("too many open transactions: " + active.size());
        }
        Transaction t = new Transaction(this, nextTxnId++, lastCommitTs);
        active.put(t.id(), t);
        return t;
    }

    public long lastCommitTs() {
        return lastCommitTs;
    }

    public int activeCount() {
        return active.size();
    }

    public long commits() {
        return commits;
    }

    public long aborts() {
        return aborts;
    }

    /** Memory mode: validates {@code t} and installs its writes; throws {@link SerializationFailure} after rolling it back. */
    void commit(Transaction t) {
        if (logged) {
            throw new IllegalStateException("a logged transaction manager commits through the log (prepareCommit)");
        }
        try {
            if (t.hasWrites()) {
                install(t.snapshotTs(), t.reads(), t.writes(), !t.readOnly());
            }
        } finally {
            finish(t);
        }
    }

    /**
     * Logged mode: validates a commit record against the commits applied after its snapshot and, if
     * nothing it read changed, installs its writes at the next commit timestamp, which it returns.
     * Deterministic: the outcome depends only on the records applied before it.
     *
     * @throws SerializationFailure if the commit must abort (nothing was installed)
     */
    public long applyCommit(CommitRequest r) {
        if (!logged) {
            throw new IllegalStateException("applyCommit is for a logged transaction manager");
        }
        if (r.snapshotTs() > lastCommitTs) {
            throw new IllegalStateException("commit record reads at " + r.snapshotTs() + ", after the last commit "
                    + lastCommitTs);
        }
        if (r.snapshotTs() < ddlFenceTs) {
            aborts++;
            throw new SerializationFailure("could not serialize access due to concurrent DDL (committed at "
                    + ddlFenceTs + ")");
        }
        if (r.snapshotTs() < prunedThroughTs) {
            aborts++;
            throw new SerializationFailure("could not serialize access: the transaction's snapshot (" + r.snapshotTs()
                    + ") is older than the validation history kept (" + prunedThroughTs + ")");
        }
        install(r.snapshotTs(), r.reads(), r.writes(), true);
        while (recentCommits.size() > MAX_RETAINED_COMMITS || retainedKeys > MAX_RETAINED_KEYS) {
            CommitSummary c = recentCommits.pollFirst();
            retainedKeys -= c.keyCount();
            prunedThroughTs = c.commitTs();
        }
        return lastCommitTs;
    }

    /** Logged mode: the commit timestamp of the last DDL applied (commits that read before it abort). */
    public long ddlFenceTs() {
        return ddlFenceTs;
    }

    /**
     * Logged mode: a DDL statement was applied. It takes a commit timestamp of its own, and every
     * transaction whose snapshot is older aborts at commit: its plans and row layouts may predate the change.
     */
    public long noteDdl() {
        ddlFenceTs = ++lastCommitTs;
        return ddlFenceTs;
    }

    /** Validates and installs; throws {@link SerializationFailure} (counted) if a conflict is found. */
    private void install(long snapshotTs, ReadSet reads, NavigableMap<Long, NavigableMap<byte[], byte[]>> writes,
                         boolean validate) {
        String conflict = validate ? findConflict(snapshotTs, reads) : null;
        if (conflict != null) {
            aborts++;
            throw new SerializationFailure("could not serialize access due to read/write dependencies among"
                    + " transactions (" + conflict + ")");
        }
        for (Long tableId : writes.keySet()) {
            if (store.get(tableId) == null) {
                aborts++;
                throw new SerializationFailure("table " + tableId + " was dropped by a concurrent transaction");
            }
        }
        long commitTs = ++lastCommitTs;
        Map<Long, List<byte[]>> keys = new TreeMap<>();
        Map<String, List<byte[]>> indexKeys = new TreeMap<>();
        for (Map.Entry<Long, NavigableMap<byte[], byte[]>> e : writes.entrySet()) {
            MvccTable table = store.get(e.getKey());
            List<byte[]> written = new ArrayList<>();
            for (Map.Entry<byte[], byte[]> w : e.getValue().entrySet()) {
                byte[] row = w.getValue() == null || w.getValue() == Transaction.TOMBSTONE ? null : w.getValue();
                List<byte[]>[] touched = table.apply(commitTs, w.getKey(), row);
                written.add(w.getKey());
                for (int i = 0; i < touched.length; i++) {
                    indexKeys.computeIfAbsent(indexId(table.id(), table.indexes().get(i).name()), k -> new ArrayList<>())
                            .addAll(touched[i]);
                }
            }
            keys.put(e.getKey(), written);
        }
        CommitSummary summary = new CommitSummary(commitTs, keys, indexKeys);
        recentCommits.addLast(summary);
        retainedKeys += summary.keyCount();
        commits++;
    }

    void rollback(Transaction t) {
        finish(t);
    }

    /** The transaction left: a logged-mode commit after its record was applied (or lost), or a rollback. */
    void finish(Transaction t) {
        if (locks != null) {
            locks.releaseAll(t);
        }
        active.remove(t.id());
        if (logged) {
            return; // logged-mode history follows the deterministic rule in applyCommit
        }
        long oldest = oldestSnapshot();
        while (!recentCommits.isEmpty() && recentCommits.peekFirst().commitTs() <= oldest) {
            retainedKeys -= recentCommits.pollFirst().keyCount();
        }
    }

    /** The oldest snapshot any active transaction reads at; the last commit when none is active. */
    public long oldestSnapshot() {
        long oldest = lastCommitTs;
        for (Transaction t : active.values()) {
            oldest = Math.min(oldest, t.snapshotTs());
        }
        return oldest;
    }

    /**
     * Reclaims every old version of {@code table} that no snapshot can see, in as many bounded passes as it
     * takes (VACUUM); returns how many were reclaimed.
     */
    public long vacuumFully(MvccTable table) {
        long oldest = oldestSnapshot();
        long n = 0;
        int pass;
        do {
            pass = table.vacuum(oldest);
            n += pass;
        } while (pass > 0);
        return n;
    }

    /** Reclaims old versions in every table; returns how many were reclaimed. */
    public long vacuum() {
        long oldest = oldestSnapshot();
        long n = 0;
        for (MvccTable table : store.all()) {
            n += table.vacuum(oldest);
        }
        return n;
    }

    static String indexId(long tableId, String indexName) {
        return tableId + "/" + indexName;
    }

    private String findConflict(long snapshotTs, ReadSet reads) {
        Iterator<CommitSummary> it = recentCommits.descendingIterator();
        while (it.hasNext()) {
            CommitSummary c = it.next();
            if (c.commitTs() <= snapshotTs) {
                break;
            }
            for (Map.Entry<Long, List<byte[]>> e : c.keys().entrySet()) {
                ReadSet.TableReads tableReads = reads.table(e.getKey());
                if (tableReads == null) {
                    continue;
                }
                for (byte[] key : e.getValue()) {
                    if (tableReads.coversKey(key)) {
                        return "table " + e.getKey() + " changed by a transaction committed at " + c.commitTs();
                    }
                }
            }
            for (Map.Entry<String, List<byte[]>> e : c.indexKeys().entrySet()) {
                List<KeyRange> ranges = reads.indexRanges(e.getKey());
                if (ranges == null) {
                    continue;
                }
                for (byte[] ik : e.getValue()) {
                    for (KeyRange r : ranges) {
                        if (r.contains(ik)) {
                            return "index " + e.getKey() + " changed by a transaction committed at " + c.commitTs();
                        }
                    }
                }
            }
        }
        return null;
    }

    /** Logged mode: the validation state a snapshot image must carry so replay after it decides alike. */
    public void writeState(ByteWriter w) {
        w.i64(lastCommitTs).i64(prunedThroughTs).i64(ddlFenceTs).i32(recentCommits.size());
        for (CommitSummary c : recentCommits) {
            w.i64(c.commitTs()).i32(c.keys().size());
            for (Map.Entry<Long, List<byte[]>> e : c.keys().entrySet()) {
                w.i64(e.getKey()).i32(e.getValue().size());
                for (byte[] k : e.getValue()) {
                    w.bytes(k);
                }
            }
            w.i32(c.indexKeys().size());
            for (Map.Entry<String, List<byte[]>> e : c.indexKeys().entrySet()) {
                w.string(e.getKey()).i32(e.getValue().size());
                for (byte[] k : e.getValue()) {
                    w.bytes(k);
                }
            }
        }
    }

    /** Logged mode, on a fresh manager with no transactions: restores {@link #writeState}. */
    public void readState(ByteReader r) {
        if (!logged || !active.isEmpty() || lastCommitTs != 0) {
            throw new IllegalStateException("readState needs a fresh logged manager");
        }
        lastCommitTs = r.i64();
        prunedThroughTs = r.i64();
        ddlFenceTs = r.i64();
        int n = r.count(MAX_RETAINED_COMMITS + 1);
        for (int i = 0; i < n; i++) {
            long ts = r.i64();
            Map<Long, List<byte[]>> keys = new TreeMap<>();
            int tables = r.count(Integer.MAX_VALUE);
            for (int j = 0; j < tables; j++) {
                long id = r.i64();
                keys.put(id, readKeys(r));
            }
            Map<String, List<byte[]>> indexKeys = new TreeMap<>();
            int indexes = r.count(Integer.MAX_VALUE);
            for (int j = 0; j < indexes; j++) {
                String id = r.string();
                indexKeys.put(id, readKeys(r));
            }
            CommitSummary c = new CommitSummary(ts, keys, indexKeys);
            recentCommits.addLast(c);
            retainedKeys += c.keyCount();
        }
    }

    private static List<byte[]> readKeys(ByteReader r) {
        int n = r.count(Transaction.MAX_WRITES * 16);
        List<byte[]> out = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
            byte[] k = r.bytes();
            if (k == null) {
                throw new ByteReader.Malformed("null key in a commit summary");
            }
            out.add(k);
        }
        return out;
    }
}
