package io.shoaldb.sim.wal;

import io.shoaldb.image.ImageBytes;
import io.shoaldb.runtime.NodeFactory;
import io.shoaldb.sim.SimulationView;
import io.shoaldb.sim.Verdict;
import io.shoaldb.sim.Workload;
import io.shoaldb.sim.WorkloadSetup;
import io.shoaldb.wal.OpenResult;
import io.shoaldb.wal.Recovered;
import io.shoaldb.wal.WalConfig;
import io.shoaldb.wal.WalEntry;
import io.shoaldb.wal.WalHardState;
import io.shoaldb.wal.WalImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Each node drives its own WAL (no network traffic); crashes, torn and lost unsynced writes, lost
 * directory operations, I/O errors, full disks and rot come from the scenario's disk and process
 * faults. Every recovery is checked: it must return exactly the state after some prefix of the issued
 * records that contains every acknowledged one, and every returned entry, snapshot and hard state must
 * be one that was written, byte for byte. With rot on (bit flips in any file, the final record of the
 * last segment and the state-slot copies included) this still holds: the WAL's state slots record its
 * durable point, so damage to an acknowledged record is refused, never cut as a torn tail. A refusal
 * to start is a failure in strict mode and allowed (counted) when rot is on.
 *
 * <p>Keys: {@code workload.save_interval} (default 2ms), {@code workload.max_inflight} saves per node
 * (default 8), {@code workload.segment_bytes} (default 16KiB, small so segments roll and compact),
 * {@code workload.strict} (default true), {@code workload.liveness_saves} per node (default 20),
 * {@code workload.image_chunk}: snapshot image chunk and snapshot file I/O size in bytes (default 16MiB;
 * the wal scenarios use tiny ones so that each snapshot file is written and read in many pieces).
 */
public final class WalWorkload implements Workload {

    static final int MAX_VIOLATIONS = 20;

    private final int nodes;
    private final long saveIntervalNanos;
    private final int maxInflight;
    private final long segmentBytes;
    private final boolean strict;
    private final long livenessSaves;
    private final int imageChunkBytes;
    private final WalHistory[] histories;
    /** Every (term, vote) pair a node ever issued, per node, to check recovered hard states against. */
    private final List<TreeSet<String>> hardStates = new ArrayList<>();
    private final long[] acks;
    private final long[] acksAtLiveness;
    private final boolean[] refusedCorrupt;
    private final List<String> violations = new ArrayList<>();
    private long recoveries;
    private long refusals;
    private long walFailures;
    private long rejections;
    private long acknowledged;

    public WalWorkload(WorkloadSetup setup) {
        this.nodes = setup.nodes();
        this.saveIntervalNanos = Math.max(10_000, setup.scenario().durationNanos("workload.save_interval", 2_000_000L));
        this.maxInflight = (int) setup.scenario().integer("workload.max_inflight", 8, 1, 1000);
        this.segmentBytes = setup.scenario().sizeBytes("workload.segment_bytes", 16 * 1024);
        this.strict = setup.scenario().bool("workload.strict", true);
        this.livenessSaves = setup.scenario().integer("workload.liveness_saves", 20, 0, 1_000_000);
        this.imageChunkBytes = (int) setup.scenario().sizeBytes("workload.image_chunk", ImageBytes.DEFAULT_CHUNK_BYTES);
        this.histories = new WalHistory[nodes];
        this.acks = new long[nodes];
        this.acksAtLiveness = new long[nodes];
        this.refusedCorrupt = new boolean[nodes];
        for (int i = 0; i < nodes; i++) {
            histories[i] = new WalHistory();
            hardStates.add(new TreeSet<>());
        }
    }

