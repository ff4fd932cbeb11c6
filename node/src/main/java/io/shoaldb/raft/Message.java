package io.shoaldb.raft;

import java.util.List;
import java.util.Objects;

/**
 * Messages between Raft peers. Every message names its sender, its receiver and the sender's term;
 * the receiver's {@link Raft#step} handles the term comparison before the message itself.
 */
public sealed interface Message {

    int from();

    int to();

    long term();

    /**
     * Asks for a vote ({@code preVote} false) or whether a vote would be granted ({@code preVote} true,
     * sent at the term the candidate would use). {@code transfer} marks an election started by a leader
     * transfer, which voters grant even while they still hear from the current leader.
     */
    record VoteRequest(int from, int to, long term, boolean preVote, long lastIndex, long lastTerm,
                       boolean transfer) implements Message {
    }

    record VoteResponse(int from, int to, long term, boolean preVote, boolean granted) implements Message {
    }

    /** Log entries following ({@code prevIndex}, {@code prevTerm}), and the leader's commit index. */
    record AppendRequest(int from, int to, long term, long prevIndex, long prevTerm, List<Entry> entries,
                         long commit) implements Message {
        public AppendRequest {
            entries = List.copyOf(entries);
        }
    }

    /**
     * Success: the follower's log matches the leader's up to {@code index}. Rejection: {@code index} is
     * the rejected {@code prevIndex} and {@code hintIndex} the follower's last index, so the leader can
     * skip back in one step.
     */
    record AppendResponse(int from, int to, long term, boolean success, long index, long hintIndex)
            implements Message {
    }

    /**
     * Keeps followers from starting elections and carries {@code seq}, the leader's heartbeat round,
     * which ReadIndex and leases count acknowledgements of.
     */
    record Heartbeat(int from, int to, long term, long commit, long seq) implements Message {
    }

    record HeartbeatResponse(int from, int to, long term, long seq) implements Message {
    }

    /** One chunk of a snapshot; chunks are sent in order, one outstanding at a time. */
    record SnapshotChunk(int from, int to, long term, long snapshotIndex, long snapshotTerm, ClusterConfig config,
                         long offset, long totalBytes, byte[] data, boolean last) implements Message {
        public SnapshotChunk {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(data, "data");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SnapshotChunk c && c.from == from && c.to == to && c.term == term
                    && c.snapshotIndex == snapshotIndex && c.snapshotTerm == snapshotTerm && c.config.equals(config)
                    && c.offset == offset && c.totalBytes == totalBytes && java.util.Arrays.equals(c.data, data)
                    && c.last == last;
        }

        @Override
        public int hashCode() {
            return Objects.hash(from, to, term, snapshotIndex, offset);
        }
    }

    /**
     * The receiver expects the byte at {@code nextOffset} of snapshot {@code snapshotIndex} next, or has
     * installed it ({@code done}).
     */
    record SnapshotResponse(int from, int to, long term, long snapshotIndex, long nextOffset, boolean done)
            implements Message {
    }

    /** Tells the transfer target to start an election at once, without pre-vote. */
    record TimeoutNow(int from, int to, long term) implements Message {
    }
}
