package io.shoaldb.wal;

import java.util.Arrays;
import java.util.Objects;

/**
 * A state-machine image covering the log up to and including {@code index}. The data is opaque to
 * the WAL; the Raft host puts whatever it needs into it (state-machine image, membership in force at
 * {@code index}). The array is owned by the snapshot once constructed; nobody mutates it.
 *
 * @param index the last log index the image covers, at least 1
 * @param term  the term of the entry at {@code index}, at least 1
 */
public record WalSnapshot(long index, long term, byte[] data) {

    public WalSnapshot {
        if (index < 1 || term < 1) {
            throw new IllegalArgumentException("snapshot index and term must be positive: index=" + index + " term=" + term);
        }
        Objects.requireNonNull(data, "data");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WalSnapshot s && s.index == index && s.term == term && Arrays.equals(s.data, data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, term, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "WalSnapshot{" + index + "@" + term + " " + data.length + "B}";
    }
}
