package io.shoaldb.raft;

import io.shoaldb.image.ImageBytes;
import io.shoaldb.image.ImageWriter;

/**
 * A follower's assembly of one incoming snapshot from in-order chunks, written into an image writer
 * chunk by chunk, so a snapshot of any size (up to the configured largest) is assembled without one
 * array holding it. A chunk that does not continue the assembly is answered with the offset expected
 * instead.
 */
final class SnapshotReceiver {

    private boolean active;
    private long leaderTerm;
    private long index;
    private long snapTerm;
    private long totalBytes;
    private ClusterConfig config;
    private ImageWriter buffer;

    void reset() {
        active = false;
        buffer = null;
    }

    /** The offset the follower expects next for snapshot {@code snapshotIndex}. */
    long nextOffset(long snapshotIndex) {
        return active && index == snapshotIndex ? buffer.length() : 0;
    }

    /**
     * Takes one chunk; returns the complete snapshot when this chunk finished it, else null.
     *
     * @param imageChunkBytes chunk size of the assembled image
     */
    Snapshot accept(Message.SnapshotChunk c, long maxBytes, int imageChunkBytes) {
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
            buffer = ImageBytes.writer(imageChunkBytes);
        }
        if (c.offset() != buffer.length()) {
            return null;
        }
        buffer.write(c.data(), 0, c.data().length);
        if (!c.last()) {
            return null;
        }
        if (buffer.length() != totalBytes) {
            reset();
            return null;
        }
        Snapshot s = new Snapshot(index, snapTerm, config, buffer.finish());
        reset();
        return s;
    }
}
