package io.shoaldb.sql.log;

import io.shoaldb.txn.ByteReader;
import io.shoaldb.txn.ByteWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The applier's side of records split into {@link SqlRecord.Fragment}s: collects the fragments of one
 * record as they are applied and hands out the whole record with the last one. A record's fragments are
 * consecutive in the log, so at most one record is ever in progress; any other entry (a record, a leader's
 * no-op, the first fragment of another record) means the one in progress was cut short by a leader change
 * and will never be completed, and it is dropped. Part of the state machine: snapshot images carry it, so a
 * node restored from an image taken between two fragments completes the record as the others do.
 */
public final class FragmentBuffer {
    private long id;
    private int count;
    private final List<byte[]> parts = new ArrayList<>();
    private long bytes;

    /** What {@link #offer} made of a fragment. */
    public sealed interface Result {
        /** The fragment was kept; the record is not complete yet. */
        record Pending() implements Result {
        }

        /** The fragment completed its record. */
        record Complete(byte[] record) implements Result {
        }

        /** The fragment does not continue the record in progress (its predecessors were cut short). */
        record Broken(String why) implements Result {
        }
    }

    public Result offer(SqlRecord.Fragment f) {
        if (f.seq() == 0) {
            clear();
            id = f.id();
            count = f.count();
        } else if (parts.isEmpty() || f.id() != id || f.count() != count || f.seq() != parts.size()) {
            String why = "fragment " + f.seq() + " of " + f.count() + " of record " + f.id()
                    + (parts.isEmpty() ? " without its predecessors" : " after fragment " + (parts.size() - 1) + " of record " + id);
            clear();
            return new Result.Broken(why);
        }
        if (bytes + f.part().length > SqlRecord.MAX_RECORD_BYTES) {
            clear();
            return new Result.Broken("record " + f.id() + " exceeds " + SqlRecord.MAX_RECORD_BYTES + " bytes");
        }
        parts.add(f.part());
        bytes += f.part().length;
        if (!f.last()) {
            return new Result.Pending();
        }
        byte[] whole = new byte[(int) bytes];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, whole, at, p.length);
            at += p.length;
        }
        clear();
        return new Result.Complete(whole);
    }

    /** An entry that is not a fragment was applied: a record in progress can no longer complete. */
    public void interrupt() {
        clear();
    }

    public boolean inProgress() {
        return !parts.isEmpty();
    }

    /** Bytes held for the record in progress. */
    public long bytes() {
        return bytes;
    }

    private void clear() {
        parts.clear();
        bytes = 0;
        id = 0;
        count = 0;
    }

    /** {@code u8 inProgress | (i64 id | i32 count | i32 n x bytes part)}. */
    public void write(ByteWriter w) {
        w.u8(parts.isEmpty() ? 0 : 1);
        if (!parts.isEmpty()) {
            w.i64(id).i32(count).i32(parts.size());
            for (byte[] p : parts) {
                w.bytes(p);
            }
        }
    }

    public void read(ByteReader r) {
        clear();
        int flag = r.u8();
        if (flag == 0) {
            return;
        }
        if (flag != 1) {
            throw new ByteReader.Malformed("fragment buffer flag " + flag);
        }
        long readId = r.i64();
        int readCount = r.i32();
        if (readCount < 2) {
            throw new ByteReader.Malformed("fragment buffer of a record in " + readCount + " fragments");
        }
        int n = r.count(readCount - 1);
        if (n < 1) {
            throw new ByteReader.Malformed("fragment buffer with " + n + " of " + readCount + " fragments");
        }
        for (int i = 0; i < n; i++) {
            byte[] p = r.bytes();
            if (p == null) {
                throw new ByteReader.Malformed("null fragment");
            }
            parts.add(p);
            bytes += p.length;
        }
        id = readId;
        count = readCount;
    }
}
