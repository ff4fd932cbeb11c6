package io.shoaldb.sim.pb;

import io.shoaldb.runtime.IoError;
import io.shoaldb.runtime.IoResult;
import io.shoaldb.runtime.NodeProcess;
import io.shoaldb.runtime.NodeRuntime;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * A primary-backup register, the harness's own test protocol. Node 0 is the primary, the others are
 * backups. The primary group-commits writes every {@link #FLUSH_NANOS}: it appends the batch to its
 * log, fsyncs, and replicates the batch's last (seq, value) to every backup, which log and fsync it
 * before acknowledging. The correct variant acknowledges a write to its client only once it is
 * durable on the primary and on every backup; a restarted primary recovers the highest (seq, value)
 * of its own log and of every backup before serving. The broken variant acknowledges writes (and
 * shows them to reads) as soon as they arrive, before the batch is flushed: a crash then loses
 * acknowledged writes, which the linearizability checker must catch.
 */
final class PbNode implements NodeProcess {

    static final String LOG = "pb.log";
    static final long FLUSH_NANOS = 20_000_000L;
    static final long RETRY_NANOS = 50_000_000L;
    static final int RECORD_BYTES = 20;
    /** Bound on writes waiting for a flush or for replication. */
    static final int MAX_WAITING = 10_000;

    private record Waiting(long seq, int client, long op) {
    }

    private final NodeRuntime rt;
    private final int nodes;
    private final boolean broken;
    private boolean ready;
    // Durable state (primary: its own log; backup: its log).
    private long durableSeq;
    private long durableValue;
    // Primary only.
    private long lastSeq;
    private long visibleSeq;
    private long visibleValue;
    private final List<long[]> batch = new ArrayList<>();
    /**
     * Per client, the highest write counter seen (values are client << 32 | counter and increase per
     * client). A duplicated WRITE arriving after its original was applied would otherwise bring an old
     * value back (the simulator found this on seed 438). Rebuilt from the log at recovery: every
     * acknowledged write is in the primary's own durable log, and an unacknowledged one may take
     * effect late anyway.
     */
    private final TreeMap<Long, Long> lastCounter = new TreeMap<>();
    private final List<Waiting> waiting = new ArrayList<>();
    private boolean flushing;
    private long[] ackedBy;
    private long recoverReplies;
    private boolean[] recovered;
    /**
     * Tags this incarnation's recovery requests: a STATE reply to an earlier incarnation's request
     * (delayed or duplicated) is stale and must not count (the simulator found the primary taking one
     * before it had even read its own log).
     */
    private long recoveryNonce;

    PbNode(NodeRuntime rt, int nodes, boolean broken) {
        this.rt = rt;
        this.nodes = nodes;
        this.broken = broken;
    }

    private boolean primary() {
        return rt.nodeId() == 0;
    }

    long visibleSeq() {
        return visibleSeq;
    }

    boolean ready() {
        return ready;
    }

    long durableSeq() {
        return durableSeq;
    }

    @Override
    public void start() {
        rt.disk().size(LOG, r -> {
            switch (r) {
                case IoResult.Ok<Long> ok -> readLog(ok.value());
                case IoResult.Failed<Long> f when f.error() == IoError.NOT_FOUND -> createLog();
                case IoResult.Failed<Long> f -> rt.scheduler().schedule(RETRY_NANOS, this::start);
            }
        });
    }

    /**
     * Creates the log and makes its name durable before anything is written to it: without the
     * directory fsync a crash may lose the file with every fsynced record in it (the simulator found
     * exactly that on seed 125 of the first 300).
     */
    private void createLog() {
        rt.disk().write(LOG, 0, new byte[0], w -> {
            if (w instanceof IoResult.Failed<Void>) {
                rt.scheduler().schedule(RETRY_NANOS, this::start);
                return;
            }
            rt.disk().fsyncDirectory(d -> {
                if (d instanceof IoResult.Failed<Void>) {
                    rt.scheduler().schedule(RETRY_NANOS, this::start);
                    return;
                }
                afterLog();
            });
        });
    }

    private void readLog(long size) {
        rt.disk().read(LOG, 0, (int) Math.min(size, 16 << 20), r -> {
            if (!(r instanceof IoResult.Ok<byte[]> ok)) {
                rt.scheduler().schedule(RETRY_NANOS, this::start);
                return;
            }
            ByteBuffer b = ByteBuffer.wrap(ok.value());
            long validBytes = 0;
            while (b.remaining() >= RECORD_BYTES) {
                long seq = b.getLong();
                long value = b.getLong();
                if (b.getInt() != crc(seq, value)) {
                    break; // a torn tail: nothing after it was acknowledged
                }
                validBytes += RECORD_BYTES;
                lastCounter.merge(value >>> 32, value & 0xffffffffL, Math::max);
                if (seq > durableSeq) {
                    durableSeq = seq;
                    durableValue = value;
                }
            }
            if (validBytes < size) {
                // Cut the torn tail before appending again, or later records would sit behind garbage that
                // stops every future recovery (spotted while debugging a simulator failure; the disk model makes it reachable).
                long keep = validBytes;
                rt.trace().event("truncating torn log tail at " + keep + " of " + size + " bytes");
                rt.disk().truncate(LOG, keep, t -> {
                    if (t instanceof IoResult.Failed<Void>) {
                        rt.scheduler().schedule(RETRY_NANOS, this::start);
                        return;
                    }
                    rt.disk().fsync(LOG, s -> {
                        if (s instanceof IoResult.Failed<Void>) {
                            rt.scheduler().schedule(RETRY_NANOS, this::start);
                            return;
                        }
                        afterLog();
                    });
                });
                return;
            }
            afterLog();
        });
    }

    private void afterLog() {
        if (!primary()) {
            ready = true;
            return;
        }
        ackedBy = new long[nodes];
        recovered = new boolean[nodes];
        recoveryNonce = rt.entropy().nextLong();
        visibleSeq = durableSeq;
        visibleValue = durableValue;
        askBackups();
    }

    private void askBackups() {
        if (ready) {
            return;
        }
        for (int b = 1; b < nodes; b++) {
            if (!recovered[b]) {
                rt.network().send(b, PbWire.msg(PbWire.RECOVER, recoveryNonce));
            }
        }
        rt.scheduler().schedule(RETRY_NANOS, this::askBackups);
    }

    static int crc(long seq, long value) {
        CRC32C c = new CRC32C();
        c.update(ByteBuffer.allocate(16).putLong(seq).putLong(value).array());
        return (int) c.getValue();
    }

    static byte[] record(long seq, long value) {
        return ByteBuffer.allocate(RECORD_BYTES).putLong(seq).putLong(value).putInt(crc(seq, value)).array();
    }

    @Override
    public void onMessage(int from, byte[] payload) {
        long[] f = PbWire.parse(payload);
        if (f == null) {
            rt.trace().warn("malformed message from " + from);
            return;
        }
        switch (payload[0]) {
            case PbWire.WRITE -> onWrite(from, f[0], f[1]);
            case PbWire.READ -> rt.network().send(from, ready && primary()
                    ? PbWire.msg(PbWire.READ_OK, f[0], visibleSeq, visibleValue)
                    : PbWire.msg(PbWire.NOT_READY, f[0]));
            case PbWire.REPLICATE -> onReplicate(from, f[0], f[1]);
            case PbWire.REPLICATE_ACK -> onAck(from, f[0]);
            case PbWire.RECOVER -> {
                if (ready && !primary()) {
                    rt.network().send(from, PbWire.msg(PbWire.STATE, f[0], durableSeq, durableValue));
                }
            }
            case PbWire.STATE -> {
                if (recovered != null && f[0] == recoveryNonce) {
                    onState(from, f[1], f[2]);
                }
            }
            default -> rt.trace().warn("unexpected message type " + payload[0] + " from " + from);
        }
    }

    private void onState(int from, long seq, long value) {
        if (ready || !primary() || from <= 0 || from >= nodes || recovered[from]) {
            return;
        }
        recovered[from] = true;
        recoverReplies++;
        if (seq > visibleSeq) {
            visibleSeq = seq;
            visibleValue = value;
        }
        if (recoverReplies == nodes - 1) {
            lastSeq = visibleSeq;
            ready = true;
            rt.trace().event("primary recovered seq " + visibleSeq);
            rt.scheduler().schedule(FLUSH_NANOS, this::flush);
        }
    }

    private void onWrite(int client, long op, long value) {
        if (!ready || !primary() || waiting.size() >= MAX_WAITING) {
            rt.network().send(client, PbWire.msg(PbWire.NOT_READY, op));
            return;
        }
        Long seen = lastCounter.get(value >>> 32);
        if (seen != null && seen >= (value & 0xffffffffL)) {
            rt.trace().event("dropped duplicate write " + value);
            return;
        }
        lastCounter.put(value >>> 32, value & 0xffffffffL);
        long seq = ++lastSeq;
        rt.trace().event("write " + value + " seq " + seq);
        batch.add(new long[] {seq, value});
        if (broken) {
            // The bug under test: acknowledged and visible before it is durable anywhere.
            visibleSeq = seq;
            visibleValue = value;
            rt.network().send(client, PbWire.msg(PbWire.WRITE_OK, op));
        } else {
            waiting.add(new Waiting(seq, client, op));
        }
    }

    private void flush() {
        rt.scheduler().schedule(FLUSH_NANOS, this::flush);
        resendUnacked();
        if (flushing || batch.isEmpty()) {
            return;
        }
        flushing = true;
        List<long[]> flushed = new ArrayList<>(batch);
        batch.clear();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (long[] w : flushed) {
            bytes.writeBytes(record(w[0], w[1]));
        }
        long[] last = flushed.getLast();
        rt.disk().append(LOG, bytes.toByteArray(), a -> {
            if (a instanceof IoResult.Failed<Long>) {
                retry(flushed);
                return;
            }
            rt.disk().fsync(LOG, s -> {
                if (s instanceof IoResult.Failed<Void>) {
                    retry(flushed);
                    return;
                }
                flushing = false;
                rt.trace().event("flushed through seq " + last[0]);
                if (last[0] > durableSeq) {
                    durableSeq = last[0];
                    durableValue = last[1];
                }
                if (durableSeq > visibleSeq) {
                    visibleSeq = durableSeq;
                    visibleValue = durableValue;
                }
                resendUnacked();
                release();
            });
        });
    }

    private void retry(List<long[]> flushed) {
        flushing = false;
        batch.addAll(0, flushed); // written again with the next batch; recovery keeps the highest seq
    }

    private void resendUnacked() {
        if (durableSeq == 0) {
            return;
        }
        for (int b = 1; b < nodes; b++) {
            if (ackedBy[b] < durableSeq) {
                rt.network().send(b, PbWire.msg(PbWire.REPLICATE, durableSeq, durableValue));
            }
        }
    }

    private void onAck(int from, long seq) {
        if (!primary() || from <= 0 || from >= nodes || ackedBy == null) {
            return;
        }
        ackedBy[from] = Math.max(ackedBy[from], seq);
        release();
    }

    /** Acknowledges every waiting write that is durable here and on every backup. */
    private void release() {
        long everywhere = durableSeq;
        for (int b = 1; b < nodes; b++) {
            everywhere = Math.min(everywhere, ackedBy[b]);
        }
        long upTo = everywhere;
        waiting.removeIf(w -> {
            if (w.seq() <= upTo) {
                rt.network().send(w.client(), PbWire.msg(PbWire.WRITE_OK, w.op()));
                return true;
            }
            return false;
        });
    }

    private void onReplicate(int from, long seq, long value) {
        if (primary() || !ready) {
            return;
        }
        if (seq <= durableSeq) {
            rt.network().send(from, PbWire.msg(PbWire.REPLICATE_ACK, durableSeq));
            return;
        }
        rt.disk().append(LOG, record(seq, value), a -> {
            if (a instanceof IoResult.Failed<Long>) {
                return; // the primary retransmits
            }
            rt.disk().fsync(LOG, s -> {
                if (s instanceof IoResult.Ok<Void>) {
                    if (seq > durableSeq) {
                        durableSeq = seq;
                        durableValue = value;
                    }
                    rt.network().send(from, PbWire.msg(PbWire.REPLICATE_ACK, durableSeq));
                }
            });
        });
    }
}
