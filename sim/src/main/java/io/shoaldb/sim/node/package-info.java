/**
 * Simulated hosts: the per-incarnation implementations of the runtime ports (clock, scheduler, trace;
 * the network and disk ports come from their own packages) and the host that creates, crashes,
 * pauses and restarts node and client incarnations.
 */
package io.shoaldb.sim.node;
