package io.shoaldb.net;

import io.shoaldb.net.transport.TransportConfig;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything a production node needs to start.
 *
 * @param nodeId      this node's id
 * @param clusterName the cluster's name; its hash is the cluster id every frame carries
 * @param listen      where this node accepts connections from peers and clients
 * @param peers       the other members: node id to address (this node itself excluded)
 * @param dataDir     the node's data directory (see {@link DataDirectory})
 */
public record NodeConfig(int nodeId, String clusterName, InetSocketAddress listen, SortedMap<Integer, InetSocketAddress> peers,
        Path dataDir) {

    public static final String DEFAULT_CLUSTER = "shoal";

    public NodeConfig {
        if (nodeId < 0) {
            throw new IllegalArgumentException("node id must be non-negative: " + nodeId);
        }
        if (clusterName == null || clusterName.isBlank()) {
            throw new IllegalArgumentException("cluster name must not be empty");
        }
        peers = new TreeMap<>(peers);
        if (peers.containsKey(nodeId)) {
            throw new IllegalArgumentException("peers must not contain the node itself (" + nodeId + ")");
        }
    }

    public NodeConfig(int nodeId, InetSocketAddress listen, Map<Integer, InetSocketAddress> peers, Path dataDir) {
        this(nodeId, DEFAULT_CLUSTER, listen, new TreeMap<>(peers), dataDir);
    }

    /** All voting members: the peers and this node, ascending. */
    public SortedSet<Integer> members() {
        SortedSet<Integer> members = new TreeSet<>(peers.keySet());
        members.add(nodeId);
        return members;
    }

    public long clusterId() {
        return clusterId(clusterName);
    }

    public TransportConfig transport() {
        return TransportConfig.of(nodeId, clusterId(), listen, peers);
    }

    /** The first 8 bytes of SHA-256 of the cluster name: names are what people type, ids what frames carry. */
    public static long clusterId(String clusterName) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(clusterName.getBytes(StandardCharsets.UTF_8));
            long id = 0;
            for (int i = 0; i < 8; i++) {
                id = (id << 8) | (digest[i] & 0xff);
            }
            return id;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
