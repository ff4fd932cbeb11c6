/**
 * Fault injection: fault settings read from the scenario, the nemesis that injects episodic faults
 * during the safety phase and heals them for the liveness phase, BUGGIFY-style rare paths, and the
 * counters that say which faults fired.
 */
package io.shoaldb.sim.fault;
