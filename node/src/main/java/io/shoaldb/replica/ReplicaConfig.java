package io.shoaldb.replica;

import io.shoaldb.raft.RaftConfig;
import io.shoaldb.runtime.Scheduler;
import io.shoaldb.image.ImageBytes;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * How to run one {@link Replica}.
 *
 * @param clusterId            identity of the cluster; a data directory written for another cluster is refused
 * @param initialVoters        the founding voters (node ids), the same on every founding member
 * @param raft                 Raft tuning; its times are in ticks of {@code tickNanos}
 * @param tickNanos            length of one Raft tick on the monotonic clock
 * @param snapshotEveryEntries snapshot the state machine and compact the log after this many applied entries
 * @param walFilePrefix        prefix of the WAL's files on the node's disk ("" for none)
 * @param raftChannel          first byte of every Raft message this replica sends (the host's channel tag)
 * @param imageChunkBytes      chunk size of state-machine snapshot images, in memory and in the WAL's
 *                             snapshot file I/O (tests and the simulator use tiny ones)
 */
public record ReplicaConfig(
        String clusterId,
        SortedSet<Integer> initialVoters,
        RaftConfig raft,
        long tickNanos,
        long snapshotEveryEntries,
        String walFilePrefix,
        byte raftChannel,
        int imageChunkBytes) {

    public ReplicaConfig {
        Objects.requireNonNull(clusterId, "clusterId");
        initialVoters = Collections.unmodifiableSortedSet(new TreeSet<>(initialVoters));
        Objects.requireNonNull(raft, "raft");
        Objects.requireNonNull(walFilePrefix, "walFilePrefix");
        if (tickNanos < 1_000 || tickNanos > Scheduler.MAX_DELAY_NANOS) {
            throw new IllegalArgumentException("tickNanos out of range: " + tickNanos);
        }
        if (snapshotEveryEntries < 1) {
            throw new IllegalArgumentException("snapshotEveryEntries must be positive");
        }
        if (imageChunkBytes < 1 || imageChunkBytes > ImageBytes.MAX_CHUNK_BYTES) {
            throw new IllegalArgumentException("imageChunkBytes must be in [1, " + ImageBytes.MAX_CHUNK_BYTES + "]: "
                    + imageChunkBytes);
        }
    }

    /** 10 ms ticks, elections after 500-1000 ms (see KvNodeConfig#defaults for why), a snapshot every 100,000 entries. */
    public static ReplicaConfig defaults(String clusterId, Collection<Integer> initialVoters, byte raftChannel) {
        return new ReplicaConfig(clusterId, new TreeSet<>(initialVoters), RaftConfig.defaults().withElectionTicks(50),
                10_000_000L, 100_000, "", raftChannel, ImageBytes.DEFAULT_CHUNK_BYTES);
    }

    public ReplicaConfig withRaft(RaftConfig r) {
        return new ReplicaConfig(clusterId, initialVoters, r, tickNanos, snapshotEveryEntries, walFilePrefix, raftChannel, imageChunkBytes);
    }

    public ReplicaConfig withTickNanos(long nanos) {
        return new ReplicaConfig(clusterId, initialVoters, raft, nanos, snapshotEveryEntries, walFilePrefix, raftChannel, imageChunkBytes);
    }

    public ReplicaConfig withSnapshotEveryEntries(long entries) {
        return new ReplicaConfig(clusterId, initialVoters, raft, tickNanos, entries, walFilePrefix, raftChannel, imageChunkBytes);
    }

    public ReplicaConfig withWalFilePrefix(String prefix) {
        return new ReplicaConfig(clusterId, initialVoters, raft, tickNanos, snapshotEveryEntries, prefix, raftChannel, imageChunkBytes);
    }

    public ReplicaConfig withImageChunkBytes(int bytes) {
        return new ReplicaConfig(clusterId, initialVoters, raft, tickNanos, snapshotEveryEntries, walFilePrefix, raftChannel, bytes);
    }
}
