package io.shoaldb.sim.sqlappend;

import io.shoaldb.image.ImageBytes;
import io.shoaldb.checker.CheckResult;
import io.shoaldb.checker.elle.ElleOptions;
import io.shoaldb.checker.elle.ListAppendChecker;
import io.shoaldb.checker.history.History;
import io.shoaldb.checker.history.HistoryBuilder;
import io.shoaldb.raft.RaftConfig;
import io.shoaldb.replica.ReplicaConfig;
import io.shoaldb.runtime.NodeFactory;
import io.shoaldb.sim.SimulationView;
import io.shoaldb.sim.Verdict;
import io.shoaldb.sim.Workload;
import io.shoaldb.sim.WorkloadSetup;
import io.shoaldb.sim.scenario.Scenario;
import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.node.SqlNode;
import io.shoaldb.sql.node.SqlNodeConfig;
import io.shoaldb.sql.session.StatementResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * SQL list-append on a durable SQL node under the simulator. Scenario keys (all optional):
 * <ul>
 *   <li>{@code workload.keys}: number of lists (rows) the clients share (default 5);</li>
 *   <li>{@code workload.max_mops}: most micro-operations per transaction (default 4);</li>
 *   <li>{@code workload.think}: longest pause between a client's transactions (default 10ms);</li>
 *   <li>{@code workload.tick}: Raft tick length (default 10ms);</li>
 *   <li>{@code workload.snapshot_every}: snapshot the engine and compact the log after this many entries
 *       (default 40, so that recoveries start from snapshots);</li>
 *   <li>{@code workload.image_chunk}: chunk size of the engine's snapshot images in memory and of
 *       snapshot file I/O, in bytes (default 16MiB; sql-list-append uses 64, so every image spans many
 *       chunks through the WAL and restores).</li>
 * </ul>
 * The verdict: the Elle list-append checker finds the history strictly serializable, every append a
 * client saw committed is in the node's table at the end (nothing acknowledged is lost across restarts),
 * no value appears that no client appended, and no statement failed with an internal error.
 */
public final class SqlListAppendWorkload implements Workload {

    private final int clients;
    private final long keys;
    private final int maxMops;
    private final long thinkNanos;
    private final SqlNodeConfig nodeConfig;
    /** Every node process of the run, restarted ones included, for their counters. */
    private final List<SqlNode> incarnations = new ArrayList<>();
    private final HistoryBuilder history = new HistoryBuilder();
    private final TreeMap<String, TreeSet<Long>> invokedAppends = new TreeMap<>();
    private final TreeMap<String, TreeSet<Long>> acknowledgedAppends = new TreeMap<>();
    private final List<String> internalErrors = new ArrayList<>();
    private int processes;
    private long committed;
    private long committedAtLiveness;
    /** Row-lock waits seen on the node's engines (sampled at each invariant check; an engine dies with a crash). */
    private long lockWaits;
    /** Read-then-write appends whose read was SELECT ... FOR UPDATE (answered by the node). */
    private long lockingReads;
    private Object lockEngine;
    private long lockEngineWaits;

    public SqlListAppendWorkload(WorkloadSetup setup) {
        Scenario s = setup.scenario();
        this.clients = setup.clients();
        this.keys = s.integer("workload.keys", 5, 1, 1000);
        this.maxMops = (int) s.integer("workload.max_mops", 4, 1, 50);
        this.thinkNanos = Math.max(1, s.durationNanos("workload.think", 10_000_000L));
        long tick = s.durationNanos("workload.tick", 10_000_000L);
        ReplicaConfig replica = ReplicaConfig.defaults("sim-sql", setup.nodeIds(), io.shoaldb.sql.node.SqlWire.CHANNEL_RAFT)
                // Small entries split commit records into fragments (docs/sql-durability.md), so the run
                // also covers records cut short by crashes and snapshots taken between fragments.
                .withRaft(RaftConfig.defaults().withMaxEntryBytes((int) s.integer("workload.max_entry_bytes",
                        RaftConfig.defaults().maxEntryBytes(), 64, RaftConfig.defaults().maxEntryBytes())))
                .withTickNanos(tick)
                .withSnapshotEveryEntries(s.integer("workload.snapshot_every", 40, 1, 1_000_000_000))
                .withImageChunkBytes((int) s.sizeBytes("workload.image_chunk", ImageBytes.DEFAULT_CHUNK_BYTES));
        this.nodeConfig = SqlNodeConfig.defaults("sim-sql", setup.nodeIds()).withReplica(replica);
    }

    long keys() {
        return keys;
    }

    /** Row-lock waits seen so far (a lower bound: sampled at invariant checks). */
    public long lockWaits() {
        return lockWaits;
    }

    /** Read-then-write appends whose read locked the row with SELECT ... FOR UPDATE and was answered. */
    public long lockingReads() {
        return lockingReads;
    }

    void lockingReadDone() {
        lockingReads++;
    }

    int maxMops() {
        return maxMops;
    }

    long thinkNanos() {
        return thinkNanos;
    }

    HistoryBuilder history() {
        return history;
    }

    int newProcess() {
        return processes++;
    }

