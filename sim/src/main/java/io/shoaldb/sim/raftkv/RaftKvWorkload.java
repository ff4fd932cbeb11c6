package io.shoaldb.sim.raftkv;

import io.shoaldb.image.ImageBytes;
import io.shoaldb.checker.CheckResult;
import io.shoaldb.checker.history.History;
import io.shoaldb.checker.history.HistoryBuilder;
import io.shoaldb.checker.linear.LinearizabilityChecker;
import io.shoaldb.kv.KvNode;
import io.shoaldb.kv.KvNodeConfig;
import io.shoaldb.raft.RaftConfig;
import io.shoaldb.runtime.NodeFactory;
import io.shoaldb.sim.SimulationView;
import io.shoaldb.sim.Verdict;
import io.shoaldb.sim.Workload;
import io.shoaldb.sim.WorkloadSetup;
import io.shoaldb.sim.scenario.Scenario;
import java.util.TreeMap;

/**
 * Raft KV under the simulator. Scenario keys (all optional):
 * <ul>
 *   <li>{@code workload.keys}: number of keys the clients share (default 3);</li>
 *   <li>{@code workload.think}: longest pause between a client's operations (default 20ms);</li>
 *   <li>{@code workload.tick}: Raft tick length (default 10ms);</li>
 *   <li>{@code workload.lease}: serve reads from leader leases with a 2-tick drift bound (default off);</li>
 *   <li>{@code workload.snapshot_every}: compact the log after this many entries (default 50);</li>
 *   <li>{@code workload.chunk}: snapshot chunk size in bytes (default 512, to exercise chunking);</li>
 *   <li>{@code workload.wal_queue}: saves the WAL queues before refusing more (default 4096; tiny values
 *       make the nodes' refused-save path run);</li>
 *   <li>{@code workload.image_chunk}: chunk size of state-machine images in memory and of snapshot file
 *       I/O, in bytes (default 16MiB; raft-kv-crash uses 64 so images span many chunks);</li>
 *   <li>{@code workload.admin_every}: a client sends a leader transfer or a learner change about once
 *       per this many operations (default 40; 0 for never).</li>
 * </ul>
 */
public final class RaftKvWorkload implements Workload {

    private final int nodes;
    private final int clients;
    private final long keys;
    /** A learner id no host has: membership changes go through the log without touching the majority. */
    static final int GHOST_LEARNER = 999;

    private final long thinkNanos;
    private final long adminEvery;
    private final KvNodeConfig nodeConfig;
    private final HistoryBuilder history = new HistoryBuilder();
    private final RaftObserver observer = new RaftObserver();
    private final TreeMap<String, Long> lastWritten = new TreeMap<>();
    private int processes;
    private long completed;
    private long completedAtLiveness;
    private boolean livenessWaived;

    public RaftKvWorkload(WorkloadSetup setup) {
        Scenario s = setup.scenario();
        this.nodes = setup.nodes();
        this.clients = setup.clients();
        this.keys = s.integer("workload.keys", 3, 1, 1000);
        this.thinkNanos = s.durationNanos("workload.think", 20_000_000L);
        this.adminEvery = s.integer("workload.admin_every", 40, 0, 1_000_000);
        long tick = s.durationNanos("workload.tick", 10_000_000L);
        RaftConfig raft = RaftConfig.defaults()
                .withBatching(64, 64 * 1024, (int) s.integer("workload.chunk", 512, 1, 1 << 20));
        if (s.bool("workload.lease", false)) {
            raft = raft.withLeaseDriftTicks(2);
        }
        this.nodeConfig = KvNodeConfig.defaults("sim-raft-kv", setup.nodeIds()).withRaft(raft).withTickNanos(tick)
                .withSnapshotEveryEntries(s.integer("workload.snapshot_every", 50, 1, 1_000_000_000))
                .withImageChunkBytes((int) s.sizeBytes("workload.image_chunk", ImageBytes.DEFAULT_CHUNK_BYTES))
                .withWalQueuedSaves((int) s.integer("workload.wal_queue", KvNodeConfig.DEFAULT_WAL_QUEUED_SAVES, 1, 1_000_000));
    }

    int nodes() {
        return nodes;
    }

    long keys() {
        return keys;
    }

    long adminEvery() {
        return adminEvery;
    }

    long thinkNanos() {
        return Math.max(1, thinkNanos);
    }

    HistoryBuilder history() {
        return history;
    }

    int newProcess() {
        return processes++;
    }

    void completed() {
        completed++;
    }

    void noteWritten(String key, long value) {
        lastWritten.put(key, value);
    }

    long lastWritten(String key) {
        return lastWritten.getOrDefault(key, 1L);
    }

    @Override
    public NodeFactory nodeFactory() {
        return rt -> new KvNode(rt, nodeConfig);
    }

    @Override
    public NodeFactory clientFactory() {
        return rt -> new RaftKvClient(rt, this);
    }

    @Override
    public void checkInvariants(SimulationView view) {
        observer.check(view);
    }

    @Override
    public void onLivenessPhase(SimulationView view) {
        completedAtLiveness = completed;
    }

    @Override
    public boolean livenessReached(SimulationView view) {
        if (refusedCorrupt(view) > (nodes - 1) / 2) {
            // more nodes than Raft tolerates lost their data to bit rot and (rightly) refuse to serve it:
            // no protocol can make progress, so progress is not demanded; the verdict says so
            livenessWaived = true;
            return true;
        }
        // a leader emerged and committed: every client got answers again
        return completed - completedAtLiveness >= 3L * clients;
    }

    private int refusedCorrupt(SimulationView view) {
        int n = 0;
        for (int id : view.nodeIds()) {
            if (view.process(id) instanceof KvNode node && node.failure() != null && node.failure().contains("(CORRUPT)")) {
                n++;
            }
        }
        return n;
    }

    @Override
    public Verdict verdict(SimulationView view) {
        for (int id : view.nodeIds()) {
            // refusing a directory whose bytes rotted is allowed (it never serves corrupt data); anything else is a bug
            if (view.process(id) instanceof KvNode n && n.failure() != null && !n.failure().contains("(CORRUPT)")) {
                return Verdict.fail("node " + id + " refused to run: " + n.failure());
            }
        }
        History h = history.build();
        CheckResult r = LinearizabilityChecker.keyValue().check(h);
        String summary = h.operations().size() + " operations, " + observer.leaderTerms() + " leader terms, "
                + observer.committedEntries() + " entries committed, " + observer.configChanges()
                + " membership changes, " + observer.checks() + " invariant checks: "
                + r.verdict() + " " + r.explanation()
                + (livenessWaived ? " (liveness waived: a majority refused bit-rotted data)" : "");
        return r.isValid() ? Verdict.pass(summary) : Verdict.fail(summary);
    }
}
