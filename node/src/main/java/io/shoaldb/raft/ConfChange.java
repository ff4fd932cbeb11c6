package io.shoaldb.raft;

/** A single-server membership change proposed to the leader. */
public record ConfChange(Kind kind, int nodeId) {

    public enum Kind {
        /** Adds a voter, or promotes a learner to voter. */
        ADD_VOTER,
        /** Adds a non-voting member that receives the log. */
        ADD_LEARNER,
        /** Removes a voter or a learner. */
        REMOVE
    }

    public ConfChange {
        if (kind == null || nodeId < 0) {
            throw new IllegalArgumentException("invalid conf change " + kind + " " + nodeId);
        }
    }
}
