/**
 * The write-ahead log: Raft hard state, log entries and snapshots made durable on the asynchronous
 * {@link io.shoaldb.runtime.Disk} port. {@link io.shoaldb.wal.Wal#open} recovers a data directory
 * (truncating a torn tail, refusing to start on corruption, on another cluster's data or on a newer
 * format); {@link io.shoaldb.wal.Wal#save} group-commits a Raft {@code Ready}'s hard state, entries
 * and snapshot and completes only once an fsync has made them durable and a redundant state-slot copy
 * ({@code StateSlots}) records the new end of the log as its durable point, so that recovery refuses
 * damage to an acknowledged record instead of cutting it as a torn tail. The on-disk format, the
 * durability rules and the recovery algorithm are described in {@code docs/wal.md}.
 */
package io.shoaldb.wal;
