/**
 * The replicated key-value store ({@link io.shoaldb.kv.KvNode} on Raft and the WAL) as a simulator
 * workload: concurrent clients with retries and exactly-once sessions, a Raft invariant observer that
 * inspects every node continuously, and a linearizability verdict over the whole history.
 */
package io.shoaldb.sim.raftkv;
