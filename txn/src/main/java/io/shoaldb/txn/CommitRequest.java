package io.shoaldb.txn;

import io.shoaldb.storage.KeyCodec;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Everything a commit needs to be validated and installed deterministically by any replica, in log
 * order: the snapshot the transaction read at, what it read, and what it wrote (a null row deletes).
 * Built by {@link Transaction#prepareCommit()}, carried in a log entry, applied by
 * {@link TransactionManager#applyCommit}.
 */
public final class CommitRequest {
    /** Format of {@link #encode}; a record of a newer version is refused, never misread. */
    public static final int VERSION = 1;
    /** Bound on the tables one commit writes; far above any real transaction. */
    static final int MAX_TABLES = 100_000;

    private final long snapshotTs;
    private final ReadSet reads;
    private final NavigableMap<Long, NavigableMap<byte[], byte[]>> writes;

    CommitRequest(long snapshotTs, ReadSet reads, NavigableMap<Long, NavigableMap<byte[], byte[]>> writes) {
        this.snapshotTs = snapshotTs;
        this.reads = reads;
        this.writes = writes;
    }

    public long snapshotTs() {
        return snapshotTs;
    }

    ReadSet reads() {
        return reads;
    }

    NavigableMap<Long, NavigableMap<byte[], byte[]>> writes() {
        return writes;
    }

    /** Rows written, over all tables. */
    public int writeCount() {
        int n = 0;
        for (NavigableMap<byte[], byte[]> w : writes.values()) {
            n += w.size();
        }
        return n;
    }

    public void encode(ByteWriter w) {
        w.u8(VERSION).i64(snapshotTs);
        reads.encode(w);
        w.i32(writes.size());
        for (Map.Entry<Long, NavigableMap<byte[], byte[]>> t : writes.entrySet()) {
            w.i64(t.getKey()).i32(t.getValue().size());
            for (Map.Entry<byte[], byte[]> e : t.getValue().entrySet()) {
                w.bytes(e.getKey()).bytes(e.getValue());
            }
        }
    }

    public static CommitRequest decode(ByteReader r) {
        int version = r.u8();
        if (version != VERSION) {
            throw new ByteReader.Malformed("commit record version " + version + " (this build reads " + VERSION + ")");
        }
        long snapshotTs = r.i64();
        ReadSet reads = ReadSet.decode(r);
        int tables = r.count(MAX_TABLES);
        NavigableMap<Long, NavigableMap<byte[], byte[]>> writes = new TreeMap<>();
        for (int i = 0; i < tables; i++) {
            long id = r.i64();
            int n = r.count(Transaction.MAX_WRITES);
            NavigableMap<byte[], byte[]> rows = new TreeMap<>(KeyCodec::compare);
            for (int j = 0; j < n; j++) {
                byte[] key = r.bytes();
                if (key == null) {
                    throw new ByteReader.Malformed("null key in a write set");
                }
                rows.put(key, r.bytes());
            }
            writes.put(id, rows);
        }
        return new CommitRequest(snapshotTs, reads, writes);
    }
}
