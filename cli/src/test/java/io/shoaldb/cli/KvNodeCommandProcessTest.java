package io.shoaldb.cli;

import io.shoaldb.net.NodeProcesses;
import io.shoaldb.net.transport.FreePorts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.kv.KvResult;
import io.shoaldb.net.client.KvClient;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replicated key-value group as users run it: three {@code shoal kv-node} processes on loopback. Writes
 * are acknowledged; the leader is killed with SIGKILL; a new leader is elected and no acknowledged
 * write is lost; the killed node restarts, recovers from its WAL and catches up, which the group proves
 * by committing with it after the second leader is killed too.
 */
class KvNodeCommandProcessTest {

    private static final Duration REQUEST_DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private final Map<Integer, InetSocketAddress> nodes = new TreeMap<>();
    private final Map<String, String> acknowledged = new LinkedHashMap<>();

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void leaderKillLosesNoAcknowledgedWriteAndTheRestartedNodeCatchesUp() throws Exception {
        List<InetSocketAddress> addresses = FreePorts.loopback(3);
        for (int id = 1; id <= 3; id++) {
            nodes.put(id, addresses.get(id - 1));
        }
        try (NodeProcesses processes = new NodeProcesses(tmp); KvClient client = new KvClient("shoal", nodes)) {
            for (int id = 1; id <= 3; id++) {
                start(processes, id);
            }
            writeKeys(client, 0, 50);
            int firstLeader = client.lastLeader();

            processes.kill(firstLeader);
            writeKeys(client, 50, 100);
            int secondLeader = client.lastLeader();
            assertNotEquals(firstLeader, secondLeader, "a killed node cannot have answered");
            readBackEverything(client);

            Path log = start(processes, firstLeader);
            long recoveredIndex = recoveredLastIndex(log);
            assertTrue(recoveredIndex >= 50, "the restarted node should recover its log from the WAL, got last=" + recoveredIndex);
            writeKeys(client, 100, 120);

            // With the second leader gone, nothing commits unless the restarted node has caught up.
            processes.kill(secondLeader);
            writeKeys(client, 120, 150);
            assertNotEquals(secondLeader, client.lastLeader());
            readBackEverything(client);
        }
    }

    private Path start(NodeProcesses processes, int id) throws Exception {
        List<String> args = new ArrayList<>(List.of("kv-node", "--node-id", String.valueOf(id),
                "--data-dir", tmp.resolve("data" + id).toString(), "--listen", hostPort(nodes.get(id))));
        nodes.forEach((peer, address) -> args.addAll(List.of("--peer", peer + "=" + hostPort(address))));
        Path log = processes.start(id, ShoalCli.class.getName(), args);
        NodeProcesses.awaitLog(log, "serving on", 30_000);
        return log;
    }

    private void writeKeys(KvClient client, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            String key = "k" + i;
            String value = "v" + i + "-" + System.nanoTime();
            KvResult result = client.put(key, value.getBytes(StandardCharsets.UTF_8), REQUEST_DEADLINE);
            assertInstanceOf(KvResult.Written.class, result);
            acknowledged.put(key, value);
        }
    }

    private void readBackEverything(KvClient client) throws Exception {
        for (Map.Entry<String, String> e : acknowledged.entrySet()) {
            KvResult.Value value = assertInstanceOf(KvResult.Value.class, client.get(e.getKey(), REQUEST_DEADLINE));
            assertEquals(e.getValue(), value.value() == null ? null : new String(value.value(), StandardCharsets.UTF_8),
                    "acknowledged write of " + e.getKey() + " lost");
        }
    }

    private static long recoveredLastIndex(Path log) throws Exception {
        Matcher m = Pattern.compile("recovered term=\\d+ last=(\\d+)").matcher(Files.readString(log));
        assertTrue(m.find(), "no recovery line in " + log);
        return Long.parseLong(m.group(1));
    }

    private static String hostPort(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}
