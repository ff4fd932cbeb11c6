package io.shoaldb.kv;

import io.shoaldb.kv.KvCodec.ClientMessage;
import io.shoaldb.kv.KvCodec.KvResponse;
import io.shoaldb.runtime.Clock;
import io.shoaldb.runtime.Entropy;
import io.shoaldb.runtime.MemoryDisk;
import io.shoaldb.runtime.Network;
import io.shoaldb.runtime.NodeRuntime;
import io.shoaldb.runtime.Scheduler;
import io.shoaldb.runtime.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A tiny deterministic single-threaded runtime for KvNode tests: virtual time, a lossless network
 * with a fixed delay, {@link MemoryDisk}s whose completions run right after each event, and one
 * client (id {@link #CLIENT}) that collects responses.
 */
final class KvHarness {

    static final int CLIENT = 1000;
    static final long NET_DELAY_NANOS = 200_000;

    private record Task(long at, long seq, Runnable run) {
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) ->
            a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private long now;
    private long seq;
    final TreeMap<Integer, MemoryDisk> disks = new TreeMap<>();
    final TreeMap<Integer, KvNode> nodes = new TreeMap<>();
    final TreeMap<Integer, Integer> incarnation = new TreeMap<>();
    final List<KvResponse> responses = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    private final Function<Integer, KvNodeConfig> config;

    KvHarness(Function<Integer, KvNodeConfig> config, int... ids) {
        this.config = config;
        for (int id : ids) {
            disks.put(id, new MemoryDisk());
            startNode(id);
        }
    }

    void startNode(int id) {
        int inc = incarnation.merge(id, 1, Integer::sum);
        MemoryDisk disk = disks.get(id);
        Clock clock = new Clock() {
            @Override
            public long monotonicNanos() {
                return now;
            }

            @Override
            public long wallMillis() {
                return now / 1_000_000;
            }
        };
        Scheduler scheduler = new Scheduler() {
            @Override
            public Cancellable schedule(long delayNanos, Runnable task) {
                boolean[] cancelled = {false};
                at(now + delayNanos, id, inc, () -> {
                    if (!cancelled[0]) {
                        task.run();
                    }
                });
                return () -> cancelled[0] = true;
            }

            @Override
            public void execute(Runnable task) {
                at(now, id, inc, task);
            }
        };
        Network network = (to, payload) -> at(now + NET_DELAY_NANOS, to, -1, () -> deliver(id, to, payload));
        SplittableRandom r = new SplittableRandom(id * 1_000_003L + inc);
        Entropy entropy = new Entropy() {
            @Override
            public long nextLong() {
                return r.nextLong();
            }
        };
        Trace trace = new Trace() {
            @Override
            public void event(String what) {
            }

            @Override
            public void warn(String what) {
                warnings.add(what);
            }
        };
        KvNode node = new KvNode(new NodeRuntime(id, clock, scheduler, network, disk, entropy, trace), config.apply(id));
        nodes.put(id, node);
        at(now, id, inc, node::start);
    }

    /** Drops the node's incarnation; only what was fsynced survives on its disk. */
    void crash(int id) {
        nodes.remove(id);
        incarnation.merge(id, 1, Integer::sum);
        disks.get(id).crashLosingUnsynced();
    }

    private void at(long time, int node, int inc, Runnable task) {
        queue.add(new Task(time, seq++, () -> {
            // tasks of a crashed incarnation never run
            if (inc < 0 || (nodes.containsKey(node) && incarnation.get(node) == inc)) {
                task.run();
            }
        }));
    }

    private void deliver(int from, int to, byte[] payload) {
        if (to == CLIENT) {
            try {
                ClientMessage m = KvCodec.decodeClient(payload);
                responses.add((KvResponse) m);
            } catch (KvCodec.MalformedException e) {
                throw new AssertionError("node sent a malformed response", e);
            }
            return;
        }
        KvNode n = nodes.get(to);
        if (n != null) {
            n.onMessage(from, payload);
        }
    }

    void runFor(long nanos) {
        long end = now + nanos;
        while (!queue.isEmpty() && queue.peek().at <= end) {
            Task t = queue.poll();
            now = t.at;
            t.run.run();
            for (MemoryDisk d : disks.values()) {
                d.runUntilIdle();
            }
        }
        now = end;
    }

    int leader() {
        for (var e : nodes.entrySet()) {
            KvNode n = e.getValue();
            if (n.isRunning() && n.raft().role() == io.shoaldb.raft.Role.LEADER) {
                return e.getKey();
            }
        }
        return -1;
    }

    int awaitLeader() {
        for (int i = 0; i < 200; i++) {
            int l = leader();
            if (l >= 0) {
                return l;
            }
            runFor(10_000_000);
        }
        throw new AssertionError("no leader");
    }

    void send(int to, ClientMessage m) {
        byte[] payload = KvCodec.encodeClient(m);
        at(now + NET_DELAY_NANOS, to, -1, () -> deliver(CLIENT, to, payload));
    }

    void sendRaw(int to, byte[] payload) {
        at(now + NET_DELAY_NANOS, to, -1, () -> deliver(CLIENT, to, payload));
    }

    /** Sends {@code m} and runs until its response arrives. */
    KvResponse call(int to, ClientMessage m) {
        int before = responses.size();
        send(to, m);
        for (int i = 0; i < 1000 && responses.size() == before; i++) {
            runFor(1_000_000);
        }
        if (responses.size() == before) {
            throw new AssertionError("no response to " + m);
        }
        return responses.getLast();
    }
}
