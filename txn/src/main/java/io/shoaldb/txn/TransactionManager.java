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
 * summaries of recent commits for as long as an active transaction may need to validate against them.
 * One per node; runs on the node's event loop.
 */
public final class TransactionManager {
    /** Bound on concurrently open transactions; beyond it {@link #begin} refuses. */
    public static final int MAX_ACTIVE_TRANSACTIONS = 10_000;

    private final TableStore store;
    private long lastCommitTs;
    private long nextTxnId = 1;
    /** Active transactions by id; their snapshots bound what validation history and versions must stay. */
    private final NavigableMap<Long, Transaction> active = new TreeMap<>();
    /** Write summaries of commits, oldest first. */
    private final ArrayDeque<CommitSummary> recentCommits = new ArrayDeque<>();
    private long commits;
    private long aborts;

    /** What one commit wrote: primary keys per table and touched index keys per (table, index). */
    record CommitSummary(long commitTs, Map<Long, List<byte[]>> keys, Map<String, List<byte[]>> indexKeys) {
    }

    public TransactionManager(TableStore store) {
        this.store = store;
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

    /** Validates {@code t} and installs its writes; throws {@link SerializationFailure} after rolling it back. */
    void commit(Transaction t) {
        if (!t.hasWrites()) {
            finish(t);
            return;
        }
        String conflict = t.readOnly() ? null : findConflict(t);
        if (conflict != null) {
            aborts++;
            finish(t);
            throw new SerializationFailure("could not serialize access due to read/write dependencies among"
                    + " transactions (" + conflict + ")");
        }
        long commitTs = ++lastCommitTs;
        Map<Long, List<byte[]>> keys = new TreeMap<>();
        Map<String, List<byte[]>> indexKeys = new TreeMap<>();
        for (Map.Entry<Long, NavigableMap<byte[], byte[]>> e : t.writes().entrySet()) {
            MvccTable table = store.get(e.getKey());
            if (table == null) {
                aborts++;
                finish(t);
                throw new SerializationFailure("table " + e.getKey() + " was dropped by a concurrent transaction");
            }
        }
        for (Map.Entry<Long, NavigableMap<byte[], byte[]>> e : t.writes().entrySet()) {
            MvccTable table = store.get(e.getKey());
            List<byte[]> written = new ArrayList<>();
            for (Map.Entry<byte[], byte[]> w : e.getValue().entrySet()) {
                byte[] row = w.getValue() == Transaction.TOMBSTONE ? null : w.getValue();
                List<byte[]>[] touched = table.apply(commitTs, w.getKey(), row);
                written.add(w.getKey());
                for (int i = 0; i < touched.length; i++) {
                    indexKeys.computeIfAbsent(indexId(table.id(), table.indexes().get(i).name()), k -> new ArrayList<>())
                            .addAll(touched[i]);
                }
            }
            keys.put(e.getKey(), written);
        }
        recentCommits.addLast(new CommitSummary(commitTs, keys, indexKeys));
        commits++;
        finish(t);
    }

    void rollback(Transaction t) {
        finish(t);
    }

    private void finish(Transaction t) {
        active.remove(t.id());
        long oldest = oldestSnapshot();
        while (!recentCommits.isEmpty() && recentCommits.peekFirst().commitTs() <= oldest) {
            recentCommits.pollFirst();
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

    private String findConflict(Transaction t) {
        Iterator<CommitSummary> it = recentCommits.descendingIterator();
        while (it.hasNext()) {
            CommitSummary c = it.next();
            if (c.commitTs() <= t.snapshotTs()) {
                break;
            }
            for (Map.Entry<Long, List<byte[]>> e : c.keys().entrySet()) {
                ReadSet.TableReads reads = t.reads().table(e.getKey());
                if (reads == null) {
                    continue;
                }
                for (byte[] key : e.getValue()) {
                    if (reads.coversKey(key)) {
                        return "table " + e.getKey() + " changed by a transaction committed at " + c.commitTs();
                    }
                }
            }
            for (Map.Entry<String, List<byte[]>> e : c.indexKeys().entrySet()) {
                List<KeyRange> ranges = t.reads().indexRanges(e.getKey());
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
}
