package io.shoaldb.runtime;

import java.util.Objects;

/**
 * The ports handed to one node incarnation. Node logic keeps this record and reaches the outside
 * world through nothing else.
 *
 * @param nodeId this node's id, stable across restarts; ids are non-negative
 */
public record NodeRuntime(
        int nodeId,
        Clock clock,
        Scheduler scheduler,
        Network network,
        Disk disk,
        Entropy entropy,
        Trace trace) {

    public NodeRuntime {
        if (nodeId < 0) {
            throw new IllegalArgumentException("nodeId must be non-negative: " + nodeId);
        }
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(disk, "disk");
        Objects.requireNonNull(entropy, "entropy");
        Objects.requireNonNull(trace, "trace");
    }
}
