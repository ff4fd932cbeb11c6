package io.shoaldb.sim.synthetic;

import io.shoaldb.runtime.IoError;
import io.shoaldb.runtime.IoResult;
import io.shoaldb.runtime.NodeProcess;
import io.shoaldb.runtime.NodeRuntime;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * A node of the synthetic workload: heartbeats every other node, and serves a single durable register
 * of its own. A write is appended to a checksummed log and acknowledged after fsync; at start the log
 * is read back up to the first bad record (a torn tail or rot). When the log grows past a bound it is
 * compacted through a temporary file, a rename and a directory fsync. Exercises every port.
 */
public final class SyntheticNode implements NodeProcess {

    static final String LOG = "register.log";
    static final String TMP = "register.tmp";
    static final int RECORD_BYTES = 20;
    static final long COMPACT_AT_BYTES = 64 * 1024;

    private final NodeRuntime rt;
    private final int nodes;
    private final long heartbeatNanos;
    private boolean ready;
    private boolean compacting;
    private long value;
    private long logBytes;
    private long heartbeatsReceived;
    private long malformed;

    SyntheticNode(NodeRuntime rt, int nodes, long heartbeatNanos) {
        this.rt = rt;
        this.nodes = nodes;
        this.heartbeatNanos = heartbeatNanos;
    }

    /** The register's value as this incarnation knows it (for invariant checks). */
    public long value() {
        return value;
    }

    public long heartbeatsReceived() {
        return heartbeatsReceived;
    }

    @Override
    public void start() {
        rt.scheduler().schedule(heartbeatNanos, this::heartbeat);
        recoverLog();
    }

    private void recoverLog() {
        rt.disk().size(LOG, r -> {
            switch (r) {
                case IoResult.Ok<Long> ok -> recover(ok.value());
                case IoResult.Failed<Long> f when f.error() == IoError.NOT_FOUND -> createLog();
                case IoResult.Failed<Long> f -> retryStart(f);
            }
        });
    }

    /** Creates the log and makes its name durable first: an unsynced creation may vanish at a crash. */
    private void createLog() {
        rt.disk().write(LOG, 0, new byte[0], w -> ifOkElseRetry(w, () ->
                rt.disk().fsyncDirectory(d -> ifOkElseRetry(d, () -> ready = true))));
    }

    private void ifOkElseRetry(IoResult<?> r, Runnable next) {
        if (r instanceof IoResult.Failed<?> f) {
            retryStart(f);
        } else {
            next.run();
        }
    }

    private void retryStart(IoResult.Failed<?> f) {
        rt.trace().warn("recovery failed, retrying: " + f.error());
        rt.scheduler().schedule(10_000_000L, this::recoverLog);
    }

    private void recover(long size) {
        int length = (int) Math.min(size, COMPACT_AT_BYTES * 4);
        rt.disk().read(LOG, 0, length, r -> {
            switch (r) {
                case IoResult.Ok<byte[]> ok -> {
                    ByteBuffer b = ByteBuffer.wrap(ok.value());
                    int good = 0;
                    boolean bad = false;
                    while (b.remaining() >= RECORD_BYTES) {
                        long v = b.getLong();
                        long op = b.getLong();
                        int crc = b.getInt();
                        if (crc != checksum(v, op)) {
                            rt.trace().warn("log record " + good + " fails its checksum: stopping recovery there");
                            bad = true;
                            break;
                        }
                        value = v;
                        good++;
                    }
                    long validBytes = (long) good * RECORD_BYTES;
                    int records = good;
                    if (bad || (length == size && validBytes < size)) {
                        // Cut the torn or rotten tail, or every later append would sit behind it, unreachable.
                        rt.disk().truncate(LOG, validBytes, t -> ifOkElseRetry(t, () ->
                                rt.disk().fsync(LOG, f -> ifOkElseRetry(f, () -> recovered(validBytes, records)))));
                    } else {
                        recovered(size, good);
                    }
                }
                case IoResult.Failed<byte[]> f -> retryStart(f);
            }
        });
    }

