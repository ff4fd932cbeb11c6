package io.shoaldb.raft;

/**
 * The state Raft must persist before it acts on it: the current term, the vote cast in it and the
 * commit index (the last is an optimisation for restart; safety needs only term and vote).
 *
 * @param vote the node voted for in {@code term}, or {@link Raft#NONE}
 */
public record HardState(long term, int vote, long commit) {

    public static final HardState EMPTY = new HardState(0, Raft.NONE, 0);

    public HardState {
        if (term < 0 || commit < 0 || vote < Raft.NONE) {
            throw new IllegalArgumentException("invalid hard state term=" + term + " vote=" + vote + " commit=" + commit);
        }
    }
}
