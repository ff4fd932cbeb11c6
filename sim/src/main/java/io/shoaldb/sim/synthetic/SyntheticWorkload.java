package io.shoaldb.sim.synthetic;

import io.shoaldb.runtime.NodeFactory;
import io.shoaldb.sim.SimulationView;
import io.shoaldb.sim.Verdict;
import io.shoaldb.sim.Workload;
import io.shoaldb.sim.WorkloadSetup;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in workload that needs nothing but the simulator: nodes heartbeat each other and each
 * serves a durable single-node register; clients write and read at a fixed rate. It checks that
 * every reply answers the right operation and that every value read or held was once written, and
 * demands that each client completes operations once faults heal. Keys:
 * {@code workload.ops_per_second} (total over all clients, default 200),
 * {@code workload.heartbeat} (default 50ms), {@code workload.liveness_ops} (per client, default 5).
 */
public final class SyntheticWorkload implements Workload {

    /** Bound on recorded violations; the first few are what a person reads. */
    static final int MAX_VIOLATIONS = 20;

    private final int nodes;
    private final int clients;
    private final long heartbeatNanos;
    private final long clientIntervalNanos;
    private final long livenessOps;
    /** Per client id, how many distinct values it has written; value = client << 40 | (1..count). */
    private final long[] writesIssued;
    private final List<String> violations = new ArrayList<>();
    private final long[] lastChecked;
    private long completed;
    private long failed;
    private long timedOut;
    private long completedAtLiveness = -1;

    public SyntheticWorkload(WorkloadSetup setup) {
        this.nodes = setup.nodes();
        this.clients = setup.clients();
        this.lastChecked = new long[nodes];
        this.writesIssued = new long[nodes + clients];
        double opsPerSecond = setup.scenario().ratePerSecond("workload.ops_per_second", 200);
        this.heartbeatNanos = Math.max(1, setup.scenario().durationNanos("workload.heartbeat", 50_000_000L));
        this.livenessOps = setup.scenario().integer("workload.liveness_ops", 5, 0, 1_000_000);
        this.clientIntervalNanos = opsPerSecond <= 0 ? 1_000_000_000_000L
                : Math.max(1000, (long) (1e9 * Math.max(1, clients) / opsPerSecond));
    }

    int nodes() {
        return nodes;
    }

    long nextWrittenValue(int client) {
        return ((long) client << 40) | ++writesIssued[client];
    }

    private boolean wasWritten(long value) {
        long client = value >>> 40;
        long n = value & ((1L << 40) - 1);
        return client < writesIssued.length && n >= 1 && n <= writesIssued[(int) client];
    }

    /** Null if a value read from {@code node} is plausible, else a description of the violation. */
    String checkRead(int node, long value) {
        return value == 0 || wasWritten(value) ? null
                : "node " + node + " returned value " + value + " that nobody wrote";
    }

    void completed(String violation) {
        if (violation != null) {
            violation(violation);
        } else {
            completed++;
        }
    }

    void failed() {
        failed++;
    }

    void timedOut() {
        timedOut++;
    }

    void violation(String what) {
        if (violations.size() < MAX_VIOLATIONS) {
            violations.add(what);
        }
    }

    @Override
    public NodeFactory nodeFactory() {
        return rt -> new SyntheticNode(rt, nodes, heartbeatNanos);
    }

    @Override
    public NodeFactory clientFactory() {
        return rt -> new SyntheticClient(rt, this, clientIntervalNanos);
    }

    @Override
    public void checkInvariants(SimulationView view) {
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.getFirst());
        }
        for (int id = 0; id < nodes; id++) {
            // Only a changed value needs the set lookup; this check runs after every event.
            if (view.process(id) instanceof SyntheticNode n && n.value() != lastChecked[id]) {
                if (n.value() != 0 && !wasWritten(n.value())) {
                    throw new AssertionError("node " + id + " holds value " + n.value() + " that nobody wrote");
                }
                lastChecked[id] = n.value();
            }
        }
    }

    @Override
    public void onLivenessPhase(SimulationView view) {
        completedAtLiveness = completed;
    }

    @Override
    public boolean livenessReached(SimulationView view) {
        if (clients == 0) {
            return view.nodeIds().stream().allMatch(view::isUp);
        }
        return completed - completedAtLiveness >= livenessOps * Math.max(1, clients);
    }

    @Override
    public Verdict verdict(SimulationView view) {
        String counts = "ops ok=" + completed + " failed=" + failed + " timed out=" + timedOut;
        return violations.isEmpty() ? Verdict.pass(counts) : Verdict.fail(violations.getFirst() + "; " + counts);
    }
}
