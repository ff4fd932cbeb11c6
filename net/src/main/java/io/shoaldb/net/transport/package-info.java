/**
 * The inter-node transport: length-prefixed frames with a CRC32C, a cluster id and the sender's id
 * ({@link io.shoaldb.net.transport.Frame}), judged by {@link io.shoaldb.net.transport.FrameDecoder}, sent
 * and received by {@link io.shoaldb.net.transport.NettyTransport}, which implements the
 * {@link io.shoaldb.runtime.Network} port with reconnecting, bounded per-peer links.
 */
package io.shoaldb.net.transport;
