package io.shoaldb.sim;

import io.shoaldb.runtime.NodeProcess;
import java.util.List;

/** What a workload may observe of a running simulation (read-only, on the simulation's thread). */
public interface SimulationView {

    /** Virtual time in nanoseconds since the run began. */
    long nowNanos();

    Phase phase();

    /** When the liveness phase began, or -1 during the safety phase. */
    long livenessStartNanos();

    /** Ids of the nodes, 0 to nodes-1. */
    List<Integer> nodeIds();

    /** Ids of the clients, which follow the node ids. */
    List<Integer> clientIds();

    boolean isUp(int hostId);

    /** The current incarnation number of a host (1 for the first start). */
    int incarnation(int hostId);

    /**
     * The live process of a host, or null while it is down; invariant checks cast it to the workload's
     * own node type to inspect its state. Never call its handlers.
     */
    NodeProcess process(int hostId);

    /** Events executed so far. */
    long executedEvents();

    /** The run's seed. */
    long seed();
}
