package io.shoaldb.kv;

import io.shoaldb.image.ImageBytes;
import io.shoaldb.image.ImageReader;
import io.shoaldb.raft.ClusterConfig;
import io.shoaldb.raft.Entry;
import io.shoaldb.raft.EntryType;
import io.shoaldb.raft.RaftCodec;
import io.shoaldb.raft.Snapshot;
import java.nio.ByteBuffer;

/**
 * What a KV node (and a replica) stores in a WAL snapshot: the membership in force at the snapshot's
 * index (Raft needs it after a restart) followed by the state-machine image. Both directions share the
 * image's chunks: only the small membership prefix is copied.
 */
public final class SnapshotPayload {

    /** Largest encoded membership accepted back. */
    private static final int MAX_CONFIG_BYTES = 1 << 20;

    private SnapshotPayload() {
    }

    public static ImageBytes encode(ClusterConfig config, ImageBytes image) {
        byte[] c = RaftCodec.encodeConfig(config);
        byte[] prefix = ByteBuffer.allocate(4 + c.length).putInt(c.length).put(c).array();
        return ImageBytes.concat(ImageBytes.of(prefix), image);
    }

    /** Decodes a snapshot read back from the WAL, whose checksum has passed; failure means corruption. */
    public static Snapshot decode(long index, long term, ImageBytes data) {
        if (data.length() < 4) {
            throw new IllegalStateException("snapshot payload truncated");
        }
        ImageReader r = data.reader();
        int len = r.i32();
        if (len < 0 || len > MAX_CONFIG_BYTES || len > r.remaining()) {
            throw new IllegalStateException("snapshot payload has a bad config length " + len);
        }
        byte[] c = r.bytes(len);
        ClusterConfig config = RaftCodec.decodeConfigEntry(new Entry(1, 1, EntryType.CONFIG, c));
        return new Snapshot(index, term, config, data.slice(4L + len, data.length() - 4 - len));
    }
}
