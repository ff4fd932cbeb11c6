package io.shoaldb.raft;

import java.util.Objects;

/**
 * One Raft log entry. The data array is owned by the entry once constructed; nobody mutates it.
 *
 * @param term  the leader term that created the entry, at least 1
 * @param index the position in the log, at least 1
 */
public record Entry(long term, long index, EntryType type, byte[] data) {

    public Entry {
        if (term < 1 || index < 1) {
            throw new IllegalArgumentException("entry term and index must be positive: term=" + term + " index=" + index);
        }
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }

    /** Approximate in-memory and on-wire size used for batching bounds. */
    public long sizeBytes() {
        return sizeBytes(data.length);
    }

    /** {@link #sizeBytes()} of an entry carrying {@code dataLength} bytes. */
    public static long sizeBytes(int dataLength) {
        return dataLength + 24L;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Entry e && e.term == term && e.index == index && e.type == type
                && java.util.Arrays.equals(e.data, data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(term, index, type, java.util.Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "Entry{" + index + "@" + term + " " + type + " " + data.length + "B}";
    }
}
