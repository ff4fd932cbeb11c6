package io.shoaldb.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * A node's Raft log in memory: the latest snapshot (everything up to {@link #snapshotIndex()}) followed
 * by the entries after it. It also tracks what is committed, what is durable, what was handed to the
 * host for persistence and what the host has applied.
 */
final class RaftLog {

    private Snapshot snapshot;
    private long snapshotIndex;
    private long snapshotTerm;
    /** Entry i has index snapshotIndex + 1 + i. */
    private final EntryStore entries = new EntryStore();
    private long commit;
    private long applied;
    /** Everything up to here is durable and matches the stored terms. */
    private long persisted;
    /** Entries up to here were handed to the host in a Ready; persisted &lt;= handedOut. */
    private long handedOut;

    RaftLog(Snapshot snapshot, List<Entry> stored, long commit) {
        if (snapshot != null) {
            this.snapshot = snapshot;
            this.snapshotIndex = snapshot.index();
            this.snapshotTerm = snapshot.term();
        }
        long expect = snapshotIndex + 1;
        for (Entry e : stored) {
            if (e.index() != expect) {
                throw new IllegalStateException("stored log is not contiguous: expected index " + expect + " got " + e);
            }
            if (e.term() < lastTerm()) {
                throw new IllegalStateException("stored log terms decrease at " + e);
            }
            entries.add(e);
            expect++;
        }
        if (commit > lastIndex()) {
            throw new IllegalStateException("stored commit index " + commit + " beyond the stored log end " + lastIndex());
        }
        this.commit = Math.max(commit, snapshotIndex);
        this.applied = snapshotIndex;
        this.persisted = lastIndex();
        this.handedOut = lastIndex();
    }

    Snapshot snapshot() {
        return snapshot;
    }

    long snapshotIndex() {
        return snapshotIndex;
    }

    long firstIndex() {
        return snapshotIndex + 1;
    }

    long lastIndex() {
        return snapshotIndex + entries.size();
    }

    long lastTerm() {
        return entries.isEmpty() ? snapshotTerm : entries.term(entries.size() - 1);
    }

    long commit() {
        return commit;
    }

    long applied() {
        return applied;
    }

    long persisted() {
        return persisted;
    }

    long handedOut() {
        return handedOut;
    }

    /** The term of the entry at {@code index}, 0 for index 0, or -1 if compacted away or beyond the end. */
    long term(long index) {
        if (index == snapshotIndex) {
            return snapshotTerm;
        }
        if (index < snapshotIndex || index > lastIndex()) {
            return -1;
        }
        return entries.term((int) (index - snapshotIndex - 1));
    }

    Entry entry(long index) {
        if (index <= snapshotIndex || index > lastIndex()) {
            throw new IllegalArgumentException("no entry " + index + " in log (" + snapshotIndex + ", " + lastIndex() + "]");
        }
        return entries.get((int) (index - snapshotIndex - 1), index);
    }

    boolean matchTerm(long index, long term) {
        long t = term(index);
        return t >= 0 && t == term;
    }

    /** Raft's election restriction: whether a candidate's log is at least as up to date as ours. */
    boolean isUpToDate(long lastIdx, long lastT) {
        return lastT > lastTerm() || (lastT == lastTerm() && lastIdx >= lastIndex());
    }

    /** Entries in [lo, hi], at least one if any, at most {@code maxBytes} beyond the first. */
    List<Entry> slice(long lo, long hi, long maxBytes) {
        if (lo <= snapshotIndex) {
            throw new IllegalArgumentException("slice from compacted index " + lo + " (snapshot " + snapshotIndex + ")");
        }
        hi = Math.min(hi, lastIndex());
        List<Entry> out = new ArrayList<>();
        long bytes = 0;
        for (long i = lo; i <= hi; i++) {
            bytes += Entry.sizeBytes(entries.dataLength((int) (i - snapshotIndex - 1)));
            if (!out.isEmpty() && bytes > maxBytes) {
                break;
            }
            out.add(entry(i));
        }
        return out;
    }

    /** Appends entries created by this node as leader. */
    void appendNew(Entry e) {
        if (e.index() != lastIndex() + 1 || e.term() < lastTerm()) {
            throw new IllegalStateException("leader append out of order: " + e + " after " + lastIndex() + "@" + lastTerm());
        }
        entries.add(e);
    }

