package io.shoaldb.sim;

import io.shoaldb.sim.entropy.Prng;
import io.shoaldb.sim.scenario.Scenario;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What a workload is created from: the scenario (whose {@code workload.*} keys belong to the
 * workload: read them with the scenario's typed getters, unread keys are errors), the cluster shape
 * and the seed.
 *
 * @param scenario the parsed scenario
 * @param nodes    number of nodes, ids 0 to nodes-1
 * @param clients  number of clients, ids nodes to nodes+clients-1
 * @param seed     the run's seed; use {@link #prng(long)} for the workload's own randomness
 */
public record WorkloadSetup(Scenario scenario, int nodes, int clients, long seed) {

    /** Stream label range reserved for workloads in {@link Prng#derive}. */
    public static final long WORKLOAD_STREAM = 1_000;

    public List<Integer> nodeIds() {
        return IntStream.range(0, nodes).boxed().toList();
    }

    public List<Integer> clientIds() {
        return IntStream.range(nodes, nodes + clients).boxed().toList();
    }

    /** A deterministic random stream of the workload's own, independent of the simulator's streams. */
    public Prng prng(long label) {
        return Prng.derive(seed, WORKLOAD_STREAM, label);
    }
}
