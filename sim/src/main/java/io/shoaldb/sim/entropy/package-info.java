/**
 * Seeded randomness for the simulator: one root seed per run, split into independent streams per
 * concern (each node incarnation, the network, each disk, the nemesis), so a run is a pure function of
 * its (scenario, seed) and one concern's draws never shift another's.
 */
package io.shoaldb.sim.entropy;
