package io.shoaldb.sim.net;

import io.shoaldb.sim.scenario.Scenario;

/**
 * Network fault settings of a run, read from the scenario ({@code net.*} keys, see
 * docs/simulation.md). Probabilities apply per message; rates are episodes per simulated second.
 */
public record NetFaults(
        long latencyMinNanos,
        long latencyMaxNanos,
        double loss,
        double duplicate,
        double reorder,
        long reorderDelayNanos,
        double corrupt,
        double partitionRate,
        double partitionOneWay,
        long partitionMeanNanos,
        double slowNodeRate,
        int slowFactor,
        long slowMeanNanos,
        int linkCapacity,
        double swizzleRate,
        long swizzleNanos) {

    public static NetFaults from(Scenario s, boolean faultsOn) {
        long[] latency = s.durationRangeNanos("net.latency", 1_000_000L, 5_000_000L);
        double on = faultsOn ? 1 : 0;
        return new NetFaults(
                latency[0],
                latency[1],
                on * s.probability("net.loss", 0),
                on * s.probability("net.duplicate", 0),
                on * s.probability("net.reorder", 0),
                s.durationNanos("net.reorder_delay", 20_000_000L),
                on * s.probability("net.corrupt", 0),
                on * s.ratePerSecond("net.partition", 0),
                s.probability("net.partition_oneway", 0.3),
                s.durationNanos("net.partition_duration", 2_000_000_000L),
                on * s.ratePerSecond("net.slow_node", 0),
                (int) s.integer("net.slow_factor", 20, 1, 10_000),
                s.durationNanos("net.slow_duration", 2_000_000_000L),
                faultsOn ? (int) s.integer("net.link_capacity", 0, 0, 1_000_000) : 0,
                on * s.ratePerSecond("net.swizzle", 0),
                s.durationNanos("net.swizzle_duration", 4_000_000_000L));
    }

    /** The settings once faults heal: latencies stay, every per-message fault stops. */
    public NetFaults healed() {
        return new NetFaults(latencyMinNanos, latencyMaxNanos, 0, 0, 0, reorderDelayNanos, 0, 0,
                partitionOneWay, partitionMeanNanos, 0, slowFactor, slowMeanNanos, 0, 0, swizzleNanos);
    }
}
