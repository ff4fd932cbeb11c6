package io.shoaldb.wal;

import java.util.Arrays;
import java.util.Objects;

/**
 * One Raft log entry as the WAL stores it. The WAL never looks inside {@code data}; {@code kind} is a
 * small tag the Raft host uses to tell its entry types apart (for example normal and configuration).
 * The array is owned by the entry once constructed; nobody mutates it.
 *
 * @param index the position in the log, at least 1
 * @param term  the term of the leader that created the entry, at least 1
 * @param kind  0 to 255, opaque to the WAL
 */
public record WalEntry(long index, long term, int kind, byte[] data) {

    public WalEntry {
        if (index < 1 || term < 1) {
            throw new IllegalArgumentException("entry index and term must be positive: index=" + index + " term=" + term);
        }
        if (kind < 0 || kind > 255) {
            throw new IllegalArgumentException("entry kind must be 0..255: " + kind);
        }
        Objects.requireNonNull(data, "data");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WalEntry e && e.index == index && e.term == term && e.kind == kind
                && Arrays.equals(e.data, data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, term, kind, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "WalEntry{" + index + "@" + term + " kind=" + kind + " " + data.length + "B}";
    }
}