    /** The payload of entry (index, term) on a node (snapshots use a negative index): a pure function. */
    static byte[] payload(int node, long index, long term) {
        long x = index * 0x9E3779B97F4A7C15L ^ term * 0xC2B2AE3D27D4EB4FL ^ node;
        byte[] data = new byte[(int) Math.floorMod(x, 200L)];
        for (int i = 0; i < data.length; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            data[i] = (byte) (x >>> 56);
        }
        return data;
    }

    WalConfig config(int node) {
        return WalConfig.of(WalNode.CLUSTER, node).withSegmentTargetBytes(Math.max(1024, segmentBytes))
                .withMaxBatchBytes(64 * 1024).withMaxQueuedSaves(Math.max(maxInflight, 1)).withImageChunkBytes(imageChunkBytes);
    }

    int imageChunkBytes() {
        return imageChunkBytes;
    }

    long saveIntervalNanos() {
        return saveIntervalNanos;
    }

    int maxInflight() {
        return maxInflight;
    }

    int issue(int node, List<WalImage.Step> steps) {
        for (WalImage.Step s : steps) {
            if (s instanceof WalImage.Step.Hard h) {
                hardStateIssued(node, h.state().term(), h.state().vote());
            }
        }
        return histories[node].issue(steps);
    }

    void hardStateIssued(int node, long term, int vote) {
        hardStates.get(node).add(term + "/" + vote);
    }

    void acknowledged(int node, int upTo) {
        histories[node].acknowledged(upTo);
        acks[node]++;
        acknowledged++;
    }

    void rejected() {
        rejections++;
    }

    void walFailed() {
        walFailures++;
    }

    void recovered(int node, Recovered r) {
        recoveries++;
        String problem = histories[node].recovered(r);
        if (problem != null) {
            violation("node " + node + ": " + problem);
        }
        for (WalEntry e : r.entries()) {
            if (!Arrays.equals(e.data(), payload(node, e.index(), e.term())) || e.kind() != (int) (e.index() & 0xFF)) {
                violation("node " + node + " recovered entry " + e + " that was never written");
                break;
            }
        }
        r.snapshot().ifPresent(s -> {
            if (!s.data().equals(ImageBytes.of(payload(node, -s.index(), s.term())))) {
                violation("node " + node + " recovered snapshot " + s + " that was never written");
            }
        });
        WalHardState hs = r.hardState();
        if (!hs.equals(WalHardState.INITIAL) && !hardStates.get(node).contains(hs.term() + "/" + hs.vote())) {
            violation("node " + node + " recovered hard state " + hs + " that was never written");
        }
    }

    /** Records a refusal to open; returns whether the node should try again. */
    boolean refused(int node, OpenResult.Refused r) {
        refusals++;
        if (r.reason() == OpenResult.Reason.IO_ERROR) {
            return true;
        }
        if (strict || r.reason() != OpenResult.Reason.CORRUPT) {
            violation("node " + node + " refused to start: " + r.reason() + " " + r.message());
        }
        refusedCorrupt[node] = true;
        return false;
    }

    private void violation(String what) {
        if (violations.size() < MAX_VIOLATIONS) {
            violations.add(what);
        }
    }

    @Override
    public NodeFactory nodeFactory() {
        return rt -> new WalNode(rt, this);
    }

    @Override
    public void checkInvariants(SimulationView view) {
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.getFirst());
        }
    }

    @Override
    public void onLivenessPhase(SimulationView view) {
        System.arraycopy(acks, 0, acksAtLiveness, 0, nodes);
    }

    @Override
    public boolean livenessReached(SimulationView view) {
        for (int i = 0; i < nodes; i++) {
            if (!refusedCorrupt[i] && acks[i] - acksAtLiveness[i] < livenessSaves) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Verdict verdict(SimulationView view) {
        String counts = "saves acknowledged=" + acknowledged + " recoveries=" + recoveries + " refusals=" + refusals
                + " wal failures=" + walFailures + " rejected=" + rejections;
        return violations.isEmpty() ? Verdict.pass(counts) : Verdict.fail(violations.getFirst() + "; " + counts);
    }
}
