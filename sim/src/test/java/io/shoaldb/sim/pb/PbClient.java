package io.shoaldb.sim.pb;

import io.shoaldb.checker.history.Op;
import io.shoaldb.runtime.NodeProcess;
import io.shoaldb.runtime.NodeRuntime;
import io.shoaldb.runtime.Scheduler;

/**
 * A client of the primary-backup register: one operation at a time against the primary, half writes
 * of unique values and half reads, recorded in the workload's history. An operation that times out
 * is recorded as info and the client continues under a new process id, as Jepsen does.
 */
final class PbClient implements NodeProcess {

    static final long TIMEOUT_NANOS = 500_000_000L;
    static final long THINK_NANOS = 5_000_000L;

    private final NodeRuntime rt;
    private final PbWorkload workload;
    private int process;
    private long op;
    private Op pending;
    private Scheduler.Cancellable timeout;
    private long nextValue;

    PbClient(NodeRuntime rt, PbWorkload workload) {
        this.rt = rt;
        this.workload = workload;
    }

    @Override
    public void start() {
        process = workload.newProcess();
        rt.scheduler().schedule(rt.entropy().nextLong(THINK_NANOS) + 1, this::issue);
    }

    private void issue() {
        op++;
        if (rt.entropy().nextBoolean()) {
            long value = ((long) rt.nodeId() << 32) | ++nextValue;
            pending = Op.write(null, value);
            workload.history().invoke(process, pending);
            rt.network().send(0, PbWire.msg(PbWire.WRITE, op, value));
        } else {
            pending = Op.read(null);
            workload.history().invoke(process, pending);
            rt.network().send(0, PbWire.msg(PbWire.READ, op));
        }
        long mine = op;
        timeout = rt.scheduler().schedule(TIMEOUT_NANOS, () -> {
            if (op == mine && pending != null) {
                workload.history().info(process, pending);
                pending = null;
                process = workload.newProcess();
                next();
            }
        });
    }

    private void next() {
        rt.scheduler().schedule(rt.entropy().nextLong(THINK_NANOS) + 1, this::issue);
    }

    @Override
    public void onMessage(int from, byte[] payload) {
        long[] f = PbWire.parse(payload);
        if (f == null || pending == null || f[0] != op) {
            return; // malformed, late or duplicate
        }
        switch (payload[0]) {
            case PbWire.WRITE_OK -> {
                if (!(pending instanceof Op.Write)) {
                    return;
                }
                workload.history().ok(process, pending);
                rt.trace().event("ok " + pending);
                workload.completed();
            }
            case PbWire.READ_OK -> {
                if (!(pending instanceof Op.Read)) {
                    return;
                }
                workload.history().ok(process, Op.read(null, f[1] == 0 ? null : f[2]));
                rt.trace().event("ok read seq " + f[1] + " value " + f[2]);
                workload.completed();
            }
            case PbWire.NOT_READY -> workload.history().fail(process, pending);
            default -> {
                return;
            }
        }
        pending = null;
        timeout.cancel();
        next();
    }
}
