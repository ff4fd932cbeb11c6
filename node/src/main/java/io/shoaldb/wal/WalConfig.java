package io.shoaldb.wal;

import io.shoaldb.image.ImageBytes;
import io.shoaldb.runtime.Disk;
import java.nio.charset.StandardCharsets;

/**
 * Identity and bounds of one write-ahead log.
 *
 * @param clusterId          the cluster this data directory belongs to: 1 to 255 bytes of UTF-8; a
 *                           directory written for another cluster makes {@link Wal#open} refuse
 * @param nodeId             this node's id; a directory written by another node is refused too
 * @param filePrefix         prefix of every file this WAL owns, so several logs (one per Raft group)
 *                           can share one disk; may be empty; prefix plus name must stay a valid
 *                           {@link Disk} name
 * @param segmentTargetBytes a segment is closed and a new one started once it reaches this size
 * @param maxBatchBytes      group commit stops adding saves to a batch beyond this many bytes (a single
 *                           larger save is written alone, up to {@link #maxSaveBytes()})
 * @param maxQueuedSaves     most saves waiting for the disk; further saves are rejected (back-pressure)
 * @param maxSnapshotBytes   largest snapshot image accepted
 * @param imageChunkBytes    size of one disk read or write of a snapshot file, and of the chunks of a
 *                           snapshot image read back (tests and the simulator use tiny ones so that
 *                           images span many chunks)
 */
public record WalConfig(
        String clusterId,
        int nodeId,
        String filePrefix,
        long segmentTargetBytes,
        int maxBatchBytes,
        int maxQueuedSaves,
        long maxSnapshotBytes,
        int imageChunkBytes) {

    public static final long DEFAULT_SEGMENT_TARGET_BYTES = 16L * 1024 * 1024;
    public static final int DEFAULT_MAX_BATCH_BYTES = 24 * 1024 * 1024;
    public static final int DEFAULT_MAX_QUEUED_SAVES = 4096;
    /** Far above the memory of the machines we run on: the bound is memory, this only catches nonsense. */
    public static final long DEFAULT_MAX_SNAPSHOT_BYTES = 256L << 30;

    /** Room for a segment's header and state records on top of its data. */
    static final int SEGMENT_OVERHEAD_BYTES = 8192;

    public WalConfig {
        if (clusterId == null) {
            throw new IllegalArgumentException("clusterId is required");
        }
        int idBytes = clusterId.getBytes(StandardCharsets.UTF_8).length;
        if (idBytes < 1 || idBytes > 255) {
            throw new IllegalArgumentException("clusterId must be 1 to 255 bytes of UTF-8: '" + clusterId + "'");
        }
        if (nodeId < 0) {
            throw new IllegalArgumentException("nodeId must be non-negative: " + nodeId);
        }
        if (filePrefix == null || !(filePrefix.isEmpty() || Disk.isValidName(filePrefix)) || filePrefix.length() > 64) {
            throw new IllegalArgumentException("filePrefix must be empty or a valid disk name of at most 64 characters: '" + filePrefix + "'");
        }
        if (maxBatchBytes < 4096) {
            throw new IllegalArgumentException("maxBatchBytes must be at least 4096: " + maxBatchBytes);
        }
        if (segmentTargetBytes < 1024 || segmentTargetBytes + maxBatchBytes + SEGMENT_OVERHEAD_BYTES > Disk.MAX_IO_BYTES) {
            // A segment is read back in one read, so its largest size must fit one disk read.
            throw new IllegalArgumentException("segmentTargetBytes + maxBatchBytes must stay below " + Disk.MAX_IO_BYTES
                    + " and segmentTargetBytes at least 1024: " + segmentTargetBytes + " + " + maxBatchBytes);
        }
        if (maxQueuedSaves < 1 || maxQueuedSaves > 1_000_000) {
            throw new IllegalArgumentException("maxQueuedSaves must be 1..1000000: " + maxQueuedSaves);
        }
        if (maxSnapshotBytes < 0 || maxSnapshotBytes > 1L << 50) {
            throw new IllegalArgumentException("maxSnapshotBytes out of range: " + maxSnapshotBytes);
        }
        if (imageChunkBytes < 1 || imageChunkBytes > Math.min(ImageBytes.MAX_CHUNK_BYTES, Disk.MAX_IO_BYTES)) {
            throw new IllegalArgumentException("imageChunkBytes must be in [1, " + ImageBytes.MAX_CHUNK_BYTES + "]: "
                    + imageChunkBytes);
        }
    }

    /**
     * The largest single save: a segment ends after the batch that crosses its target, and a segment
     * is read back in one disk read, so target plus one batch must fit {@link Disk#MAX_IO_BYTES}.
     * No single record may exceed the format's record limit either.
     */
    public int maxSaveBytes() {
        return (int) Math.min(Disk.MAX_IO_BYTES - segmentTargetBytes - SEGMENT_OVERHEAD_BYTES,
                WalFormat.MAX_RECORD_BODY_BYTES);
    }

    /** The defaults for a node: 16 MiB segments, 24 MiB batches, 4096 queued saves, snapshots up to 256 GiB in 16 MiB pieces. */
    public static WalConfig of(String clusterId, int nodeId) {
        return new WalConfig(clusterId, nodeId, "", DEFAULT_SEGMENT_TARGET_BYTES, DEFAULT_MAX_BATCH_BYTES,
                DEFAULT_MAX_QUEUED_SAVES, DEFAULT_MAX_SNAPSHOT_BYTES, ImageBytes.DEFAULT_CHUNK_BYTES);
    }

    public WalConfig withFilePrefix(String prefix) {
        return new WalConfig(clusterId, nodeId, prefix, segmentTargetBytes, maxBatchBytes, maxQueuedSaves, maxSnapshotBytes, imageChunkBytes);
    }

    public WalConfig withSegmentTargetBytes(long bytes) {
        return new WalConfig(clusterId, nodeId, filePrefix, bytes, maxBatchBytes, maxQueuedSaves, maxSnapshotBytes, imageChunkBytes);
    }

    public WalConfig withMaxBatchBytes(int bytes) {
        return new WalConfig(clusterId, nodeId, filePrefix, segmentTargetBytes, bytes, maxQueuedSaves, maxSnapshotBytes, imageChunkBytes);
    }

    public WalConfig withMaxQueuedSaves(int saves) {
        return new WalConfig(clusterId, nodeId, filePrefix, segmentTargetBytes, maxBatchBytes, saves, maxSnapshotBytes, imageChunkBytes);
    }

    public WalConfig withImageChunkBytes(int bytes) {
        return new WalConfig(clusterId, nodeId, filePrefix, segmentTargetBytes, maxBatchBytes, maxQueuedSaves, maxSnapshotBytes, bytes);
    }

    public WalConfig withMaxSnapshotBytes(long bytes) {
        return new WalConfig(clusterId, nodeId, filePrefix, segmentTargetBytes, maxBatchBytes, maxQueuedSaves, bytes, imageChunkBytes);
    }
}