    void committed() {
        committed++;
    }

    void noteInvokedAppend(String key, long value) {
        invokedAppends.computeIfAbsent(key, k -> new TreeSet<>()).add(value);
    }

    void noteAcknowledgedAppend(String key, long value) {
        acknowledgedAppends.computeIfAbsent(key, k -> new TreeSet<>()).add(value);
    }

    void noteInternalError(String what) {
        if (internalErrors.size() < 10) {
            internalErrors.add(what);
        }
    }

    @Override
    public NodeFactory nodeFactory() {
        return rt -> {
            SqlNode n = new SqlNode(rt, nodeConfig);
            incarnations.add(n);
            return n;
        };
    }

    /** Commit and DDL records the nodes proposed in fragments over the whole run. */
    public long recordsFragmented() {
        return incarnations.stream().mapToLong(SqlNode::recordsFragmented).sum();
    }

    @Override
    public NodeFactory clientFactory() {
        return rt -> new SqlListAppendClient(rt, this);
    }

    @Override
    public void checkInvariants(SimulationView view) {
        for (int id : view.nodeIds()) {
            if (view.process(id) instanceof SqlNode n && n.engine() != null && n.replica().raft() != null
                    && n.engine().appliedIndex() > n.replica().raft().commitIndex()) {
                throw new AssertionError("node " + id + " applied " + n.engine().appliedIndex() + " past its commit index "
                        + n.replica().raft().commitIndex());
            }
            if (view.process(id) instanceof SqlNode n && n.engine() != null) {
                n.engine().transactions().checkLockInvariants(); // no lock held by a finished transaction
                io.shoaldb.txn.LockTable locks = n.engine().transactions().locks();
                if (locks != null) {
                    if (lockEngine != n.engine()) {
                        lockEngine = n.engine();
                        lockEngineWaits = 0;
                    }
                    lockWaits += locks.waits() - lockEngineWaits;
                    lockEngineWaits = locks.waits();
                }
            }
        }
    }

    @Override
    public void onLivenessPhase(SimulationView view) {
        committedAtLiveness = committed;
    }

    @Override
    public boolean livenessReached(SimulationView view) {
        return committed - committedAtLiveness >= Math.max(1, clients);
    }

    @Override
    public Verdict verdict(SimulationView view) {
        for (int id : view.nodeIds()) {
            if (view.process(id) instanceof SqlNode n && n.failure() != null) {
                return Verdict.fail("node " + id + " stopped: " + n.failure());
            }
        }
        if (!internalErrors.isEmpty()) {
            return Verdict.fail("statements failed with internal errors: " + internalErrors);
        }
        History h = history.build();
        CheckResult r = new ListAppendChecker(ElleOptions.DEFAULT).check(h);
        String durability = checkFinalState(view);
        String summary = h.operations().size() + " transactions, " + committed + " committed, " + lockWaits
                + " row-lock waits, " + lockingReads + " FOR UPDATE reads: " + r.verdict() + " " + r.explanation() + "; " + recordsFragmented()
                + " records logged in fragments; " + (durability == null ? "every acknowledged append survived" : durability);
        return r.isValid() && durability == null ? Verdict.pass(summary) : Verdict.fail(summary);
    }

    /** Null if the node's table holds every acknowledged append and nothing no client appended; else what is wrong. */
    private String checkFinalState(SimulationView view) {
        SqlNode node = null;
        for (int id : view.nodeIds()) {
            if (view.process(id) instanceof SqlNode n && n.isServing()) {
                node = n;
            }
        }
        if (node == null) {
            return acknowledgedAppends.isEmpty() ? null : "no node serves at the end, the final state is unchecked";
        }
        TreeMap<String, List<Long>> lists = new TreeMap<>();
        try {
            StatementResult res = node.engine().openSession().execute("SELECT k, v FROM la", List.of());
            for (int i = 0; i < res.rows().size(); i++) {
                List<Long> values = new ArrayList<>();
                for (String part : res.text(i, 1).split(",")) {
                    values.add(Long.parseLong(part));
                }
                lists.put(res.text(i, 0), values);
            }
        } catch (SqlException e) {
            if (!e.sqlState().equals("42P01")) {
                return "the final read failed: " + e.sqlState() + " " + e.getMessage();
            }
        }
        for (Map.Entry<String, TreeSet<Long>> e : acknowledgedAppends.entrySet()) {
            List<Long> list = lists.getOrDefault(e.getKey(), List.of());
            for (long v : e.getValue()) {
                if (!list.contains(v)) {
                    return "LOST: append " + v + " to key " + e.getKey() + " was acknowledged but the final list is " + list;
                }
            }
        }
        for (Map.Entry<String, List<Long>> e : lists.entrySet()) {
            TreeSet<Long> invoked = invokedAppends.getOrDefault(e.getKey(), new TreeSet<>());
            TreeSet<Long> seen = new TreeSet<>();
            for (long v : e.getValue()) {
                if (!invoked.contains(v) || !seen.add(v)) {
                    return "key " + e.getKey() + " holds " + v + (invoked.contains(v) ? " twice" : ", which no client appended");
                }
            }
        }
        return null;
    }
}
