package io.shoaldb.sim.synthetic;

import io.shoaldb.runtime.NodeProcess;
import io.shoaldb.runtime.NodeRuntime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A client of the synthetic workload: issues writes and reads to random nodes at a fixed rate
 * (open loop, bounded in-flight), times out unanswered operations, and reports outcomes to the
 * workload, which checks every reply.
 */
final class SyntheticClient implements NodeProcess {

    /** Bound on operations in flight per client. */
    static final int MAX_IN_FLIGHT = 256;
    static final long TIMEOUT_NANOS = 2_000_000_000L;

    /** An operation awaiting its reply. */
    record Pending(int node, boolean write, long value, long sentNanos) {
    }

    private final NodeRuntime rt;
    private final SyntheticWorkload workload;
    private final long intervalNanos;
    private final LinkedHashMap<Long, Pending> inFlight = new LinkedHashMap<>();
    private long nextOp;

    SyntheticClient(NodeRuntime rt, SyntheticWorkload workload, long intervalNanos) {
        this.rt = rt;
        this.workload = workload;
        this.intervalNanos = intervalNanos;
    }

    @Override
    public void start() {
        rt.scheduler().schedule(rt.entropy().nextLong(intervalNanos), this::tick);
    }

    private void tick() {
        long now = rt.clock().monotonicNanos();
        var it = inFlight.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Pending> e = it.next();
            if (now - e.getValue().sentNanos() < TIMEOUT_NANOS) {
                break; // insertion order is send order
            }
            it.remove();
            workload.timedOut();
        }
        if (inFlight.size() < MAX_IN_FLIGHT) {
            long op = ((long) rt.nodeId() << 40) | nextOp++;
            int node = rt.entropy().nextInt(workload.nodes());
            if (rt.entropy().nextBoolean()) {
                long value = workload.nextWrittenValue(rt.nodeId());
                inFlight.put(op, new Pending(node, true, value, now));
                rt.network().send(node, Wire.message(Wire.WRITE, op, value));
            } else {
                inFlight.put(op, new Pending(node, false, 0, now));
                rt.network().send(node, Wire.message(Wire.READ, op));
            }
        }
        rt.scheduler().schedule(intervalNanos, this::tick);
    }

    @Override
    public void onMessage(int from, byte[] payload) {
        long[] f = Wire.parse(payload);
        if (f == null) {
            rt.trace().warn("client dropped a malformed reply from " + from);
            return;
        }
        Pending p = inFlight.remove(f[0]);
        if (p == null) {
            return; // a duplicate, or a reply after the timeout
        }
        if (p.node() != from) {
            workload.violation("client " + rt.nodeId() + " op " + f[0] + " sent to node " + p.node()
                    + " but answered by node " + from);
            return;
        }
        switch (payload[0]) {
            case Wire.WRITE_OK -> workload.completed(p.write() ? null : "WRITE_OK for a read op " + f[0]);
            case Wire.WRITE_FAILED -> workload.failed();
            case Wire.READ_OK -> workload.completed(p.write() ? "READ_OK for a write op " + f[0]
                    : workload.checkRead(from, f[1]));
            default -> workload.violation("client got unexpected message type " + payload[0]);
        }
    }
}
