package io.shoaldb.sim.fault;

import io.shoaldb.sim.scenario.Scenario;

/**
 * Process and clock fault settings of a run ({@code process.*} and {@code clock.*} keys, see
 * docs/simulation.md). Rates are episodes per simulated second across the cluster.
 */
public record ProcessFaults(
        double crashRate,
        long restartMeanNanos,
        int maxDown,
        double crashGroup,
        double wipe,
        double pauseRate,
        long pauseMeanNanos,
        double clockJumpRate,
        long clockJumpMaxNanos,
        long driftPpmMax) {

    public static ProcessFaults from(Scenario s, boolean faultsOn, int nodes) {
        double on = faultsOn ? 1 : 0;
        return new ProcessFaults(
                on * s.ratePerSecond("process.crash", 0),
                s.durationNanos("process.restart_delay", 500_000_000L),
                (int) s.integer("process.max_down", (nodes - 1) / 2, 0, nodes),
                on * s.probability("process.crash_group", 0),
                on * s.probability("process.wipe", 0),
                on * s.ratePerSecond("process.pause", 0),
                s.durationNanos("process.pause_duration", 300_000_000L),
                on * s.ratePerSecond("clock.jump", 0),
                s.durationNanos("clock.jump_max", 30_000_000_000L),
                faultsOn ? s.integer("clock.drift_ppm", 0, 0, 100_000) : 0);
    }
}