    private void recovered(long sizeBytes, int records) {
        logBytes = sizeBytes;
        ready = true;
        rt.trace().event("recovered " + records + " records, value " + value);
    }

    private final CRC32C crc = new CRC32C();
    private final ByteBuffer crcInput = ByteBuffer.allocate(16);

    private int checksum(long v, long op) {
        crc.reset();
        crc.update(crcInput.clear().putLong(v).putLong(op).array());
        return (int) crc.getValue();
    }

    private byte[] record(long v, long op) {
        return ByteBuffer.allocate(RECORD_BYTES).putLong(v).putLong(op).putInt(checksum(v, op)).array();
    }

    private void heartbeat() {
        for (int to = 0; to < nodes; to++) {
            if (to != rt.nodeId()) {
                rt.network().send(to, Wire.message(Wire.HEARTBEAT, rt.clock().monotonicNanos()));
            }
        }
        rt.scheduler().schedule(heartbeatNanos, this::heartbeat);
    }

    @Override
    public void onMessage(int from, byte[] payload) {
        long[] f = Wire.parse(payload);
        if (f == null) {
            malformed++;
            rt.trace().warn("dropped malformed message from " + from + " (" + malformed + " so far)");
            return;
        }
        switch (payload[0]) {
            case Wire.HEARTBEAT -> heartbeatsReceived++;
            case Wire.WRITE -> write(from, f[0], f[1]);
            case Wire.READ -> rt.network().send(from, Wire.message(Wire.READ_OK, f[0], value));
            default -> {
                malformed++;
                rt.trace().warn("unexpected message type " + payload[0] + " from " + from);
            }
        }
    }

    private void write(int client, long opId, long v) {
        if (!ready || compacting) {
            rt.network().send(client, Wire.message(Wire.WRITE_FAILED, opId));
            return;
        }
        rt.disk().append(LOG, record(v, opId), r -> {
            if (r instanceof IoResult.Failed<Long> f) {
                rt.trace().warn("append failed: " + f.error());
                rt.network().send(client, Wire.message(Wire.WRITE_FAILED, opId));
                return;
            }
            logBytes = Math.max(logBytes, ((IoResult.Ok<Long>) r).value() + RECORD_BYTES);
            rt.disk().fsync(LOG, s -> {
                if (s instanceof IoResult.Failed<Void> f) {
                    rt.trace().warn("fsync failed: " + f.error());
                    rt.network().send(client, Wire.message(Wire.WRITE_FAILED, opId));
                    return;
                }
                value = v;
                rt.network().send(client, Wire.message(Wire.WRITE_OK, opId));
                if (logBytes >= COMPACT_AT_BYTES && !compacting) {
                    compact();
                }
            });
        });
    }

    /** Rewrites the log as one record: write a temporary file, fsync it, rename it over, fsync the directory. */
    private void compact() {
        compacting = true;
        long v = value;
        rt.trace().event("compacting log of " + logBytes + " bytes");
        rt.disk().write(TMP, 0, record(v, -1), w -> ifOk(w, () ->
                rt.disk().truncate(TMP, RECORD_BYTES, t -> ifOk(t, () ->
                        rt.disk().fsync(TMP, s -> ifOk(s, () ->
                                rt.disk().rename(TMP, LOG, n -> ifOk(n, () ->
                                        rt.disk().fsyncDirectory(d -> ifOk(d, () -> {
                                            logBytes = RECORD_BYTES;
                                            compacting = false;
                                        }))))))))));
    }

    private void ifOk(IoResult<?> r, Runnable next) {
        if (r instanceof IoResult.Failed<?> f) {
            rt.trace().warn("compaction step failed, will retry on a later write: " + f.error());
            compacting = false;
            return;
        }
        next.run();
    }
}
