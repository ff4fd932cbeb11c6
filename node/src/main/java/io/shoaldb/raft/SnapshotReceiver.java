package io.shoaldb.raft;

import java.io.ByteArrayOutputStream;

/**
 * A follower's assembly of one incoming snapshot from in-order chunks. Memory is bounded by the
 * configured largest snapshot; a chunk that does not continue the assembly is answered with the
 * offset expected instead.
 */
final class SnapshotReceiver {

    private boolean active;
    private long leaderTerm;
    private long index;
    private long snapTerm;
    private long totalBytes;
    private ClusterConfig config;
    private ByteArrayOutputStream buffer;

    void reset() {
        active = false;
        buffer = null;
    }

    /** The offset the follower expects next for snapshot {@code snapshotIndex}. */
    long nextOffset(long snapshotIndex) {
        return active && index == snapshotIndex ? buffer.size() : 0;
    }

    /** Takes one chunk; returns the complete snapshot when this chunk finished it, else null. */
    Snapshot accept(Message.SnapshotChunk c, long maxBytes) {
        if (c.totalBytes() > maxBytes || c.offset() + c.data().length > c.totalBytes()) {
            reset();
            return null;
        }
        boolean same = active && index == c.snapshotIndex() && snapTerm == c.snapshotTerm() && leaderTerm == c.term()
                && totalBytes == c.totalBytes();
        if (!same) {
            if (c.offset() != 0) {
                reset();
                return null;
            }
            active = true;
            leaderTerm = c.term();
            index = c.snapshotIndex();
            snapTerm = c.snapshotTerm();
            totalBytes = c.totalBytes();
            config = c.config();
            buffer = new ByteArrayOutputStream((int) Math.min(totalBytes, 1 << 20));
        }
        if (c.offset() != buffer.size()) {
            return null;
        }
        buffer.write(c.data(), 0, c.data().length);
        if (!c.last()) {
            return null;
        }
        if (buffer.size() != totalBytes) {
            reset();
            return null;
        }
        Snapshot s = new Snapshot(index, snapTerm, config, buffer.toByteArray());
        reset();
        return s;
    }
}
