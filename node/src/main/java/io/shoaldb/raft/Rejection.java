package io.shoaldb.raft;

/** Why Raft turned down a proposal, read or transfer; operating conditions the host reports to clients. */
public enum Rejection {
    /** This node is not the leader; the caller should try {@link Raft#leaderId()} if known. */
    NOT_LEADER,
    /** A leader transfer is in progress; retry shortly. */
    TRANSFERRING,
    /** Too much uncommitted or pending work; retry later. */
    BUSY,
    /** The proposal is larger than the configured bound. */
    TOO_LARGE,
    /** A membership change is still uncommitted, or this leader has not yet committed an entry of its term. */
    CONFIG_CHANGE_PENDING,
    /** The membership change does not make sense for the current configuration. */
    INVALID_CONFIG_CHANGE,
    /** The transfer target is not a voter, or is this node. */
    INVALID_TARGET
}
