package io.shoaldb.kv;

import io.shoaldb.raft.RaftConfig;
import io.shoaldb.runtime.Scheduler;
import io.shoaldb.image.ImageBytes;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * How to run one {@link KvNode}.
 *
 * @param clusterId            identity of the cluster; a data directory written for another cluster is refused
 * @param initialVoters        the founding voters (node ids), the same on every founding member; a node
 *                             joining an existing group later is given an empty set and added by a
 *                             membership change
 * @param raft                 Raft tuning; its times are in ticks of {@code tickNanos}
 * @param tickNanos            length of one Raft tick on the monotonic clock
 * @param snapshotEveryEntries take a state-machine snapshot and compact the log after this many applied entries
 * @param walFilePrefix        prefix of the WAL's files on the node's disk ("" for none)
 * @param imageChunkBytes      chunk size of state-machine snapshot images, in memory and in the WAL's
 *                             snapshot file I/O (tests and the simulator use tiny ones)
 * @param walQueuedSaves       most saves the WAL queues before refusing more (back-pressure; the
 *                             simulator uses tiny values so the refused-save path runs)
 */
public record KvNodeConfig(
        String clusterId,
        SortedSet<Integer> initialVoters,
        RaftConfig raft,
        long tickNanos,
        long snapshotEveryEntries,
        String walFilePrefix,
        int imageChunkBytes,
        int walQueuedSaves) {

    public KvNodeConfig {
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
        if (walQueuedSaves < 1) {
            throw new IllegalArgumentException("walQueuedSaves must be positive: " + walQueuedSaves);
        }
    }

    /**
     * 10 ms ticks, heartbeats every 20 ms, elections after 500-1000 ms, a snapshot every 100,000
     * entries, no leases. A follower answers only after its own fsync, and on a shared disk an fsync
     * (or a snapshot's file, rename and directory fsyncs) can take a few hundred milliseconds: with
     * 100-200 ms timeouts the group churned leaders under load. Snapshots every 10,000 entries meant
     * one such stall per node per second at 10,000 writes/s.
     */
    /** The WAL's default queue of saves ({@code WalConfig}'s). */
    public static final int DEFAULT_WAL_QUEUED_SAVES = 4096;

    public static KvNodeConfig defaults(String clusterId, Collection<Integer> initialVoters) {
        return new KvNodeConfig(clusterId, new TreeSet<>(initialVoters), RaftConfig.defaults().withElectionTicks(50),
                10_000_000L, 100_000, "", ImageBytes.DEFAULT_CHUNK_BYTES, DEFAULT_WAL_QUEUED_SAVES);
    }

    public KvNodeConfig withRaft(RaftConfig r) {
        return new KvNodeConfig(clusterId, initialVoters, r, tickNanos, snapshotEveryEntries, walFilePrefix,
                imageChunkBytes, walQueuedSaves);
    }

    public KvNodeConfig withTickNanos(long nanos) {
        return new KvNodeConfig(clusterId, initialVoters, raft, nanos, snapshotEveryEntries, walFilePrefix,
                imageChunkBytes, walQueuedSaves);
    }

    public KvNodeConfig withSnapshotEveryEntries(long entries) {
        return new KvNodeConfig(clusterId, initialVoters, raft, tickNanos, entries, walFilePrefix,
                imageChunkBytes, walQueuedSaves);
    }

    public KvNodeConfig withImageChunkBytes(int bytes) {
        return new KvNodeConfig(clusterId, initialVoters, raft, tickNanos, snapshotEveryEntries, walFilePrefix,
                bytes, walQueuedSaves);
    }

    public KvNodeConfig withWalQueuedSaves(int saves) {
        return new KvNodeConfig(clusterId, initialVoters, raft, tickNanos, snapshotEveryEntries, walFilePrefix,
                imageChunkBytes, saves);
    }
}
