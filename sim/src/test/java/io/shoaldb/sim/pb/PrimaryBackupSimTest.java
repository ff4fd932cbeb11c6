package io.shoaldb.sim.pb;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.sim.RunReport;
import io.shoaldb.sim.Simulation;
import io.shoaldb.sim.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proves the harness on a protocol of its own: the correct primary-backup register passes many seeds
 * under crashes, partitions, loss and disk faults with its history judged linearizable, and the
 * broken variant (acknowledging before durability) is caught within a bounded number of seeds.
 */
class PrimaryBackupSimTest {

    static final String SCENARIO = """
            name: primary-backup
            nodes: 3
            clients: 2
            duration: 6s
            liveness: 20s
            check_every: 16
            net.latency: 200us..5ms
            net.loss: 2%
            net.duplicate: 1%
            net.reorder: 5%
            net.corrupt: 0.5%
            net.partition: 0.3
            net.slow_node: 0.1
            net.swizzle: 0.1
            net.link_capacity: 16
            disk.latency: 20us..2ms
            disk.write_error: 0.5%
            disk.fsync_error: 0.5%
            disk.read_error: 0.5%
            disk.unsynced_loss: 60%
            disk.torn_write: 50%
            disk.full: 0.05
            process.crash: 1
            process.restart_delay: 300ms
            process.max_down: 1
            process.pause: 0.2
            clock.jump: 0.1
            clock.drift_ppm: 500
            """;

    /** Seeds the correct variant must pass (raise with -Dshoal.sim.pbSeeds for a sweep); the bound the broken variant must be caught within. */
    static final int CORRECT_SEEDS = Integer.getInteger("shoal.sim.pbSeeds", 40);
    static final int CATCH_WITHIN_SEEDS = 60; // about 13% of seeds catch it; seed 9 is the first today

    static RunReport run(long seed, boolean broken) {
        Scenario s = Scenario.parse("primary-backup", SCENARIO).with("workload.broken", broken ? "on" : "off");
        return new Simulation(s, seed, PbWorkload::new).run();
    }

    @Test
    void correctVariantIsLinearizableUnderFaults() {
        List<String> failures = new ArrayList<>();
        long crashes = 0;
        for (long seed = 1; seed <= CORRECT_SEEDS; seed++) {
            RunReport r = run(seed, false);
            crashes += r.faults().getOrDefault("process.crash", 0L);
            if (!r.passed()) {
                failures.add(r.summaryLine() + "\n" + r.failureDetail());
            }
        }
        assertTrue(failures.isEmpty(), "correct variant failed:\n" + String.join("\n", failures));
        assertTrue(crashes >= CORRECT_SEEDS, "the scenario must actually crash nodes, saw " + crashes);
    }

    @Test
    void brokenVariantIsCaughtWithinBoundedSeeds() {
        for (long seed = 1; seed <= CATCH_WITHIN_SEEDS; seed++) {
            RunReport r = run(seed, true);
            if (!r.passed()) {
                assertTrue(r.verdict().summary().contains("INVALID"),
                        "caught, but not by the linearizability checker: " + r.summaryLine());
                return;
            }
        }
        throw new AssertionError("the broken primary-backup register survived " + CATCH_WITHIN_SEEDS + " seeds");
    }
}
