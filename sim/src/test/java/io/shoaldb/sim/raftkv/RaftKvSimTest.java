package io.shoaldb.sim.raftkv;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.sim.RunReport;
import io.shoaldb.sim.Simulation;
import io.shoaldb.sim.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Raft KV under the simulator, many seeds per build: 3- and 5-node groups under every fault kind,
 * each run's history checked for linearizability, Raft's invariants checked continuously by the
 * observer, and a liveness phase that demands a leader commit again after the faults heal.
 *
 * <p>Seeds per scenario: {@code -Dshoal.sim.raftSeeds=N} (default below); the first seed with
 * {@code -Dshoal.sim.raftFirstSeed=S}. A longer sweep: see docs/raft.md.
 */
class RaftKvSimTest {

    static final int SEEDS = Integer.getInteger("shoal.sim.raftSeeds", 150);
    static final long FIRST = Long.getLong("shoal.sim.raftFirstSeed", 1);

    static void sweep(String scenario, int seeds) {
        Scenario s = Scenario.load(scenario);
        List<String> failures = new ArrayList<>();
        long crashes = 0;
        for (long seed = FIRST; seed < FIRST + seeds; seed++) {
            RunReport r = new Simulation(s, seed, RaftKvWorkload::new).run();
            crashes += r.faults().getOrDefault("process.crash", 0L);
            if (!r.passed()) {
                failures.add(r.summaryLine() + "\n" + r.failureDetail());
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + seeds + " seeds failed in " + scenario + ":\n"
                + String.join("\n", failures));
        assertTrue(crashes >= seeds / 2, "the scenario must actually crash nodes, saw " + crashes);
    }

    @Test
    void threeNodes() {
        sweep("raft-kv-3", SEEDS);
    }

    @Test
    void fiveNodes() {
        sweep("raft-kv-5", SEEDS);
    }

    @Test
    void threeNodesCrashingOnASlowLossyDisk() {
        sweep("raft-kv-crash", SEEDS);
    }

    @Test
    void threeNodesWithLeaseReads() {
        sweep("raft-kv-lease", (SEEDS + 1) * 2 / 3);
    }
}
