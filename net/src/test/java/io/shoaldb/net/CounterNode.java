package io.shoaldb.net;

import io.shoaldb.runtime.IoResult;
import io.shoaldb.runtime.NodeProcess;
import io.shoaldb.runtime.NodeRuntime;
import java.nio.charset.StandardCharsets;

/**
 * A small node for testing the production runtime without Raft: a durable counter (one byte appended
 * to the file "counter" per increment, acknowledged only after the fsync) and a relay that proves the
 * node-to-node links. Text protocol, one command per message:
 * <ul>
 *   <li>{@code inc} from a client: replies {@code value N} once the N-th increment is durable</li>
 *   <li>{@code get}: replies {@code value N}, the durable count</li>
 *   <li>{@code relay P TEXT}: sends {@code fwd C TEXT} to node P, which answers {@code ack C TEXT}, and
 *       then the client C gets {@code relayed P TEXT}</li>
 *   <li>{@code thread}: replies with the name of the thread handling it</li>
 *   <li>{@code boom}: throws, to test how the runtime stops a failed node</li>
 * </ul>
 */
final class CounterNode implements NodeProcess {

    private final NodeRuntime runtime;
    private long durable = -1;
    private long dropped;

    CounterNode(NodeRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void start() {
        runtime.disk().size("counter", result -> {
            switch (result) {
                case IoResult.Ok<Long> ok -> durable = ok.value();
                case IoResult.Failed<Long> failed -> durable = 0;
            }
            runtime.trace().event("counter recovered value=" + durable);
        });
    }

    @Override
    public void onMessage(int from, byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8);
        String[] words = text.split(" ", 3);
        switch (words[0]) {
            case "inc" -> {
                if (durable < 0) {
                    reply(from, "busy");
                    return;
                }
                runtime.disk().append("counter", new byte[] {1}, appended -> {
                    checkOnNodeLoop();
                    if (appended instanceof IoResult.Ok<Long> ok) {
                        long value = ok.value() + 1;
                        runtime.disk().fsync("counter", synced -> {
                            checkOnNodeLoop();
                            if (synced instanceof IoResult.Ok<Void>) {
                                durable = Math.max(durable, value);
                                reply(from, "value " + value);
                            } else {
                                reply(from, "error " + synced);
                            }
                        });
                    } else {
                        reply(from, "error " + appended);
                    }
                });
            }
            case "get" -> reply(from, durable < 0 ? "busy" : "value " + durable);
            case "relay" -> runtime.network().send(Integer.parseInt(words[1]), utf8("fwd " + from + " " + words[2]));
            case "fwd" -> runtime.network().send(from, utf8("ack " + words[1] + " " + words[2]));
            case "ack" -> reply(Integer.parseInt(words[1]), "relayed " + from + " " + words[2]);
            case "thread" -> reply(from, Thread.currentThread().getName());
            case "boom" -> throw new IllegalStateException("boom requested by " + from);
            default -> dropped++;
        }
    }

    /** Disk completions must arrive on the node's own loop; a failure here stops the node, which tests notice. */
    private static void checkOnNodeLoop() {
        if (!Thread.currentThread().getName().startsWith("shoal-node-")) {
            throw new IllegalStateException("disk completion on thread " + Thread.currentThread().getName());
        }
    }

    private void reply(int to, String text) {
        runtime.network().send(to, utf8(text));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Starts one counter node from the command line: NODE-ID DATA-DIR LISTEN [ID=HOST:PORT ...]. */
    public static void main(String[] args) throws Exception {
        int nodeId = Integer.parseInt(args[0]);
        java.util.Map<Integer, java.net.InetSocketAddress> peers = new java.util.TreeMap<>();
        for (int i = 3; i < args.length; i++) {
            String[] kv = args[i].split("=");
            peers.put(Integer.parseInt(kv[0]), address(kv[1]));
        }
        NodeConfig config = new NodeConfig(nodeId, address(args[2]), peers, java.nio.file.Path.of(args[1]));
        NetNode.start(config, CounterNode::new, failure -> System.exit(70));
        System.err.println("READY node=" + nodeId);
    }

    private static java.net.InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new java.net.InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
