package io.shoaldb.raft;

/** The outcome of {@link Raft#propose} and friends. */
public sealed interface ProposeResult {

    /** Appended to the leader's log at {@code index} in {@code term}; committed once it is applied. */
    record Accepted(long index, long term) implements ProposeResult {
    }

    /** Not appended; {@code leaderHint} is the leader this node knows of, or {@link Raft#NONE}. */
    record Rejected(Rejection reason, int leaderHint, String detail) implements ProposeResult {
    }
}
