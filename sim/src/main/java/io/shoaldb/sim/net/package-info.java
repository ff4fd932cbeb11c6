/**
 * The simulated network: message delivery between nodes and clients as events in virtual time, with
 * the network faults of the fault catalogue (latency, loss, duplication, reordering, corruption caught
 * by checksum, partitions, slow hosts).
 */
package io.shoaldb.sim.net;
