package io.shoaldb.raft;

import io.shoaldb.image.ImageBytes;
import java.util.Objects;

/**
 * A state-machine image covering the log up to and including {@code index}, with the membership in
 * force at that index. The data belongs to the state machine; Raft treats it as opaque bytes, sends it
 * in ranges and assembles received ranges without ever holding it in one array.
 */
public record Snapshot(long index, long term, ClusterConfig config, ImageBytes data) {

    public Snapshot {
        if (index < 1 || term < 1) {
            throw new IllegalArgumentException("snapshot index and term must be positive: " + index + "@" + term);
        }
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(data, "data");
    }

    @Override
    public String toString() {
        return "Snapshot{" + index + "@" + term + " " + config + " " + data.length() + "B}";
    }
}
