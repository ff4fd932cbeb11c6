package io.shoaldb.sim.pb;

import io.shoaldb.checker.CheckResult;
import io.shoaldb.checker.history.History;
import io.shoaldb.checker.history.HistoryBuilder;
import io.shoaldb.checker.linear.LinearizabilityChecker;
import io.shoaldb.runtime.NodeFactory;
import io.shoaldb.sim.SimulationView;
import io.shoaldb.sim.Verdict;
import io.shoaldb.sim.Workload;
import io.shoaldb.sim.WorkloadSetup;

/**
 * The primary-backup register as a simulator workload: the history of every client operation is
 * judged by the checker's linearizability checker at the end of the run.
 */
final class PbWorkload implements Workload {

    private final int nodes;
    private final int clients;
    private final boolean broken;
    private final HistoryBuilder history = new HistoryBuilder();
    private int processes;
    private long completed;
    private long completedAtLiveness;

    PbWorkload(WorkloadSetup setup) {
        this.nodes = setup.nodes();
        this.clients = setup.clients();
        this.broken = setup.scenario().bool("workload.broken", false);
    }

    HistoryBuilder history() {
        return history;
    }

    int newProcess() {
        return processes++;
    }

    void completed() {
        completed++;
    }

    @Override
    public NodeFactory nodeFactory() {
        return rt -> new PbNode(rt, nodes, broken);
    }

    @Override
    public NodeFactory clientFactory() {
        return rt -> new PbClient(rt, this);
    }

    @Override
    public void checkInvariants(SimulationView view) {
        // Backups only ever receive state the primary made durable, and a serving primary has adopted
        // every backup's state at recovery, so no backup is ever ahead of a serving primary.
        if (view.process(0) instanceof PbNode primary && primary.ready()) {
            for (int b = 1; b < nodes; b++) {
                if (view.process(b) instanceof PbNode backup && backup.durableSeq() > primary.visibleSeq()) {
                    throw new AssertionError("backup " + b + " durable seq " + backup.durableSeq()
                            + " is ahead of the serving primary's " + primary.visibleSeq());
                }
            }
        }
    }

    @Override
    public void onLivenessPhase(SimulationView view) {
        completedAtLiveness = completed;
    }

    @Override
    public boolean livenessReached(SimulationView view) {
        return completed - completedAtLiveness >= 3L * clients;
    }

    @Override
    public Verdict verdict(SimulationView view) {
        History h = history.build();
        CheckResult r = LinearizabilityChecker.register().check(h);
        String summary = h.operations().size() + " operations: " + r.verdict() + " " + r.explanation();
        return r.isValid() ? Verdict.pass(summary) : Verdict.fail(summary);
    }
}
