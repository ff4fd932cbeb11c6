package io.shoaldb.cli;

import io.shoaldb.cli.Addresses.Peer;
import io.shoaldb.net.DataDirectoryException;
import io.shoaldb.net.NetNode;
import io.shoaldb.net.NodeConfig;
import io.shoaldb.kv.KvNode;
import io.shoaldb.kv.KvNodeConfig;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code shoal kv-node}: starts one node of a replicated key-value group and serves until killed (the Raft
 * and WAL layers on the production runtime, without SQL; {@code shoal run} serves SQL).
 */
@Command(
        name = "kv-node",
        mixinStandardHelpOptions = true,
        description = {
            "Starts a member of a replicated key-value group (Raft + WAL, no SQL; for SQL use 'shoal run').",
            "Example (one of three): shoal kv-node --node-id 1 --data-dir /tmp/shoal/1 --listen 127.0.0.1:7001 "
                    + "--peer 1=127.0.0.1:7001 --peer 2=127.0.0.1:7002 --peer 3=127.0.0.1:7003",
            "Exit status: 64 bad flags, 65 unusable data directory, 69 cannot listen, 70 node failure."
        })
public final class KvNodeCommand implements Callable<Integer> {

    static final int EXIT_USAGE = 64;
    static final int EXIT_DATA_DIRECTORY = 65;
    static final int EXIT_UNAVAILABLE = 69;
    static final int EXIT_NODE_FAILED = 70;
    private static final long WATCH_INTERVAL_MILLIS = 200;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--node-id", required = true, paramLabel = "N", description = "This node's id, 0 .. 2^30-1, stable across restarts.")
    int nodeId;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "The node's data directory (created on first start).")
    Path dataDir;

    @Option(names = "--listen", required = true, paramLabel = "HOST:PORT", converter = Addresses.HostPortConverter.class,
            description = "Where to accept connections from peers and clients.")
    InetSocketAddress listen;

    @Option(names = "--peer", paramLabel = "ID=HOST:PORT", converter = Addresses.PeerConverter.class,
            description = "A member of the group; repeat for each. This node may be listed too.")
    List<Peer> peers = new ArrayList<>();

    @Option(names = "--cluster", paramLabel = "NAME", defaultValue = NodeConfig.DEFAULT_CLUSTER,
            description = "The cluster's name; members and clients must agree (default: ${DEFAULT-VALUE}).")
    String cluster;

    @Override
    public Integer call() throws InterruptedException {
        NodeConfig config = config();
        PrintWriter err = spec.commandLine().getErr();
        CountDownLatch crashed = new CountDownLatch(1);
        AtomicReference<Throwable> crash = new AtomicReference<>();
        AtomicReference<KvNode> kvNode = new AtomicReference<>();
        KvNodeConfig kvConfig = KvNodeConfig.defaults(config.clusterName(), config.members());
        NetNode node;
        try {
            node = NetNode.start(config, runtime -> {
                KvNode kv = new KvNode(runtime, kvConfig);
                kvNode.set(kv);
                return kv;
            }, cause -> {
                crash.set(cause);
                crashed.countDown();
            });
        } catch (DataDirectoryException e) {
            err.println("shoal kv-node: " + e.getMessage());
            return EXIT_DATA_DIRECTORY;
        } catch (UncheckedIOException e) {
            err.println("shoal kv-node: " + e.getMessage());
            return EXIT_UNAVAILABLE;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "shoal-shutdown"));
        // The KV node reports a refused data directory or a failed disk as a state, not a throw: watch it.
        boolean serving = false;
        while (!crashed.await(WATCH_INTERVAL_MILLIS, TimeUnit.MILLISECONDS)) {
            NodeStatus status;
            try {
                status = node.onLoop(() -> new NodeStatus(kvNode.get().isRunning(), kvNode.get().failure()));
            } catch (IllegalStateException | java.util.concurrent.RejectedExecutionException e) {
                continue; // the node is stopping after a crash; the latch tells
            }
            if (status.failure() != null) {
                err.println("shoal kv-node: node " + nodeId + (serving ? " stopped: " : " refuses to start: ") + status.failure());
                err.flush();
                node.close();
                return serving ? EXIT_NODE_FAILED : EXIT_DATA_DIRECTORY;
            }
            if (status.running() && !serving) {
                serving = true;
                err.println("shoal kv-node: node " + nodeId + " serving on " + node.listenAddress() + ", members " + config.members());
                err.flush();
            }
        }
        err.println("shoal kv-node: node " + nodeId + " stopped after a failure: " + crash.get());
        return EXIT_NODE_FAILED;
    }

    private record NodeStatus(boolean running, String failure) {
    }

    /** Checks what picocli cannot check flag by flag; a violation is a usage error (exit 64). */
    NodeConfig config() {
        try {
            Addresses.checkNodeId(nodeId, "--node-id " + nodeId);
            SortedMap<Integer, InetSocketAddress> members = Addresses.byId(peers);
            members.remove(nodeId);
            if (cluster.isBlank()) {
                throw new CommandLine.TypeConversionException("--cluster must not be empty");
            }
            return new NodeConfig(nodeId, cluster, listen, members, dataDir);
        } catch (CommandLine.TypeConversionException | IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
