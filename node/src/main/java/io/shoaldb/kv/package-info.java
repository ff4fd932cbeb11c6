/**
 * The replicated key-value store: {@link io.shoaldb.kv.KvStateMachine} (get, put, compare-and-set with
 * exactly-once client sessions, snapshot and restore) and {@link io.shoaldb.kv.KvNode}, the node host
 * that glues Raft, the write-ahead log, the network, timers and the client request protocol
 * ({@link io.shoaldb.kv.KvCodec}) together on the runtime ports.
 */
package io.shoaldb.kv;
