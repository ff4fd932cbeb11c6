package io.shoaldb.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.runtime.NodeFactory;
import io.shoaldb.runtime.NodeProcess;
import io.shoaldb.sim.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationTest {

    @Test
    void syntheticScenarioPassesWithFaultsFiringAndReplaysExactly() {
        Scenario s = Scenario.load("synthetic").with("duration", "10s");
        for (long seed = 1; seed <= 3; seed++) {
            RunReport a = new Simulation(Scenario.load("synthetic").with("duration", "10s"), seed).run();
            RunReport b = new Simulation(Scenario.load("synthetic").with("duration", "10s"), seed).run();
            assertTrue(a.passed(), a.format());
            assertEquals(a.traceHash(), b.traceHash());
            assertEquals(a.events(), b.events());
            assertEquals(a.faults(), b.faults());
            assertFalse(a.faults().isEmpty(), "the scenario injects faults");
            assertTrue(a.livenessStartNanos() == 10_000_000_000L, a.format());
        }
        assertEquals("synthetic", s.name());
    }

    /** A workload whose nodes record what they see, to test crash semantics. */
    static final class Probe implements Workload {
        final List<String> seen = new ArrayList<>();
        final boolean throwInNode;
        final int maxDown;
        int mostDown;

        Probe(WorkloadSetup setup) {
            throwInNode = setup.scenario().bool("workload.throw", false);
            maxDown = (int) setup.scenario().integer("process.max_down", (setup.nodes() - 1) / 2, 0, 64);
        }

        @Override
        public void checkInvariants(SimulationView view) {
            if (view.phase() == Phase.SAFETY && view.nowNanos() > 0) { // at t=0 the first starts are still queued
                int down = (int) view.nodeIds().stream().filter(id -> !view.isUp(id)).count();
                mostDown = Math.max(mostDown, down);
            }
        }

        @Override
        public NodeFactory nodeFactory() {
            return rt -> new NodeProcess() {
                @Override
                public void start() {
                    seen.add("start n" + rt.nodeId());
                    rt.scheduler().schedule(100_000_000L, () -> {
                        seen.add("timer n" + rt.nodeId());
                        if (throwInNode) {
                            throw new IllegalStateException("boom");
                        }
                    });
                }

                @Override
                public void onMessage(int from, byte[] payload) {
                }
            };
        }

        @Override
        public NodeFactory clientFactory() {
            return nodeFactory();
        }

        @Override
        public boolean livenessReached(SimulationView view) {
            return view.nowNanos() >= view.livenessStartNanos() + 200_000_000L;
        }

        @Override
        public Verdict verdict(SimulationView view) {
            return Verdict.pass(seen.size() + " things seen");
        }
    }

    @Test
    void correlatedCrashesAndWipedDisksFire() {
        Scenario s = Scenario.parse("probe", "nodes: 5\nclients: 0\nduration: 5s\nprocess.crash: 5\n"
                + "process.crash_group: 50%\nprocess.wipe: 50%\nprocess.max_down: 2\n");
        RunReport r = new Simulation(s, 4, Probe::new).run();
        assertTrue(r.passed(), r.format());
        assertTrue(r.faults().getOrDefault("process.crash_group", 0L) > 0, r.format());
        assertTrue(r.faults().getOrDefault("process.wipe", 0L) > 0, r.format());
    }

    @Test
    void anExceptionInANodeFailsTheRunNamingNodeAndEvent() {
        Scenario s = Scenario.parse("probe", "nodes: 2\nclients: 0\nduration: 1s\nfaults: off\nworkload.throw: on\n");
        RunReport r = new Simulation(s, 1, Probe::new).run();
        assertFalse(r.passed());
        assertTrue(r.verdict().summary().startsWith("node 0 TIMER event at t=0.100000000 s: java.lang.IllegalStateException: boom"),
                r.verdict().summary());
        assertTrue(r.failureDetail().contains("IllegalStateException"));
    }

    @Test
    void livenessPhaseFollowsTheSafetyPhase() {
        Scenario s = Scenario.parse("probe", "nodes: 2\nclients: 1\nduration: 1s\nfaults: off\n");
        Simulation sim = new Simulation(s, 1, Probe::new);
        RunReport r = sim.run();
        assertTrue(r.passed(), r.format());
        assertEquals(1_000_000_000L, r.livenessStartNanos());
        assertTrue(r.virtualNanos() >= 1_200_000_000L);
        Probe p = (Probe) sim.workload();
        assertEquals(List.of("start n0", "start n1", "start n2", "timer n0", "timer n1", "timer n2"), p.seen);
    }

    @Test
    void crashesDropPendingTimersOfTheDeadIncarnation() {
        // Crash constantly with long timers: a timer of a crashed incarnation must never fire.
        Scenario s = Scenario.parse("probe", "nodes: 4\nclients: 0\nduration: 5s\nprocess.crash: 20\n"
                + "process.restart_delay: 100ms\nprocess.max_down: 2\n");
        Simulation sim = new Simulation(s, 9, Probe::new);
        RunReport r = sim.run();
        assertTrue(r.passed(), r.format());
        Probe p = (Probe) sim.workload();
        long starts = p.seen.stream().filter(x -> x.startsWith("start")).count();
        long timers = p.seen.stream().filter(x -> x.startsWith("timer")).count();
        assertTrue(r.faults().getOrDefault("process.crash", 0L) > 10, r.format());
        assertTrue(timers < starts, "timers of crashed incarnations fired: " + timers + " of " + starts);
        assertTrue(r.stats().getOrDefault("events.dropped_dead_incarnation", 0L) > 0, r.format());
        assertEquals(2, p.mostDown, "process.max_down bounds the nodes down at once (and is reached)");
    }
}
