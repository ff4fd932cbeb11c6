package io.shoaldb.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.net.client.NetClient;
import io.shoaldb.net.transport.FreePorts;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetNodeTest {

    @TempDir
    Path tmp;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private NetNode startNode(int id, List<InetSocketAddress> addresses, CompletableFuture<Throwable> failure) throws Exception {
        Map<Integer, InetSocketAddress> peers = new TreeMap<>();
        for (int i = 0; i < addresses.size(); i++) {
            if (i + 1 != id) {
                peers.put(i + 1, addresses.get(i));
            }
        }
        NetNode node = NetNode.start(new NodeConfig(id, addresses.get(id - 1), peers, tmp.resolve("n" + id)),
                CounterNode::new, failure::complete);
        open.add(node);
        return node;
    }

    private NetClient client(List<InetSocketAddress> addresses) {
        Map<Integer, InetSocketAddress> nodes = new TreeMap<>();
        for (int i = 0; i < addresses.size(); i++) {
            nodes.put(i + 1, addresses.get(i));
        }
        NetClient client = new NetClient(NodeConfig.clusterId(NodeConfig.DEFAULT_CLUSTER), NetClient.randomClientId(), nodes);
        open.add(client);
        return client;
    }

    /** Sends {@code text} until a reply other than "busy" arrives; returns it. */
    static String ask(NetClient client, int node, String text) throws InterruptedException {
        return ask(client, node, text, answer -> true);
    }

    /**
     * Sends {@code text} to {@code node} until it answers with a reply that {@code accept}s (stale replies
     * to earlier retries and "busy" are skipped); fails after 15 s.
     */
    static String ask(NetClient client, int node, String text, java.util.function.Predicate<String> accept)
            throws InterruptedException {
        while (client.receive(0, TimeUnit.MILLISECONDS) != null) {
            // Drop replies nobody waits for any more.
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            client.send(node, text.getBytes(StandardCharsets.UTF_8));
            long retryAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            NetClient.Reply reply;
            while ((reply = client.receive(Math.max(0, retryAt - System.nanoTime()), TimeUnit.NANOSECONDS)) != null) {
                String answer = new String(reply.payload(), StandardCharsets.UTF_8);
                if (reply.from() == node && !answer.equals("busy") && accept.test(answer)) {
                    return answer;
                }
                if (answer.equals("busy")) {
                    Thread.sleep(50);
                    break;
                }
            }
        }
        throw new AssertionError("no answer to '" + text + "' from node " + node);
    }

    @Test
    void threeNodesRelayCountDurablyAndRunLogicOnTheirOwnLoop() throws Exception {
        List<InetSocketAddress> addresses = FreePorts.loopback(3);
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        for (int id = 1; id <= 3; id++) {
            startNode(id, addresses, failure);
        }
        NetClient client = client(addresses);
        assertEquals("shoal-node-2", ask(client, 2, "thread"));
        assertEquals("relayed 3 hello", ask(client, 1, "relay 3 hello"));
        assertEquals("relayed 1 back", ask(client, 2, "relay 1 back"));
        assertEquals("value 1", ask(client, 1, "inc"));
        assertEquals("value 2", ask(client, 1, "inc"));
        assertArrayEqualsBytes(new byte[] {1, 1}, Files.readAllBytes(tmp.resolve("n1").resolve("disk").resolve("counter")));
        assertFalse(failure.isDone());
    }

    @Test
    void aClientHandsOverBatchesOfRequestsAndTakesBatchesOfReplies() throws Exception {
        List<InetSocketAddress> addresses = FreePorts.loopback(1);
        startNode(1, addresses, new CompletableFuture<>());
        NetClient client = client(addresses);
        assertEquals("value 0", ask(client, 1, "get"));
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batch.add("get".getBytes(StandardCharsets.UTF_8));
        }
        client.sendAll(1, batch);
        List<NetClient.Reply> replies = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (replies.size() < 100 && System.nanoTime() < deadline) {
            int before = replies.size();
            int moved = client.receiveAll(100, TimeUnit.MILLISECONDS, replies, 30);
            assertEquals(replies.size() - before, moved);
            assertTrue(moved <= 30, "at most max replies per call: " + moved);
        }
        assertEquals(100, replies.size());
        for (NetClient.Reply r : replies) {
            assertEquals(1, r.from());
            assertEquals("value 0", new String(r.payload(), StandardCharsets.UTF_8));
        }
        assertEquals(0, client.receiveAll(10, TimeUnit.MILLISECONDS, replies, 30), "nothing left to take");
        assertThrows(IllegalArgumentException.class, () -> client.receiveAll(1, TimeUnit.MILLISECONDS, replies, 0));
    }

    @Test
    void aRestartedNodeRecoversItsDiskAndItsPeersReconnect() throws Exception {
        List<InetSocketAddress> addresses = FreePorts.loopback(2);
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        NetNode one = startNode(1, addresses, failure);
        startNode(2, addresses, failure);
        NetClient client = client(addresses);
        for (int i = 1; i <= 5; i++) {
            assertEquals("value " + i, ask(client, 1, "inc"));
        }
        one.close();
        open.remove(one);
        startNode(1, addresses, failure);
        assertEquals("value 5", ask(client, 1, "get"));
        assertEquals("relayed 1 again", ask(client, 2, "relay 1 again"));
    }

    @Test
    void anExceptionInNodeLogicStopsTheNodeAndTellsTheOwner() throws Exception {
        List<InetSocketAddress> addresses = FreePorts.loopback(1);
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        NetNode node = startNode(1, addresses, failure);
        NetClient client = client(addresses);
        assertEquals("value 0", ask(client, 1, "get"));
        client.send(1, "boom".getBytes(StandardCharsets.UTF_8));
        Throwable cause = failure.get(10, TimeUnit.SECONDS);
        assertNotNull(cause);
        assertTrue(cause.getMessage().contains("boom"));
        assertFalse(node.isRunning());
    }

    @Test
    void aSecondNodeOnTheSameDataDirectoryIsRefused() throws Exception {
        List<InetSocketAddress> addresses = FreePorts.loopback(2);
        startNode(1, addresses, new CompletableFuture<>());
        DataDirectoryException e = assertThrows(DataDirectoryException.class, () -> NetNode.start(
                new NodeConfig(1, addresses.get(1), Map.of(), tmp.resolve("n1")), CounterNode::new, t -> { }));
        assertTrue(e.getMessage().contains("in use"), e.getMessage());
    }

    @Test
    void aBusyListenAddressIsAClearError() throws Exception {
        List<InetSocketAddress> addresses = FreePorts.loopback(1);
        startNode(1, addresses, new CompletableFuture<>());
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class, () -> NetNode.start(
                new NodeConfig(2, addresses.get(0), Map.of(), tmp.resolve("n2")), CounterNode::new, t -> { }));
        assertTrue(e.getMessage().startsWith("cannot listen on"), e.getMessage());
    }

    private static void assertArrayEqualsBytes(byte[] expected, byte[] actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual);
    }
}
