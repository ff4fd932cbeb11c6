package io.shoaldb.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A small deterministic in-memory Raft cluster for unit tests, etcd-style: each node's storage is a
 * list in memory that survives {@link #crash}/{@link #restart}, messages travel through a queue that
 * can drop, cut links and reorder, every message goes through the codec, and Raft's safety
 * invariants are checked after every delivery.
 */
final class TestCluster {

    final class Node {
        final int id;
        Raft raft;
        boolean up = true;
        // durable storage
        HardState hardState = HardState.EMPTY;
        Snapshot snapshot;
        final List<Entry> stored = new ArrayList<>();
        // volatile state machine: the data of applied normal entries, in order
        List<byte[]> machine = new ArrayList<>();
        long machineIndex;
        final List<ReadState> reads = new ArrayList<>();
        long readyCount;

        Node(int id) {
            this.id = id;
        }
    }

    final RaftConfig cfg;
    final ClusterConfig bootstrap;
    final TreeMap<Integer, Node> nodes = new TreeMap<>();
    final List<Message> wire = new ArrayList<>();
    final Set<Long> cutLinks = new HashSet<>();
    final Random rng;
    double dropRate;
    /** Chance that a message stays on the wire for a later delivery round, and that it is delivered twice. */
    double delayRate;
    double duplicateRate;
    boolean reorder;
    /** term -> leader ever seen, for election safety. */
    final TreeMap<Long, Integer> leaders = new TreeMap<>();
    /** index -> committed entry seen anywhere, for state-machine safety. */
    final TreeMap<Long, Entry> committed = new TreeMap<>();
    /** index -> highest leader term existing when the commit was first observed. */
    final TreeMap<Long, Long> committedBeforeTerm = new TreeMap<>();
    long messagesDelivered;
    /** read request id -> the highest commit index anywhere when the read was asked. */
    final TreeMap<Long, Long> readFloor = new TreeMap<>();

    /** Asks {@code id} for a linearizable read and remembers what it must observe. */
    ProposeResult read(int id, long requestId) {
        long floor = 0;
        for (Node n : nodes.values()) {
            floor = Math.max(floor, n.raft.commitIndex());
        }
        readFloor.put(requestId, floor);
        return raft(id).readIndex(requestId);
    }

    TestCluster(RaftConfig cfg, long seed, int... ids) {
        this(cfg, seed, voters(ids), ids);
    }

    TestCluster(RaftConfig cfg, long seed, ClusterConfig bootstrap, int... ids) {
        this.cfg = cfg;
        this.bootstrap = bootstrap;
        this.rng = new Random(seed);
        for (int id : ids) {
            Node n = new Node(id);
            n.raft = new Raft(id, cfg, new SplittableRandom(seed * 31 + id), bootstrap, HardState.EMPTY, null, List.of());
            nodes.put(id, n);
        }
    }

    static ClusterConfig voters(int... ids) {
        Integer[] boxed = new Integer[ids.length];
        for (int i = 0; i < ids.length; i++) {
            boxed[i] = ids[i];
        }
        return ClusterConfig.ofVoters(boxed);
    }

    /** Adds a brand-new node that knows no members (it joins via a config change). */
    Node addBlankNode(int id) {
        Node n = new Node(id);
        n.raft = new Raft(id, cfg, new SplittableRandom(id * 7919L), ClusterConfig.EMPTY, HardState.EMPTY, null, List.of());
        nodes.put(id, n);
        return n;
    }

    Raft raft(int id) {
        return nodes.get(id).raft;
    }

    void cut(int a, int b) {
        cutLinks.add(link(a, b));
        cutLinks.add(link(b, a));
    }

    void isolate(int a) {
        for (int b : nodes.keySet()) {
            if (b != a) {
                cut(a, b);
            }
        }
    }

    void heal() {
        cutLinks.clear();
    }

    private static long link(int from, int to) {
        return ((long) from << 32) | to;
    }

    /** Processes every node's Ready until nothing is left, then delivers messages; repeats until quiet. */
    void settle() {
        for (int round = 0; round < 10_000; round++) {
            boolean any = processAll();
            if (wire.isEmpty() && !any) {
                return;
            }
            deliverAll();
        }
        throw new AssertionError("cluster did not settle");
    }

    boolean processAll() {
        boolean any = false;
        for (Node n : nodes.values()) {
            if (n.up) {
                any |= process(n);
            }
        }
        return any;
    }

    boolean process(Node n) {
        boolean any = false;
        while (n.raft.hasReady()) {
            any = true;
            Ready r = n.raft.ready();
            n.readyCount++;
            enqueue(r.messages());
            persist(n, r);
            enqueue(r.persistedMessages());
            if (r.snapshot() != null) {
                n.machine = decodeMachine(r.snapshot().data().toByteArray());
                n.machineIndex = r.snapshot().index();
            }
            for (Entry e : r.committed()) {
                assertEquals(n.machineIndex + 1, e.index(), "apply order on node " + n.id);
                n.machineIndex = e.index();
                if (e.type() == EntryType.NORMAL && e.data().length > 0) {
                    n.machine.add(e.data());
                }
                Entry prior = committed.putIfAbsent(e.index(), e);
                if (prior == null) {
                    committedBeforeTerm.put(e.index(), leaders.isEmpty() ? 0 : leaders.lastKey());
                } else {
                    assertEquals(prior, e, "state-machine safety at index " + e.index());
                }
            }
            for (ReadState rs : r.readStates()) {
                Long mustSee = readFloor.get(rs.requestId());
                if (mustSee != null) {
                    assertTrue(rs.index() >= mustSee, "linearizable read " + rs + " misses commits up to " + mustSee);
                }
            }
            n.reads.addAll(r.readStates());
            n.raft.advance(r);
            checkInvariants();
        }
        return any;
    }

    private void persist(Node n, Ready r) {
        if (r.hardState() != null) {
            assertTrue(r.hardState().term() >= n.hardState.term(), "term never decreases on disk");
            if (r.hardState().term() == n.hardState.term() && n.hardState.vote() != Raft.NONE) {
                assertEquals(n.hardState.vote(), r.hardState().vote(), "vote never changes within a term");
            }
            n.hardState = r.hardState();
        }
        if (r.snapshot() != null) {
            n.snapshot = r.snapshot();
            n.stored.clear();
        }
        if (!r.entries().isEmpty()) {
            long first = r.entries().getFirst().index();
            n.stored.removeIf(e -> e.index() >= first);
            n.stored.addAll(r.entries());
        }
    }

    void enqueue(List<Message> ms) {
        for (Message m : ms) {
            // every message goes through the codec, as on the real network
            try {
                wire.add(RaftCodec.decode(RaftCodec.encode(m)));
            } catch (RaftCodec.MalformedMessageException e) {
                throw new AssertionError("codec rejected its own encoding of " + m, e);
            }
        }
    }

    void deliverAll() {
        List<Message> batch = new ArrayList<>(wire);
        wire.clear();
        if (reorder) {
            java.util.Collections.shuffle(batch, rng);
        }
        for (Message m : batch) {
            if (rng.nextDouble() < delayRate) {
                wire.add(m);
                continue;
            }
            deliver(m);
            if (rng.nextDouble() < duplicateRate) {
                deliver(m);
            }
        }
    }

    void deliver(Message m) {
        Node to = nodes.get(m.to());
        if (to == null || !to.up || cutLinks.contains(link(m.from(), m.to())) || rng.nextDouble() < dropRate) {
            return;
        }
        messagesDelivered++;
        to.raft.step(m);
        checkInvariants();
    }

    void tickAll() {
        for (Node n : nodes.values()) {
            if (n.up) {
                n.raft.tick();
            }
        }
    }

    /** Ticks and settles until some node leads, at most {@code maxTicks} times. */
    int awaitLeader(int maxTicks) {
        for (int i = 0; i < maxTicks; i++) {
            int l = leader();
            if (l != Raft.NONE) {
                settle();
                return l;
            }
            tickAll();
            settle();
        }
        throw new AssertionError("no leader after " + maxTicks + " ticks");
    }

    /** The live leader with the highest term, or NONE. */
    int leader() {
        int best = Raft.NONE;
        long bestTerm = -1;
        for (Node n : nodes.values()) {
            if (n.up && n.raft.role() == Role.LEADER && n.raft.term() > bestTerm) {
                best = n.id;
                bestTerm = n.raft.term();
            }
        }
        return best;
    }

    void crash(int id) {
        Node n = nodes.get(id);
        n.up = false;
        wire.removeIf(m -> m.to() == id || m.from() == id);
    }

    void restart(int id) {
        Node n = nodes.get(id);
        n.raft = new Raft(id, cfg, new SplittableRandom(n.readyCount * 13 + id), bootstrap, n.hardState, n.snapshot,
                List.copyOf(n.stored));
        n.machine = n.snapshot == null ? new ArrayList<>() : decodeMachine(n.snapshot.data().toByteArray());
        n.machineIndex = n.snapshot == null ? 0 : n.snapshot.index();
        n.reads.clear();
        n.up = true;
    }

    /** Takes a state-machine snapshot on {@code id} at its applied index and compacts its log. */
    void compact(int id) {
        Node n = nodes.get(id);
        long index = n.raft.appliedIndex();
        if (index <= n.raft.firstIndex() - 1) {
            return;
        }
        // tiny image chunks: snapshots span many chunks, in memory and on the way to followers
        n.raft.compact(index, io.shoaldb.image.ImageBytes.of(encodeMachine(n.machine), 7));
        n.snapshot = n.raft.snapshot();
        n.stored.removeIf(e -> e.index() <= index);
    }

    static byte[] encodeMachine(List<byte[]> machine) {
        int size = 4;
        for (byte[] b : machine) {
            size += 4 + b.length;
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.putInt(machine.size());
        for (byte[] b : machine) {
            buf.putInt(b.length).put(b);
        }
        return buf.array();
    }

    static List<byte[]> decodeMachine(byte[] data) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        int n = buf.getInt();
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[buf.getInt()];
            buf.get(b);
            out.add(b);
        }
        return out;
    }

    /** Election safety, log matching and leader completeness over all nodes, checked continuously. */
    void checkInvariants() {
        for (Node n : nodes.values()) {
            Raft r = n.raft;
            if (r.role() == Role.LEADER) {
                Integer prior = leaders.putIfAbsent(r.term(), n.id);
                if (prior != null && prior != n.id) {
                    throw new AssertionError("election safety: " + prior + " and " + n.id + " lead term " + r.term());
                }
                // leader completeness: every committed entry of an earlier term is in this leader's log
                for (Map.Entry<Long, Entry> c : committed.entrySet()) {
                    long idx = c.getKey();
                    if (idx >= r.firstIndex() && committedBeforeTerm.get(idx) < r.term()) {
                        assertTrue(idx <= r.lastIndex() && r.termAt(idx) == c.getValue().term(),
                                "leader completeness: leader " + n.id + " lacks committed " + c.getValue());
                    }
                }
            }
            assertTrue(r.commitIndex() <= r.lastIndex(), "commit within log");
            assertTrue(r.appliedIndex() <= r.commitIndex(), "applied within commit");
        }
        // log matching: if two logs hold an entry with the same index and term, the logs are equal up to it
        List<Node> list = new ArrayList<>(nodes.values());
        for (int i = 0; i < list.size(); i++) {
            for (int j = i + 1; j < list.size(); j++) {
                checkLogMatching(list.get(i).raft, list.get(j).raft);
            }
        }
    }

    private static void checkLogMatching(Raft a, Raft b) {
        long lo = Math.max(a.firstIndex(), b.firstIndex());
        long hi = Math.min(a.lastIndex(), b.lastIndex());
        // find the highest common index with equal terms; everything from lo up to it must be equal
        long top = -1;
        for (long i = hi; i >= lo; i--) {
            if (a.termAt(i) == b.termAt(i)) {
                top = i;
                break;
            }
        }
        for (long i = lo; i <= top; i++) {
            if (!a.entryAt(i).equals(b.entryAt(i))) {
                throw new AssertionError("log matching violated at " + i + ": node " + a.id() + " " + a.entryAt(i)
                        + " vs node " + b.id() + " " + b.entryAt(i));
            }
        }
    }

    /** Proposes {@code data} at the current leader and settles. */
    ProposeResult propose(String data) {
        int l = leader();
        ProposeResult r = raft(l).propose(data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        settle();
        return r;
    }

    List<String> machine(int id) {
        List<String> out = new ArrayList<>();
        for (byte[] b : nodes.get(id).machine) {
            out.add(new String(b, java.nio.charset.StandardCharsets.UTF_8));
        }
        return out;
    }

    Iterator<Node> liveNodes() {
        return nodes.values().stream().filter(n -> n.up).iterator();
    }
}
