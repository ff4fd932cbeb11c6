package io.shoaldb.sim.wal;

import io.shoaldb.image.ImageBytes;
import io.shoaldb.runtime.NodeProcess;
import io.shoaldb.runtime.NodeRuntime;
import io.shoaldb.wal.OpenResult;
import io.shoaldb.wal.Recovered;
import io.shoaldb.wal.SaveResult;
import io.shoaldb.wal.Wal;
import io.shoaldb.wal.WalEntry;
import io.shoaldb.wal.WalHardState;
import io.shoaldb.wal.WalImage;
import io.shoaldb.wal.WalSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * A node that persists a Raft-like stream through its WAL: appends at the end, a new term's leader
 * overwriting a suffix, hard-state changes and snapshots (local ones that keep the log, installed ones
 * that replace it). Payloads are a pure function of (node, index, term), so any returned entry can be
 * checked byte for byte. After a failed save it recovers the WAL in place, as a restarted node would.
 */
final class WalNode implements NodeProcess {

    static final String CLUSTER = "sim-wal";

    private final NodeRuntime rt;
    private final WalWorkload workload;
    private Wal wal;
    /** The log as the accepted saves leave it, to generate valid saves. */
    private WalImage accepted;
    private long term;
    private int vote;
    private int inflight;
    private long malformed;

    WalNode(NodeRuntime rt, WalWorkload workload) {
        this.rt = rt;
        this.workload = workload;
    }

    @Override
    public void start() {
        open();
    }

    private void open() {
        Wal.open(rt.disk(), rt.scheduler(), rt.trace(), workload.config(rt.nodeId()), this::opened);
    }

    private void opened(OpenResult result) {
        switch (result) {
            case OpenResult.Refused r -> {
                if (workload.refused(rt.nodeId(), r)) {
                    rt.scheduler().schedule(50_000_000L, this::open);
                }
            }
            case OpenResult.Opened o -> {
                Recovered r = o.recovered();
                workload.recovered(rt.nodeId(), r);
                wal = o.wal();
                accepted = WalImage.of(r);
                term = Math.max(r.hardState().term(), r.entries().isEmpty() ? r.snapshot().map(WalSnapshot::term).orElse(0L)
                        : r.entries().getLast().term());
                term = Math.max(term, 1);
                vote = r.hardState().term() == term ? r.hardState().vote() : WalHardState.NO_VOTE;
                inflight = 0;
                tick(wal);
            }
        }
    }

    private void tick(Wal current) {
        if (current != wal) {
            return;
        }
        if (current.failure() != null) {
            if (inflight == 0) {
                recoverInPlace();
            }
            return;
        }
        if (inflight < workload.maxInflight()) {
            save(current);
        }
        long interval = workload.saveIntervalNanos();
        rt.scheduler().schedule(interval / 2 + rt.entropy().nextLong(interval), () -> tick(current));
    }

    private void save(Wal current) {
        List<WalImage.Step> steps = new ArrayList<>();
        List<WalEntry> entries = new ArrayList<>();
        WalSnapshot snap = null;
        WalHardState hs = null;
        int kind = rt.entropy().nextInt(20);
        long snapIndex = accepted.snapshotIndex();
        long last = accepted.lastIndex();
        if (kind == 0 && last > snapIndex) {
            // a snapshot: mostly local (keeps the log), sometimes installed from a newer leader (replaces it)
            long index = snapIndex + 1 + rt.entropy().nextLong(last - snapIndex);
            long t = rt.entropy().nextInt(4) == 0 ? newTerm() : accepted.termAt(index);
            snap = new WalSnapshot(index, t, ImageBytes.of(WalWorkload.payload(rt.nodeId(), -index, t), workload.imageChunkBytes()));
            steps.add(new WalImage.Step.Snap(snap));
        } else {
            long first = last + 1;
            if (kind <= 2 && last > snapIndex) {
                newTerm();
                first = snapIndex + 1 + rt.entropy().nextLong(last - snapIndex);
            }
            int n = 1 + rt.entropy().nextInt(4);
            for (int i = 0; i < n; i++) {
                long index = first + i;
                entries.add(new WalEntry(index, term, (int) (index & 0xFF), WalWorkload.payload(rt.nodeId(), index, term)));
            }
        }
        if (kind <= 2 || rt.entropy().nextInt(4) == 0) {
            hs = new WalHardState(term, vote, rt.entropy().nextLong(accepted.lastIndex() + 1));
        }
        for (WalEntry e : entries) {
            steps.add(new WalImage.Step.Append(e));
        }
        if (hs != null) {
            steps.add(new WalImage.Step.Hard(hs));
        }
        int acknowledgedAt = workload.issue(rt.nodeId(), steps);
        for (WalImage.Step s : steps) {
            accepted.apply(s);
        }
        inflight++;
        current.save(hs, entries, snap, r -> saved(current, r, acknowledgedAt));
    }

    private long newTerm() {
        term++;
        vote = rt.entropy().nextInt(5);
        workload.hardStateIssued(rt.nodeId(), term, vote);
        return term;
    }

    private void saved(Wal current, SaveResult result, int acknowledgedAt) {
        if (current != wal) {
            throw new AssertionError("a save of a WAL this node had replaced completed");
        }
        inflight--;
        switch (result) {
            case SaveResult.Durable d -> workload.acknowledged(rt.nodeId(), acknowledgedAt);
            case SaveResult.Rejected r -> workload.rejected();
            case SaveResult.Failed f -> {
                if (inflight == 0) {
                    recoverInPlace();
                }
            }
        }
    }

    /** The WAL stopped; recover from the disk, as a restarted node would. */
    private void recoverInPlace() {
        wal = null;
        workload.walFailed();
        rt.scheduler().schedule(20_000_000L, this::open);
    }

    @Override
    public void onMessage(int from, byte[] payload) {
        // This workload sends nothing; anything that arrives is noise to drop and count.
        malformed++;
    }

    long malformed() {
        return malformed;
    }

    /** A line for a failed run's report: where this node's WAL stands. */
    String describe() {
        return "node " + rt.nodeId() + ": " + (wal == null ? "no wal" : "wal last=" + wal.lastIndex() + " failure="
                + wal.failure() + " segments=" + wal.segmentNames().size()) + " inflight=" + inflight;
    }
}
