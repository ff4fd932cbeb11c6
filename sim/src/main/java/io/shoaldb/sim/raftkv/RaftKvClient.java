package io.shoaldb.sim.raftkv;

import io.shoaldb.checker.history.Op;
import io.shoaldb.kv.KvCodec;
import io.shoaldb.kv.KvCodec.KvRequest;
import io.shoaldb.kv.KvCodec.KvResponse;
import io.shoaldb.kv.KvOp;
import io.shoaldb.kv.KvResult;
import io.shoaldb.runtime.NodeProcess;
import io.shoaldb.runtime.NodeRuntime;
import io.shoaldb.runtime.Scheduler;
import java.nio.ByteBuffer;

/**
 * A client of the KV group: one operation at a time (reads, blind writes of unique values,
 * compare-and-sets), following redirects to the leader and retrying a write under the same sequence
 * number, so the node's sessions apply it at most once. An operation whose outcome stays unknown
 * past its deadline is recorded as info and the client continues as a new process, as Jepsen does.
 */
final class RaftKvClient implements NodeProcess {

    static final long ATTEMPT_TIMEOUT_NANOS = 150_000_000L;
    static final long OP_TIMEOUT_NANOS = 1_500_000_000L;

    private final NodeRuntime rt;
    private final RaftKvWorkload workload;
    private final long clientId;
    private int process;
    private long seq;
    private int target;
    private Op pending;
    private KvOp pendingKv;
    private long deadlineNanos;
    private Scheduler.Cancellable attemptTimer;
    private long nextValue;

    RaftKvClient(NodeRuntime rt, RaftKvWorkload workload) {
        this.rt = rt;
        this.workload = workload;
        this.clientId = rt.nodeId();
    }

    @Override
    public void start() {
        process = workload.newProcess();
        target = (int) rt.entropy().nextLong(workload.nodes());
        think();
    }

    private void think() {
        rt.scheduler().schedule(1 + rt.entropy().nextLong(workload.thinkNanos()), this::issue);
    }

    private void issue() {
        seq++;
        String key = "k" + rt.entropy().nextLong(workload.keys());
        int kind = (int) rt.entropy().nextLong(10);
        if (kind < 4) {
            pending = new Op.Read(key, null);
            pendingKv = new KvOp.Get(key);
        } else if (kind < 8) {
            long v = uniqueValue();
            pending = new Op.Write(key, v);
            pendingKv = new KvOp.Put(key, encode(v));
        } else {
            long expected = 1 + rt.entropy().nextLong(Math.max(1, nextValue)) + ((long) clientId << 32);
            if (rt.entropy().nextBoolean()) {
                expected = workload.lastWritten(key);
            }
            long v = uniqueValue();
            pending = new Op.Cas(key, expected, v);
            pendingKv = new KvOp.Cas(key, encode(expected), encode(v));
        }
        workload.history().invoke(process, pending);
        deadlineNanos = rt.clock().monotonicNanos() + OP_TIMEOUT_NANOS;
        send();
    }

    private long uniqueValue() {
        return ((long) clientId << 32) | ++nextValue;
    }

    private void send() {
        rt.network().send(target, KvCodec.encodeClient(new KvRequest(clientId, seq, pendingKv)));
        long mySeq = seq;
        attemptTimer = rt.scheduler().schedule(ATTEMPT_TIMEOUT_NANOS, () -> {
            if (pending != null && seq == mySeq) {
                target = (target + 1) % workload.nodes();
                retryOrGiveUp(0);
            }
        });
    }

    private void retryOrGiveUp(long delayNanos) {
        if (rt.clock().monotonicNanos() >= deadlineNanos) {
            // the outcome is unknown: the write may still apply (exactly once) at any later time
            workload.history().info(process, pending);
            pending = null;
            process = workload.newProcess();
            think();
            return;
        }
        long mySeq = seq;
        rt.scheduler().schedule(delayNanos, () -> {
            if (pending != null && seq == mySeq) {
                send();
            }
        });
    }

    @Override
    public void onMessage(int from, byte[] payload) {
        KvResponse r;
        try {
            if (!(KvCodec.decodeClient(payload) instanceof KvResponse resp)) {
                return;
            }
            r = resp;
        } catch (KvCodec.MalformedException e) {
            return; // corrupted in flight and not caught by the checksum: dropped like the node does
        }
        if (pending == null || r.seq() != seq || r.clientId() != clientId) {
            return; // late or duplicated
        }
        attemptTimer.cancel();
        switch (r.status()) {
            case OK -> complete(r.result());
            case NOT_LEADER -> {
                target = r.leaderHint() >= 0 && r.leaderHint() != from ? r.leaderHint() : (from + 1) % workload.nodes();
                retryOrGiveUp(1_000_000L);
            }
            case UNAVAILABLE -> retryOrGiveUp(20_000_000L);
            case UNKNOWN -> retryOrGiveUp(5_000_000L);
            case BAD_REQUEST -> throw new AssertionError("node rejected a well-formed request: " + r.detail());
        }
    }

    private void complete(KvResult result) {
        switch (result) {
            case KvResult.Value v -> {
                Long value = v.value() == null ? null : decode(v.value());
                workload.history().ok(process, new Op.Read(pending.key(), value));
            }
            case KvResult.Written w -> {
                workload.history().ok(process, pending);
                workload.noteWritten(pending.key(), ((Op.Write) pending).value());
            }
            case KvResult.CasOutcome c -> {
                if (c.swapped()) {
                    workload.history().ok(process, pending);
                    workload.noteWritten(pending.key(), ((Op.Cas) pending).newValue());
                } else {
                    workload.history().fail(process, pending);
                }
            }
            case KvResult.Superseded s -> throw new AssertionError("a sequential client saw its current request superseded");
        }
        workload.completed();
        pending = null;
        think();
    }

    static byte[] encode(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    static long decode(byte[] b) {
        if (b.length != 8) {
            throw new AssertionError("value of " + b.length + " bytes read back; clients only write 8");
        }
        return ByteBuffer.wrap(b).getLong();
    }
}
