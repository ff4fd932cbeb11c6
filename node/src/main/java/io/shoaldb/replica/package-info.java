/**
 * One member of a Raft group hosting a deterministic state machine over the write-ahead log, on the
 * runtime ports: {@link io.shoaldb.replica.Replica} runs the Ready loop (persist, send, apply, advance),
 * recovers from the WAL (snapshot plus log), snapshots the state machine and compacts the log, and tells
 * each proposer what its entry did when it is applied. The SQL node hosts its engine this way.
 */
package io.shoaldb.replica;
