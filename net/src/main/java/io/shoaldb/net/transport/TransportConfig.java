package io.shoaldb.net.transport;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How one process takes part in the cluster network.
 *
 * @param selfId                 the id this process sends as (a node id, or a client id for clients)
 * @param clusterId              frames carrying any other cluster id are refused
 * @param listen                 where to accept connections, or {@code null} for a process that only dials out
 * @param peers                  node id to address, the nodes this process keeps outbound connections to
 * @param maxPayloadBytes        larger incoming frames are skipped and counted
 * @param maxQueuedFrames        per peer: frames waiting for a connection or for a writable socket
 * @param maxQueuedBytes         per peer: payload bytes waiting, the same queue measured in bytes
 * @param reconnectBaseMillis    first reconnect delay; doubles per failed attempt
 * @param reconnectMaxMillis     cap of the reconnect delay
 * @param connectTimeoutMillis   a connect attempt that takes longer fails
 * @param maxInboundConnections  accepted connections beyond this are closed at once
 * @param stallTimeoutMillis     an outbound connection whose socket stays full this long is presumed dead
 *                               (a peer that vanished without a reset) and is closed and redialled
 * @param inboundIdleTimeoutMillis an inbound connection that delivers no complete frame this long is
 *                               closed: a client or peer that vanished without a reset, or one that
 *                               trickles a frame byte by byte, must not hold one of the
 *                               {@code maxInboundConnections} slots forever (a live sender redials)
 */
public record TransportConfig(
        int selfId,
        long clusterId,
        InetSocketAddress listen,
        SortedMap<Integer, InetSocketAddress> peers,
        int maxPayloadBytes,
        int maxQueuedFrames,
        long maxQueuedBytes,
        long reconnectBaseMillis,
        long reconnectMaxMillis,
        int connectTimeoutMillis,
        int maxInboundConnections,
        long stallTimeoutMillis,
        long inboundIdleTimeoutMillis) {

    public static final int DEFAULT_MAX_QUEUED_FRAMES = 16_384;
    public static final long DEFAULT_MAX_QUEUED_BYTES = 64L * 1024 * 1024;
    /**
     * Two minutes: far above any gap between frames on a used link (a leader's heartbeats every 20 ms,
     * clients' requests), so only abandoned connections hit it; a follower's link to another follower
     * that carried nothing for that long is closed too, and its sender redials when it next sends.
     */
    public static final long DEFAULT_INBOUND_IDLE_TIMEOUT_MILLIS = 120_000;

    public TransportConfig {
        if (selfId < 0) {
            throw new IllegalArgumentException("selfId must be non-negative: " + selfId);
        }
        peers = new TreeMap<>(peers);
        if (peers.containsKey(selfId)) {
            throw new IllegalArgumentException("peers must not contain this process itself: " + selfId);
        }
        peers.forEach((id, address) -> {
            if (id < 0 || address == null) {
                throw new IllegalArgumentException("bad peer " + id + "=" + address);
            }
        });
        if (maxPayloadBytes <= 0 || maxQueuedFrames <= 0 || maxQueuedBytes <= 0 || reconnectBaseMillis <= 0
                || reconnectMaxMillis < reconnectBaseMillis || connectTimeoutMillis <= 0 || maxInboundConnections <= 0 || stallTimeoutMillis <= 0
                || inboundIdleTimeoutMillis <= 0) {
            throw new IllegalArgumentException("transport limits must be positive (and reconnect max >= base)");
        }
    }

    /** A configuration with the default limits. */
    public static TransportConfig of(int selfId, long clusterId, InetSocketAddress listen, Map<Integer, InetSocketAddress> peers) {
        return new TransportConfig(selfId, clusterId, listen, new TreeMap<>(peers),
                io.shoaldb.runtime.Network.MAX_MESSAGE_BYTES, DEFAULT_MAX_QUEUED_FRAMES, DEFAULT_MAX_QUEUED_BYTES,
                25, 1_000, 1_000, 1_024, 5_000, DEFAULT_INBOUND_IDLE_TIMEOUT_MILLIS);
    }

    public TransportConfig withReconnect(long baseMillis, long maxMillis) {
        return new TransportConfig(selfId, clusterId, listen, peers, maxPayloadBytes, maxQueuedFrames, maxQueuedBytes,
                baseMillis, maxMillis, connectTimeoutMillis, maxInboundConnections, stallTimeoutMillis, inboundIdleTimeoutMillis);
    }

    public TransportConfig withQueueLimits(int frames, long bytes) {
        return new TransportConfig(selfId, clusterId, listen, peers, maxPayloadBytes, frames, bytes,
                reconnectBaseMillis, reconnectMaxMillis, connectTimeoutMillis, maxInboundConnections, stallTimeoutMillis, inboundIdleTimeoutMillis);
    }

    public TransportConfig withStallTimeout(long millis) {
        return new TransportConfig(selfId, clusterId, listen, peers, maxPayloadBytes, maxQueuedFrames, maxQueuedBytes,
                reconnectBaseMillis, reconnectMaxMillis, connectTimeoutMillis, maxInboundConnections, millis, inboundIdleTimeoutMillis);
    }

    public TransportConfig withMaxPayloadBytes(int bytes) {
        return new TransportConfig(selfId, clusterId, listen, peers, bytes, maxQueuedFrames, maxQueuedBytes,
                reconnectBaseMillis, reconnectMaxMillis, connectTimeoutMillis, maxInboundConnections, stallTimeoutMillis, inboundIdleTimeoutMillis);
    }

    public TransportConfig withInboundIdleTimeout(long millis) {
        return new TransportConfig(selfId, clusterId, listen, peers, maxPayloadBytes, maxQueuedFrames, maxQueuedBytes,
                reconnectBaseMillis, reconnectMaxMillis, connectTimeoutMillis, maxInboundConnections, stallTimeoutMillis, millis);
    }
}
