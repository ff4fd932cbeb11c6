package io.shoaldb.sql.node;

import io.shoaldb.replica.ReplicaConfig;
import java.util.Collection;
import java.util.Objects;

/**
 * How to run one {@link SqlNode}.
 *
 * @param replica           the Raft group and its WAL (the Raft channel must be {@link SqlWire#CHANNEL_RAFT})
 * @param maxClientSessions bound on sessions opened by network clients ({@link SqlWire})
 */
public record SqlNodeConfig(ReplicaConfig replica, int maxClientSessions) {

    public SqlNodeConfig {
        Objects.requireNonNull(replica, "replica");
        if (replica.raftChannel() != SqlWire.CHANNEL_RAFT) {
            throw new IllegalArgumentException("a SQL node's Raft channel is " + SqlWire.CHANNEL_RAFT);
        }
        if (maxClientSessions < 1) {
            throw new IllegalArgumentException("maxClientSessions must be positive");
        }
    }

    /** The replica defaults (10 ms ticks, a snapshot every 100,000 entries) and up to 1,000 client sessions. */
    public static SqlNodeConfig defaults(String clusterId, Collection<Integer> voters) {
        return new SqlNodeConfig(ReplicaConfig.defaults(clusterId, voters, SqlWire.CHANNEL_RAFT), 1_000);
    }

    public SqlNodeConfig withReplica(ReplicaConfig r) {
        return new SqlNodeConfig(r, maxClientSessions);
    }
}
