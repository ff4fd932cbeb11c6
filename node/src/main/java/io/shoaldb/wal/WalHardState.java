package io.shoaldb.wal;

/**
 * The Raft state that must be durable before a node acts on it.
 *
 * @param term   the current term, at least 0
 * @param vote   the node voted for in {@code term}, or {@link #NO_VOTE}
 * @param commit the commit index known when the state was saved
 */
public record WalHardState(long term, int vote, long commit) {

    /** The vote of a node that has not voted in its current term. */
    public static final int NO_VOTE = -1;

    /** The state of a node that has never saved one. */
    public static final WalHardState INITIAL = new WalHardState(0, NO_VOTE, 0);

    public WalHardState {
        if (term < 0 || commit < 0 || vote < NO_VOTE) {
            throw new IllegalArgumentException("invalid hard state term=" + term + " vote=" + vote + " commit=" + commit);
        }
    }
}