    /**
     * Follower append: if our log matches at ({@code prevIndex}, {@code prevTerm}), makes it contain
     * {@code news} after it, truncating a conflicting suffix. Returns the index of the last entry now
     * known to match the leader, or -1 if the log does not match at {@code prevIndex}.
     *
     * @param truncated receives the first truncated index, if any (for config roll-back)
     */
    long maybeAppend(long prevIndex, long prevTerm, List<Entry> news, long[] truncated) {
        if (!matchTerm(prevIndex, prevTerm)) {
            return -1;
        }
        long lastNew = prevIndex + news.size();
        for (Entry e : news) {
            if (e.index() <= snapshotIndex) {
                continue; // covered by our snapshot, which holds only committed entries
            }
            long t = term(e.index());
            if (t == e.term()) {
                continue;
            }
            if (t >= 0) {
                // conflict: everything from here on is replaced
                if (e.index() <= commit) {
                    throw new IllegalStateException("Raft invariant violated: conflicting entry " + e
                            + " at or below commit index " + commit);
                }
                truncateFrom(e.index());
                truncated[0] = e.index();
            }
            if (e.index() != lastIndex() + 1) {
                throw new IllegalStateException("append gap at " + e + " after " + lastIndex());
            }
            entries.add(e);
        }
        return lastNew;
    }

    private void truncateFrom(long index) {
        int keep = (int) (index - snapshotIndex - 1);
        entries.truncate(keep);
        persisted = Math.min(persisted, index - 1);
        handedOut = Math.min(handedOut, index - 1);
    }

    void commitTo(long index) {
        if (index > commit) {
            if (index > lastIndex()) {
                throw new IllegalStateException("commit " + index + " beyond last index " + lastIndex());
            }
            commit = index;
        }
    }

    /**
     * The next entries not yet handed to the host for persistence, at most {@code maxBytes} of data beyond
     * the first (so one save stays bounded however much was proposed at once); marks them handed out.
     */
    List<Entry> takeUnpersisted(long maxBytes) {
        if (handedOut >= lastIndex()) {
            return List.of();
        }
        int from = (int) (handedOut - snapshotIndex);
        int to = from + 1;
        long bytes = entries.dataLength(from);
        while (to < entries.size() && bytes + entries.dataLength(to) <= maxBytes) {
            bytes += entries.dataLength(to);
            to++;
        }
        List<Entry> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            out.add(entries.get(i, snapshotIndex + 1 + i));
        }
        handedOut = out.getLast().index();
        return out;
    }

    /** The host has made {@code batch} durable; they count as persisted if they are still in our log. */
    void persistedUpTo(List<Entry> batch) {
        for (int i = batch.size() - 1; i >= 0; i--) {
            Entry e = batch.get(i);
            if (matchTerm(e.index(), e.term())) {
                persisted = Math.max(persisted, e.index());
                return;
            }
        }
    }

    /**
     * Index up to which entries may be applied: the commit index. A committed entry is durable on a
     * majority, so it survives any minority of crashes, and the state machine is volatile (rebuilt from
     * snapshot and log at a restart), so applying it before this node's own save, even before it was
     * handed to this node's storage, is safe, as in etcd/raft: a leader can answer once two followers
     * acknowledged, without waiting for the save it has in flight. What must not run ahead of storage
     * is compaction: see {@link #compactableTo()}.
     */
    long applicableTo() {
        return commit;
    }

    /**
     * Highest index a snapshot may cover: applied, and handed to the host's storage, so that the
     * entries before the snapshot's index are already on their way to disk ahead of it (a snapshot
     * over entries this node never saved would lose them if it crashed before saving them).
     */
    long compactableTo() {
        return Math.min(applied, handedOut);
    }

    void appliedTo(long index) {
        if (index < applied || index > applicableTo()) {
            throw new IllegalStateException("applied " + index + " outside [" + applied + ", " + applicableTo() + "]");
        }
        applied = index;
    }

    /** Replaces the whole log with a snapshot received from the leader. */
    void restore(Snapshot s) {
        if (s.index() <= commit) {
            throw new IllegalStateException("restore of snapshot " + s.index() + " at or below commit " + commit);
        }
        snapshot = s;
        snapshotIndex = s.index();
        snapshotTerm = s.term();
        entries.clear();
        commit = s.index();
        persisted = Math.min(persisted, s.index());
        handedOut = s.index();
    }

    /** The host has made a received snapshot durable and restored its state machine from it. */
    void snapshotPersisted(Snapshot s) {
        if (snapshotIndex == s.index() && snapshotTerm == s.term()) {
            persisted = Math.max(persisted, s.index());
        }
        applied = Math.max(applied, s.index());
    }

    /** Discards entries up to {@code s.index()}, which the host has applied and snapshotted durably. */
    void compact(Snapshot s) {
        if (s.index() <= snapshotIndex) {
            return;
        }
        if (s.index() > applied || term(s.index()) != s.term()) {
            throw new IllegalStateException("compaction to " + s.index() + "@" + s.term() + " beyond applied " + applied
                    + " or with a wrong term " + term(s.index()));
        }
        int drop = (int) (s.index() - snapshotIndex);
        entries.dropFirst(drop);
        snapshot = s;
        snapshotIndex = s.index();
        snapshotTerm = s.term();
    }

    /** Bytes of payload held for entries after the snapshot. */
    long entryBytes() {
        return entries.payloadBytes();
    }
}
