package io.shoaldb.sim.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.sim.RunReport;
import io.shoaldb.sim.Simulation;
import io.shoaldb.sim.scenario.Scenario;
import org.junit.jupiter.api.Test;

/**
 * The WAL under simulated disk faults and crashes over many seeds: no acknowledged record is ever
 * lost and nothing unwritten is ever returned. More seeds: {@code ./shoal sim --scenario wal --seeds 1..1000}.
 */
class WalSimulationTest {

    static final int SEEDS = Integer.getInteger("shoal.wal.seeds", 100);
    static final long FIRST_SEED = Long.getLong("shoal.wal.first_seed", 1);

    @Test
    void acknowledgedRecordsSurviveEveryDiskFaultAndCrash() {
        sweep("wal", SEEDS);
    }

    @Test
    void rotIsRefusedOrReturnsOnlyWrittenData() {
        sweep("wal-rot", SEEDS / 2);
    }

    @Test
    void aRunIsReproducedByItsSeed() {
        RunReport a = new Simulation(Scenario.load("wal"), 7).run();
        RunReport b = new Simulation(Scenario.load("wal"), 7).run();
        assertEquals(a.traceHash(), b.traceHash());
        assertEquals(a.verdict(), b.verdict());
    }

    private static void sweep(String scenario, int seeds) {
        long crashes = 0;
        for (long seed = FIRST_SEED; seed < FIRST_SEED + seeds; seed++) {
            RunReport r = new Simulation(Scenario.load(scenario), seed).run();
            assertTrue(r.passed(), "seed " + seed + " failed (replay: ./shoal sim --scenario " + scenario + " --seed " + seed
                    + ")\n" + r.format() + r.failureDetail());
            crashes += r.faults().getOrDefault("process.crash", 0L);
        }
        assertTrue(crashes > 0, "the sweep crashed no node: " + crashes);
    }
}
