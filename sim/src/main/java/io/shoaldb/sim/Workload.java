package io.shoaldb.sim;

import io.shoaldb.runtime.NodeFactory;

/**
 * A system under test plus the way it is driven and judged, plugged into {@link Simulation}.
 *
 * <p>The simulator creates node incarnations with {@link #nodeFactory()} (at start and after every
 * restart) and client incarnations with {@link #clientFactory()} (clients never crash). Clients are
 * ordinary {@code NodeProcess}es with their own ids: they reach nodes through the simulated network,
 * so network faults hit them too, and they record the history the workload judges at the end. The
 * workload object itself lives for the whole run and may hold that shared history (everything runs
 * on one thread).
 *
 * <p>Lifecycle of a run: factories are called as hosts start; {@link #checkInvariants} runs every
 * {@code check_every} events; when the safety phase ends {@link #onLivenessPhase} is called and
 * {@link #livenessReached} is asked after every event until it holds or the liveness bound passes;
 * finally {@link #verdict} judges the run.
 */
public interface Workload {

    /** Makes node incarnations; the node id is in the runtime handed to the factory. */
    NodeFactory nodeFactory();

    /** Makes client incarnations; only called (and then required) when the scenario has clients. */
    default NodeFactory clientFactory() {
        return null;
    }

    /**
     * Checks cross-node invariants (e.g. at most one leader per term); throws {@link AssertionError}
     * naming what broke. Keep it cheap or raise {@code check_every} in the scenario.
     */
    default void checkInvariants(SimulationView view) {
    }

    /** Faults have healed; remember where progress is measured from. */
    default void onLivenessPhase(SimulationView view) {
    }

    /** Whether the liveness phase has seen the progress it demands (checked after every event). */
    boolean livenessReached(SimulationView view);

    /** Judges the run at its end, e.g. checks the recorded history for linearizability. */
    Verdict verdict(SimulationView view);
}
