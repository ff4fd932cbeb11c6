package io.shoaldb.bench.net;

import io.shoaldb.kv.KvCodec;
import io.shoaldb.kv.KvCodec.KvRequest;
import io.shoaldb.kv.KvCodec.KvResponse;
import io.shoaldb.kv.KvOp;
import io.shoaldb.net.NodeConfig;
import io.shoaldb.net.client.KvClient;
import io.shoaldb.net.client.NetClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Committed writes of a 3-node key-value group: three {@code shoal kv-node} processes on loopback with
 * fsync on, loaded from this process over the node transport.
 *
 * <ol>
 *   <li>Saturation: {@code clients} closed-loop sessions, each with one put outstanding; committed
 *       writes per second over {@code seconds}.</li>
 *   <li>Half load: puts offered open-loop at half the saturation rate, first for 3 s unmeasured (the
 *       nodes settle after the overload), then for {@code seconds} with latency measured from each
 *       request's intended start (no coordinated omission), reported as p50/p99/p99.9/max.</li>
 * </ol>
 *
 * <pre>bench/run io.shoaldb.bench.net.KvGroupBench [clients=256] [seconds=10] [value-bytes=100] [rate=0]</pre>
 * {@code rate} fixes the open-loop phase's puts/s (0: half the measured saturation). Node JVM options
 * come from {@code BENCH_NODE_JAVA_OPTS}; each node prints its latency breakdown every 2 s
 * ({@code shoal kv-node --stats-interval-ms}, off with {@code BENCH_NODE_STATS=0}) and the reports that
 * fall inside the open-loop phase are printed at the end. Data lives under bench/target/kv-bench/.
 */
public final class KvGroupBench {

