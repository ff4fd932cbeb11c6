/**
 * The runtime ports: the only way node logic touches time, timers, the network, the disk and
 * randomness. Everything in {@code node/}, {@code txn/} and {@code sql/} is written against these
 * interfaces, so the same Raft, WAL, storage and transaction code runs in the deterministic simulator
 * ({@code sim/}) and in production on Netty and real files ({@code net/}).
 *
 * <p>The execution model is one single-threaded event loop per node. The runtime calls a
 * {@link io.shoaldb.runtime.NodeProcess} only from that loop: message deliveries, timer firings and
 * disk completions are queued events, and each handler runs to completion before the next begins.
 * Node state is therefore owned by exactly one thread and needs no locks.
 */
package io.shoaldb.runtime;
