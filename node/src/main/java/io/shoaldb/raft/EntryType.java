package io.shoaldb.raft;

/** What a log entry carries. */
public enum EntryType {
    /** Opaque data for the state machine; a new leader's no-op entry is a NORMAL entry with no data. */
    NORMAL,
    /** A full new {@link ClusterConfig}, effective as soon as it is appended to a log. */
    CONFIG
}