    private static final long ATTEMPT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int KEYS = 10_000;
    /** Seconds of unmeasured open-loop load between the saturation phase and the measured half load. */
    private static final int SETTLE_SECONDS = 3;
    /** How often the nodes report their latency breakdown. */
    private static final long STATS_INTERVAL_MILLIS = 2_000;

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int valueBytes = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        // A fixed open-loop rate compares two builds at the same offered load (0: half the saturation).
        double fixedRate = args.length > 3 ? Double.parseDouble(args[3]) : 0;
        Path root = Path.of("bench", "target", "kv-bench", String.valueOf(System.currentTimeMillis()));
        Files.createDirectories(root);
        Map<Integer, InetSocketAddress> nodes = new TreeMap<>();
        for (int id = 1; id <= 3; id++) {
            nodes.put(id, TransportBench.freePort());
        }
        List<Process> processes = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> processes.forEach(Process::destroyForcibly)));
        try {
            for (int id = 1; id <= 3; id++) {
                processes.add(startNode(root, id, nodes));
            }
            try (KvClient probe = new KvClient(NodeConfig.DEFAULT_CLUSTER, nodes)) {
                probe.put("bench-ready", new byte[1], Duration.ofSeconds(60));
            }
            System.out.printf("kv group: 3 shoal kv-node processes on loopback, fsync on, data in %s%n", root);
            Load load = new Load(nodes, clients * 4, valueBytes);
            load.closedLoop(clients, 2); // warm-up
            List<ProcessHandle> nodeHandles = processes.stream().map(Process::toHandle).toList();
            long cpuBefore = cpuNanos(nodeHandles);
            long benchCpuBefore = cpuNanos(List.of(ProcessHandle.current()));
            double saturation = load.closedLoop(clients, seconds);
            long cpuNanos = cpuNanos(nodeHandles) - cpuBefore;
            long benchCpuNanos = cpuNanos(List.of(ProcessHandle.current())) - benchCpuBefore;
            System.out.printf("saturation: %d closed-loop clients, %d-byte puts: %.0f committed writes/s;"
                    + " node CPU (3 processes) %.0f us per write, %.2f cores busy; load generator %.2f cores busy%n",
                    clients, valueBytes, saturation, cpuNanos / 1e3 / (saturation * seconds), cpuNanos / 1e9 / seconds,
                    benchCpuNanos / 1e9 / seconds);
            double rate = fixedRate > 0 ? fixedRate : saturation / 2;
            // The saturation phase leaves the nodes with a full in-memory log, a heap of garbage and a
            // snapshot due; settling at the half rate first measures the steady state at that load, not
            // the recovery from overload.
            load.openLoop(rate, SETTLE_SECONDS);
            java.time.Instant halfStart = java.time.Instant.now();
            long[] latencies = load.openLoop(rate, seconds);
            java.time.Instant halfEnd = java.time.Instant.now();
            Arrays.sort(latencies);
            System.out.printf("half load: %.0f puts/s offered, %.0f/s completed: latency p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n",
                    rate, latencies.length / (double) seconds, pct(latencies, 50), pct(latencies, 99), pct(latencies, 99.9),
                    latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6);
            load.close();
            printNodeStats(root, halfStart, halfEnd);
        } finally {
            // SIGTERM first, so the nodes shut down (and JFR, if asked for, dumps); SIGKILL after 10 s.
            processes.forEach(Process::destroy);
            for (Process p : processes) {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /**
     * Prints each node's latency breakdown reports ({@code shoal kv-node --stats-interval-ms}) that lie
     * wholly inside the half-load phase (a report covers the interval before its time stamp).
     */
    private static void printNodeStats(Path root, java.time.Instant from, java.time.Instant to) throws IOException {
        java.time.Instant firstFull = from.plusMillis(STATS_INTERVAL_MILLIS);
        for (int id = 1; id <= 3; id++) {
            for (String line : Files.readAllLines(root.resolve("node" + id + ".log"))) {
                int stats = line.indexOf(" stats node=");
                if (stats < 0) {
                    continue;
                }
                java.time.Instant at = java.time.Instant.parse(line.substring(0, stats));
                if (!at.isBefore(firstFull) && !at.isAfter(to)) {
                    System.out.println("  half load, " + line.substring(stats + 1));
                }
            }
        }
    }

    /** CPU time the processes have used so far (user and system). */
    private static long cpuNanos(List<ProcessHandle> processes) {
        long total = 0;
        for (ProcessHandle p : processes) {
            total += p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
        }
        return total;
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(sorted.length * p / 100))] / 1e6;
    }

    private static Process startNode(Path root, int id, Map<Integer, InetSocketAddress> nodes) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        String opts = System.getenv().getOrDefault("BENCH_NODE_JAVA_OPTS", "-Xss4m -Xmx1g");
        command.addAll(Arrays.asList(opts.trim().split("\\s+")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.shoaldb.cli.ShoalCli", "kv-node",
                "--node-id", String.valueOf(id), "--data-dir", root.resolve("node" + id).toString(),
                "--listen", hostPort(nodes.get(id))));
        if (!"0".equals(System.getenv("BENCH_NODE_STATS"))) { // 0: nodes of a build without the flag
            command.addAll(List.of("--stats-interval-ms", String.valueOf(STATS_INTERVAL_MILLIS)));
        }
        nodes.forEach((peer, address) -> command.addAll(List.of("--peer", peer + "=" + hostPort(address))));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(root.resolve("node" + id + ".log").toFile()).start();
    }

    private static String hostPort(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

    /** Told of each put that completed. */
    @FunctionalInterface
    private interface Completion {
        void completed(Session session, long latencyNanos);
    }

    /** One session: a client id of the KV protocol with at most one put outstanding. */
    private static final class Session {
        final long id;
        long seq;
        int target;
        long intendedNanos;
        long sentNanos;
        boolean busy;
        byte[] request;

        Session(long id, int target) {
            this.id = id;
            this.target = target;
        }
    }

    /** Drives sessions from one thread: sends, matches replies, follows leader hints, retries. */
    private static final class Load implements AutoCloseable {
        private final NetClient net;
        private final List<Integer> nodeIds;
        private final Map<Long, Session> sessions = new HashMap<>();
        private final ArrayDeque<Session> idle = new ArrayDeque<>();
        private final Random random = new Random(1);
        /** Requests per node not yet handed to the client: one hand-over per batch, not per request. */
        private final Map<Integer, List<byte[]>> outbox = new TreeMap<>();
        private final List<NetClient.Reply> inbox = new ArrayList<>();
        private final byte[] value;
        private int leaderGuess;
        private long lastRetryCheckNanos;

        Load(Map<Integer, InetSocketAddress> nodes, int sessionCount, int valueBytes) {
            net = new NetClient(NodeConfig.clusterId(NodeConfig.DEFAULT_CLUSTER), NetClient.randomClientId(), nodes);
            nodeIds = List.copyOf(nodes.keySet());
            leaderGuess = nodeIds.get(0);
            SecureRandom ids = new SecureRandom();
            for (int i = 0; i < sessionCount; i++) {
                Session s = new Session(ids.nextLong() & Long.MAX_VALUE, leaderGuess);
                sessions.put(s.id, s);
                idle.add(s);
            }
            value = new byte[valueBytes];
        }

        private void issue(Session s, long intendedNanos) {
            s.busy = true;
            s.seq++;
            s.intendedNanos = intendedNanos;
            s.target = leaderGuess;
            s.request = KvCodec.encodeClient(new KvRequest(s.id, s.seq, new KvOp.Put("key-" + random.nextInt(KEYS), value)));
            send(s);
        }

        private void send(Session s) {
            s.sentNanos = System.nanoTime();
            outbox.computeIfAbsent(s.target, t -> new ArrayList<>()).add(s.request);
        }

        /** Hands the requests gathered since the last flush to the client's I/O thread, one task per node. */
        private void flush() {
            for (Map.Entry<Integer, List<byte[]>> e : outbox.entrySet()) {
                if (!e.getValue().isEmpty()) {
                    net.sendAll(e.getKey(), e.getValue());
                    e.getValue().clear();
                }
            }
        }

        /** Handles replies until {@code untilNanos}, handing each completed session and its latency to {@code done}. */
        private void pump(long untilNanos, Completion done) throws InterruptedException {
            long now;
            while ((now = System.nanoTime()) < untilNanos) {
                if (now - lastRetryCheckNanos > TimeUnit.MILLISECONDS.toNanos(100)) {
                    lastRetryCheckNanos = now;
                    retryStale();
                }
                flush();
                inbox.clear();
                net.receiveAll(Math.min(untilNanos - now, TimeUnit.MILLISECONDS.toNanos(20)), TimeUnit.NANOSECONDS,
                        inbox, 4096);
                for (NetClient.Reply reply : inbox) {
                    handle(reply, done);
                }
            }
            flush();
        }

        private void handle(NetClient.Reply reply, Completion done) {
            KvResponse r;
            try {
                if (!(KvCodec.decodeClient(reply.payload()) instanceof KvResponse response)) {
                    return;
                }
                r = response;
            } catch (KvCodec.MalformedException e) {
                return;
            }
            Session s = sessions.get(r.clientId());
            if (s == null || !s.busy || r.seq() != s.seq) {
                return;
            }
            switch (r.status()) {
                case OK -> {
                    leaderGuess = reply.from();
                    s.busy = false;
                    done.completed(s, System.nanoTime() - s.intendedNanos);
                }
                case NOT_LEADER -> {
                    s.target = r.leaderHint() >= 0 ? r.leaderHint() : nodeIds.get((nodeIds.indexOf(s.target) + 1) % nodeIds.size());
                    send(s);
                }
                case UNAVAILABLE, UNKNOWN -> send(s);
                case BAD_REQUEST -> throw new IllegalStateException("the group refused a bench put: " + r.detail());
            }
        }

        private void retryStale() {
            long now = System.nanoTime();
            for (Session s : sessions.values()) {
                if (s.busy && now - s.sentNanos > ATTEMPT_TIMEOUT_NANOS) {
                    s.target = nodeIds.get((nodeIds.indexOf(s.target) + 1) % nodeIds.size());
                    send(s);
                }
            }
        }

        /** Closed loop: {@code clients} sessions always busy; returns completions per second. */
        double closedLoop(int clients, int seconds) throws InterruptedException {
            drain();
            for (int i = 0; i < clients; i++) {
                issue(idle.poll(), System.nanoTime());
            }
            long[] done = new long[1];
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            pump(end, (s, latencyNanos) -> {
                done[0]++;
                issue(s, System.nanoTime());
            });
            double rate = done[0] / ((System.nanoTime() - start) / 1e9);
            drain();
            return rate;
        }

        /** Open loop at {@code rate} puts/s; returns each completed put's latency from its intended start. */
        long[] openLoop(double rate, int seconds) throws InterruptedException {
            drain();
            // Primitive arrays only: a growing list of boxed latencies was this process's whole live heap,
            // and its young-collection pauses (up to 15 ms) landed in the latencies it measured.
            long[][] latencies = {new long[(int) Math.min(Integer.MAX_VALUE - 8, rate * seconds * 1.1 + 1024)]};
            int[] count = {0};
            long intervalNanos = (long) (1e9 / rate);
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            // put k is intended to start at start + k * intervalNanos; [issued, scheduled) wait for a session
            long scheduled = 0;
            long issued = 0;
            while (System.nanoTime() < end) {
                long now = System.nanoTime();
                while (start + scheduled * intervalNanos <= now && start + scheduled * intervalNanos < end) {
                    scheduled++;
                }
                while (issued < scheduled && !idle.isEmpty()) {
                    issue(idle.poll(), start + issued * intervalNanos);
                    issued++;
                }
                pump(Math.min(end, Math.max(now + 100_000, start + scheduled * intervalNanos)), (s, latencyNanos) -> {
                    if (count[0] == latencies[0].length) {
                        latencies[0] = Arrays.copyOf(latencies[0], latencies[0].length * 2);
                    }
                    latencies[0][count[0]++] = latencyNanos;
                    idle.add(s);
                });
            }
            if (issued < scheduled) {
                System.out.printf("half load: %d puts were still waiting for a free session at the end%n", scheduled - issued);
            }
            drain();
            return Arrays.copyOf(latencies[0], count[0]);
        }

        /** Waits for outstanding puts (up to 10 s) so the next phase starts clean. */
        private void drain() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (sessions.values().stream().anyMatch(s -> s.busy) && System.nanoTime() < deadline) {
                pump(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50), (s, latencyNanos) -> { });
            }
            idle.clear();
            sessions.values().stream().filter(s -> !s.busy).forEach(idle::add);
        }

        @Override
        public void close() {
            net.close();
        }
    }
}
