package io.shoaldb.raft;

import java.util.Objects;

/**
 * A state-machine image covering the log up to and including {@code index}, with the membership in
 * force at that index. The data belongs to the state machine; Raft treats it as opaque bytes.
 */
public record Snapshot(long index, long term, ClusterConfig config, byte[] data) {

    public Snapshot {
        if (index < 1 || term < 1) {
            throw new IllegalArgumentException("snapshot index and term must be positive: " + index + "@" + term);
        }
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(data, "data");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Snapshot s && s.index == index && s.term == term && s.config.equals(config)
                && java.util.Arrays.equals(s.data, data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, term, config, java.util.Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "Snapshot{" + index + "@" + term + " " + config + " " + data.length + "B}";
    }
}
