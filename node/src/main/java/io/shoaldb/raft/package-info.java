/**
 * Raft consensus as a deterministic, pure state machine in the style of etcd/raft. {@link io.shoaldb.raft.Raft}
 * does no I/O, starts no thread and reads no clock: time arrives as {@code tick()}, peers' messages as
 * {@code step(message)}, client work as {@code propose(...)} and {@code readIndex(...)}; the effects come
 * back as one {@link io.shoaldb.raft.Ready} (hard state, entries and snapshot to persist, messages to send,
 * committed entries to apply, confirmed reads) which the host acts on and acknowledges with
 * {@code advance(ready)}. The same code therefore runs in the simulator and in production, and
 * {@link io.shoaldb.raft.RaftCodec} is the strict binary form of its messages on the wire.
 */
package io.shoaldb.raft;
