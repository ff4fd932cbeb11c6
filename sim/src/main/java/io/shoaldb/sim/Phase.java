package io.shoaldb.sim;

/** The two phases of every run. */
public enum Phase {
    /** Faults are injected at the scenario's rates for the scenario's duration. */
    SAFETY,
    /** Faults have healed and every node runs; the workload must show progress within the bound. */
    LIVENESS
}
