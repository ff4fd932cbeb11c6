package io.shoaldb.kv;

import io.shoaldb.raft.ClusterConfig;
import io.shoaldb.raft.Entry;
import io.shoaldb.raft.EntryType;
import io.shoaldb.raft.RaftCodec;
import io.shoaldb.raft.Snapshot;
import java.nio.ByteBuffer;

/**
 * What a KV node stores in a WAL snapshot: the membership in force at the snapshot's index (Raft
 * needs it after a restart) followed by the state-machine image.
 */
public final class SnapshotPayload {

    private SnapshotPayload() {
    }

    public static byte[] encode(ClusterConfig config, byte[] image) {
        byte[] c = RaftCodec.encodeConfig(config);
        return ByteBuffer.allocate(4 + c.length + image.length).putInt(c.length).put(c).put(image).array();
    }

    /** Decodes a snapshot read back from the WAL, whose checksum has passed; failure means corruption. */
    public static Snapshot decode(long index, long term, byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data);
        if (data.length < 4) {
            throw new IllegalStateException("snapshot payload truncated");
        }
        int len = b.getInt();
        if (len < 0 || len > b.remaining()) {
            throw new IllegalStateException("snapshot payload has a bad config length " + len);
        }
        byte[] c = new byte[len];
        b.get(c);
        ClusterConfig config = RaftCodec.decodeConfigEntry(new Entry(1, 1, EntryType.CONFIG, c));
        byte[] image = new byte[b.remaining()];
        b.get(image);
        return new Snapshot(index, term, config, image);
    }
}
