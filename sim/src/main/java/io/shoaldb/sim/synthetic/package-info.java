/**
 * The synthetic workload: heartbeats and a per-node durable register driven by clients, so the
 * simulator can be run, measured and tested before the real system's workloads exist.
 */
package io.shoaldb.sim.synthetic;
