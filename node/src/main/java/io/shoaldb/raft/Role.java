package io.shoaldb.raft;

/** A Raft node's role in its current term. */
public enum Role {
    FOLLOWER,
    /** Asking peers whether they would vote, without raising its term (the pre-vote phase). */
    PRE_CANDIDATE,
    CANDIDATE,
    LEADER
}
