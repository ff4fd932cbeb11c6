package io.shoaldb.net;

import static io.shoaldb.net.NetNodeTest.ask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.net.client.NetClient;
import io.shoaldb.net.transport.FreePorts;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production runtime in real processes, before Raft: three JVMs running {@link CounterNode}; a node
 * killed with SIGKILL keeps every acknowledged (fsynced) increment, and its peers reconnect to it.
 */
class CounterProcessTest {

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void killedNodeKeepsAcknowledgedWritesAndPeersReconnect() throws Exception {
        List<InetSocketAddress> addresses = FreePorts.loopback(3);
        Map<Integer, InetSocketAddress> nodes = new TreeMap<>();
        for (int id = 1; id <= 3; id++) {
            nodes.put(id, addresses.get(id - 1));
        }
        try (NodeProcesses processes = new NodeProcesses(tmp);
                NetClient client = new NetClient(NodeConfig.clusterId(NodeConfig.DEFAULT_CLUSTER), NetClient.randomClientId(), nodes)) {
            for (int id = 1; id <= 3; id++) {
                start(processes, id, nodes);
            }
            relay(client, 1, 2, "a");
            relay(client, 2, 3, "b");
            relay(client, 3, 1, "c");
            long acknowledged = 0;
            for (int i = 1; i <= 20; i++) {
                long value = value(ask(client, 1, "inc", answer -> answer.startsWith("value ")));
                assertTrue(value > acknowledged, "increments are acknowledged in order");
                acknowledged = value;
            }

            processes.kill(1);
            start(processes, 1, nodes);

            long recovered = value(ask(client, 1, "get", answer -> answer.startsWith("value ")));
            assertTrue(recovered >= acknowledged, "lost acknowledged increments: " + recovered + " < " + acknowledged);
            relay(client, 2, 1, "d");
            assertTrue(value(ask(client, 1, "inc", answer -> answer.startsWith("value "))) > recovered);
        }
    }

    private static void relay(NetClient client, int via, int to, String text) throws InterruptedException {
        String expected = "relayed " + to + " " + text;
        assertEquals(expected, ask(client, via, "relay " + to + " " + text, expected::equals));
    }

    private static long value(String answer) {
        return Long.parseLong(answer.substring("value ".length()));
    }

    private void start(NodeProcesses processes, int id, Map<Integer, InetSocketAddress> nodes) throws Exception {
        List<String> args = new ArrayList<>(List.of(String.valueOf(id), tmp.resolve("data" + id).toString(), hostPort(nodes.get(id))));
        nodes.forEach((peer, address) -> {
            if (peer != id) {
                args.add(peer + "=" + hostPort(address));
            }
        });
        Path log = processes.start(id, CounterNode.class.getName(), args);
        NodeProcesses.awaitLog(log, "READY node=" + id, 20_000);
    }

    private static String hostPort(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}
