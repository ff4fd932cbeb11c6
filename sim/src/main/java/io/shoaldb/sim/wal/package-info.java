/**
 * The write-ahead log under simulated disk faults: every node drives its own {@link io.shoaldb.wal.Wal}
 * with a stream of Raft-like saves (appends, suffix overwrites, hard-state changes, snapshots), and
 * every recovery is checked against the record of what was acknowledged.
 */
package io.shoaldb.sim.wal;
