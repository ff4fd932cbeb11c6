/**
 * The deterministic simulator: a whole cluster of ShoalDB nodes and clients on one thread in virtual
 * time, with faults injected from a seeded random stream. A run is defined by (scenario, seed) alone
 * and reports a rolling trace hash, so any failure replays exactly. {@link io.shoaldb.sim.Simulation}
 * runs a {@link io.shoaldb.sim.Workload}; see docs/simulation.md.
 */
package io.shoaldb.sim;
