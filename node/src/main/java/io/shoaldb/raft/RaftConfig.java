package io.shoaldb.raft;

/**
 * Tuning and bounds of one Raft node. Times are in ticks; the host decides how long a tick is.
 *
 * @param electionTicks           minimum election timeout; the actual timeout is drawn from
 *                                [electionTicks, 2 * electionTicks)
 * @param heartbeatTicks          leader heartbeat interval, less than electionTicks
 * @param maxInflightAppends      appends in flight to one follower before the leader waits for acknowledgements
 * @param maxAppendBytes          batching bound: entry bytes in one append (at least one entry is always sent)
 * @param maxSnapshotChunkBytes   bytes of snapshot data in one chunk; a follower assembles the image it
 *                                receives in chunks of this size too
 * @param maxSnapshotBytes        largest snapshot a follower accepts
 * @param maxEntryBytes           largest proposal
 * @param maxUncommittedEntries   proposals a leader accepts beyond its commit index before pushing back
 * @param maxPendingReads         ReadIndex requests waiting for confirmation
 * @param maxApplyBytesPerReady   entry bytes one Ready hands out to apply, and to persist (at least one entry each)
 * @param preVote                 whether elections start with a pre-vote round
 * @param checkQuorum             whether a leader steps down when it has not heard from a majority
 *                                for an election timeout, and followers ignore votes while they hear a leader
 * @param leaseDriftTicks         clock-drift bound for leader leases, in ticks per election timeout;
 *                                negative disables lease reads (ReadIndex is always available)
 */
public record RaftConfig(
        int electionTicks,
        int heartbeatTicks,
        int maxInflightAppends,
        long maxAppendBytes,
        int maxSnapshotChunkBytes,
        long maxSnapshotBytes,
        int maxEntryBytes,
        int maxUncommittedEntries,
        int maxPendingReads,
        long maxApplyBytesPerReady,
        boolean preVote,
        boolean checkQuorum,
        int leaseDriftTicks) {

    public RaftConfig {
        if (electionTicks < 2 || heartbeatTicks < 1 || heartbeatTicks >= electionTicks) {
            throw new IllegalArgumentException("need 1 <= heartbeatTicks < electionTicks, 2 <= electionTicks: "
                    + heartbeatTicks + ", " + electionTicks);
        }
        if (maxInflightAppends < 1 || maxInflightAppends > 4096) {
            throw new IllegalArgumentException("maxInflightAppends must be in [1, 4096]: " + maxInflightAppends);
        }
        if (maxAppendBytes < 1 || maxAppendBytes > RaftCodec.MAX_APPEND_BYTES) {
            throw new IllegalArgumentException("maxAppendBytes must be in [1, " + RaftCodec.MAX_APPEND_BYTES + "]");
        }
        if (maxSnapshotChunkBytes < 1 || maxSnapshotChunkBytes > RaftCodec.MAX_CHUNK_BYTES) {
            throw new IllegalArgumentException("maxSnapshotChunkBytes must be in [1, " + RaftCodec.MAX_CHUNK_BYTES + "]");
        }
        if (maxSnapshotBytes < 1 || maxSnapshotBytes > RaftCodec.MAX_SNAPSHOT_BYTES) {
            throw new IllegalArgumentException("maxSnapshotBytes must be in [1, " + RaftCodec.MAX_SNAPSHOT_BYTES + "]");
        }
        if (maxEntryBytes < 0 || maxEntryBytes > RaftCodec.MAX_ENTRY_BYTES) {
            throw new IllegalArgumentException("maxEntryBytes must be in [0, " + RaftCodec.MAX_ENTRY_BYTES + "]");
        }
        if (maxUncommittedEntries < 1 || maxPendingReads < 1 || maxApplyBytesPerReady < 1) {
            throw new IllegalArgumentException("bounds must be positive");
        }
        if (leaseDriftTicks >= electionTicks) {
            throw new IllegalArgumentException("leaseDriftTicks must be below electionTicks");
        }
        if (leaseDriftTicks >= 0 && !checkQuorum) {
            throw new IllegalArgumentException("leader leases need checkQuorum, which makes followers honour them");
        }
    }

    /** Defaults suited to a tick of about 10 ms: elections after 100-200 ms, heartbeats every 20 ms. */
    public static RaftConfig defaults() {
        return new RaftConfig(10, 2, 256, 1 << 20, 1 << 20, 256L << 30, 4 << 20, 100_000, 10_000, 4 << 20,
                true, true, -1);
    }

    public RaftConfig withLeaseDriftTicks(int ticks) {
        return new RaftConfig(electionTicks, heartbeatTicks, maxInflightAppends, maxAppendBytes, maxSnapshotChunkBytes,
                maxSnapshotBytes, maxEntryBytes, maxUncommittedEntries, maxPendingReads, maxApplyBytesPerReady,
                preVote, checkQuorum, ticks);
    }

    public RaftConfig withPreVote(boolean on, boolean checkQuorumOn) {
        return new RaftConfig(electionTicks, heartbeatTicks, maxInflightAppends, maxAppendBytes, maxSnapshotChunkBytes,
                maxSnapshotBytes, maxEntryBytes, maxUncommittedEntries, maxPendingReads, maxApplyBytesPerReady,
                on, checkQuorumOn, checkQuorumOn ? leaseDriftTicks : -1);
    }

    public RaftConfig withElectionTicks(int ticks) {
        return new RaftConfig(ticks, heartbeatTicks, maxInflightAppends, maxAppendBytes, maxSnapshotChunkBytes,
                maxSnapshotBytes, maxEntryBytes, maxUncommittedEntries, maxPendingReads, maxApplyBytesPerReady,
                preVote, checkQuorum, leaseDriftTicks);
    }

    public RaftConfig withMaxEntryBytes(int bytes) {
        return new RaftConfig(electionTicks, heartbeatTicks, maxInflightAppends, maxAppendBytes, maxSnapshotChunkBytes,
                maxSnapshotBytes, bytes, maxUncommittedEntries, maxPendingReads, maxApplyBytesPerReady,
                preVote, checkQuorum, leaseDriftTicks);
    }

    public RaftConfig withBatching(int inflight, long appendBytes, int chunkBytes) {
        return new RaftConfig(electionTicks, heartbeatTicks, inflight, appendBytes, chunkBytes,
                maxSnapshotBytes, maxEntryBytes, maxUncommittedEntries, maxPendingReads, maxApplyBytesPerReady,
                preVote, checkQuorum, leaseDriftTicks);
    }
}
