package io.shoaldb.wal;

import java.util.Arrays;

/**
 * The terms of the log entries after the snapshot, as the saves accepted so far leave them. The WAL
 * keeps only terms (8 bytes an entry), enough to check each save against Raft's log rules and to know
 * whether a snapshot keeps or discards the entries after it.
 */
final class LogTerms {

    private long snapshotIndex;
    private long snapshotTerm;
    private long[] terms = new long[64];
    private int count;

    LogTerms(long snapshotIndex, long snapshotTerm) {
        this.snapshotIndex = snapshotIndex;
        this.snapshotTerm = snapshotTerm;
    }

    long snapshotIndex() {
        return snapshotIndex;
    }

    long snapshotTerm() {
        return snapshotTerm;
    }

    long lastIndex() {
        return snapshotIndex + count;
    }

    /** The term of the entry at {@code index}, the snapshot's term at its index, or -1 if unknown. */
    long termAt(long index) {
        if (index == snapshotIndex) {
            return snapshotTerm;
        }
        if (index < snapshotIndex || index > lastIndex()) {
            return -1;
        }
        return terms[(int) (index - snapshotIndex - 1)];
    }

    /** Appends an entry at {@code index}, discarding any entries at or after it first (a conflicting suffix). */
    void append(long index, long term) {
        if (index <= snapshotIndex || index > lastIndex() + 1) {
            throw new IllegalArgumentException("entry " + index + " does not continue the log (snapshot "
                    + snapshotIndex + ", last " + lastIndex() + ")");
        }
        count = (int) (index - snapshotIndex - 1);
        if (count > 0 && terms[count - 1] > term) {
            throw new IllegalArgumentException("entry " + index + " has term " + term + " below the term "
                    + terms[count - 1] + " of the entry before it");
        }
        if (count == terms.length) {
            terms = Arrays.copyOf(terms, terms.length * 2);
        }
        terms[count++] = term;
    }

    /**
     * Applies Raft's snapshot rule: if the log holds the snapshot's last entry with the same term, the
     * entries after it stay; otherwise the whole log is replaced by the snapshot.
     */
    void applySnapshot(long index, long term) {
        if (index <= snapshotIndex) {
            throw new IllegalArgumentException("snapshot " + index + " is not newer than snapshot " + snapshotIndex);
        }
        if (termAt(index) == term) {
            int drop = (int) (index - snapshotIndex);
            System.arraycopy(terms, drop, terms, 0, count - drop);
            count -= drop;
        } else {
            count = 0;
        }
        snapshotIndex = index;
        snapshotTerm = term;
        if (count < terms.length / 4 && terms.length > 64) {
            terms = Arrays.copyOf(terms, Math.max(64, count * 2));
        }
    }
}
