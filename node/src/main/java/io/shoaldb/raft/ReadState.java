package io.shoaldb.raft;

/**
 * A confirmed linearizable read: once the host's state machine has applied {@code index}, it may serve
 * the read identified by {@code requestId}.
 */
public record ReadState(long requestId, long index) {
}
