package io.shoaldb.replica;

import io.shoaldb.image.ImageBytes;
import io.shoaldb.image.ImageWriter;
import io.shoaldb.kv.SnapshotPayload;
import io.shoaldb.raft.ClusterConfig;
import io.shoaldb.raft.Entry;
import io.shoaldb.raft.EntryType;
import io.shoaldb.raft.HardState;
import io.shoaldb.raft.Message;
import io.shoaldb.raft.ProposeResult;
import io.shoaldb.raft.Raft;
import io.shoaldb.raft.RaftCodec;
import io.shoaldb.raft.Ready;
import io.shoaldb.raft.Role;
import io.shoaldb.raft.Snapshot;
import io.shoaldb.runtime.IoError;
import io.shoaldb.runtime.IoResult;
import io.shoaldb.runtime.NodeRuntime;
import io.shoaldb.runtime.Scheduler;
import io.shoaldb.wal.OpenResult;
import io.shoaldb.wal.Recovered;
import io.shoaldb.wal.SaveResult;
import io.shoaldb.wal.Wal;
import io.shoaldb.wal.WalConfig;
import io.shoaldb.wal.WalEntry;
import io.shoaldb.wal.WalHardState;
import io.shoaldb.wal.WalSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * One member of a Raft group over the write-ahead log, hosting a {@link StateMachine}. It follows the
 * Ready contract (a leader's appends leave at once, everything else only after the WAL reports the
 * Ready durable), applies committed entries in order, answers each {@link #propose} with what applying
 * its entry returned, snapshots the state machine every {@link ReplicaConfig#snapshotEveryEntries()}
 * entries and lets the WAL compact the log. Recovery is the newest snapshot plus the log after it.
 *
 * <p>Refusals mirror {@link io.shoaldb.kv.KvNode}: a data directory of another cluster, a corrupt one,
 * or one of a newer format stops the replica for good ({@link #failure()}); a disk error drops all
 * volatile state, as a crash would, and recovers from the disk again after a pause.
 *
 * <p>Everything runs on the node's event loop; the host delivers Raft messages with
 * {@link #onRaftMessage} and reaches the state machine only through {@link #stateMachine()}.
 */
public final class Replica<S extends StateMachine<R>, R> {

    /** The fate of a proposal: applied with a result, or not known to be (it may still apply). */
    public sealed interface Outcome<R> {
        record Applied<R>(R result) implements Outcome<R> {
        }

        /** {@code notAppended}: the log refused the entry, so it will never apply. */
        record NotApplied<R>(String why, int leaderHint, boolean notAppended) implements Outcome<R> {
        }
    }

    /** What the host hears about besides proposal outcomes. */
    public interface Listener<S> {
        /** A state machine was recovered or installed from a snapshot; the previous one is gone. */
        default void stateMachineReplaced(S stateMachine) {
        }

        /** Leadership was lost or the replica restarts from disk: volatile work built on it must end. */
        default void leadershipLost() {
        }
    }

    private record Pending<R>(long term, Consumer<Outcome<R>> done) {
    }

    /** Pause before recovering again after a disk failure. */
    static final long RESTART_DELAY_NANOS = 500_000_000L;

    private final NodeRuntime rt;
    private final ReplicaConfig cfg;
    private final StateMachine.Factory<S> factory;
    private final Listener<S> listener;
    private final int id;

    private Wal wal;
    private Raft raft;
    private S sm;
    private String failure;
    private boolean started;
    /** Readys handed to the WAL and not yet durable, and the ones it refused. */
    private final SavesInFlight saves = new SavesInFlight();
    private boolean compacting;
    private boolean pumpScheduled;
    private Scheduler.Cancellable tickTimer;
    private long lastTickNanos = Long.MIN_VALUE;
    private long incarnation;
    private long lastAppliedTerm;
    private Role lastRole = Role.FOLLOWER;
    private long lastTerm = -1;
    private long malformedDropped;
    private final TreeMap<Long, Pending<R>> pending = new TreeMap<>();

    public Replica(NodeRuntime rt, ReplicaConfig cfg, StateMachine.Factory<S> factory, Listener<S> listener) {
        this.rt = rt;
        this.cfg = cfg;
        this.factory = factory;
        this.listener = listener;
        this.id = rt.nodeId();
    }

    // ---------------------------------------------------------------- observation

    /** Why this replica refused to start or stopped, or null while it is healthy. */
    public String failure() {
        return failure;
    }

    /** Whether the WAL was recovered and the replica is serving. */
    public boolean isRunning() {
        return started && failure == null;
    }

    /** The Raft state machine, for observers; never drive it from outside. */
    public Raft raft() {
        return raft;
    }

    /** The hosted state machine (null before recovery). */
    public S stateMachine() {
        return sm;
    }

    /**
     * Whether this replica leads and has applied an entry of its own term, so its state machine holds
     * every committed entry: the point from which a leader may serve reads from its applied state.
     */
    public boolean isLeaderCaughtUp() {
        return isRunning() && raft.role() == Role.LEADER && lastAppliedTerm == raft.term();
    }

    /** The leader this replica knows of, or {@link Raft#NONE}. */
    public int leaderHint() {
        return raft == null ? Raft.NONE : raft.leaderId();
    }

    /** Data fsyncs of the current WAL (one per group commit), for observers such as benchmarks; 0 before it opened. */
    public long walFsyncs() {
        return wal == null ? 0 : wal.fsyncCount();
    }

    public long malformedDropped() {
        return malformedDropped;
    }

    // ---------------------------------------------------------------- lifecycle

    /** Recovers from the disk and starts serving; call once, on the loop. */
    public void start() {
        syncEverythingThen(this::openWal);
    }

    /** Makes every file of the directory durable before recovery reads it (see KvNode for why). */
    private void syncEverythingThen(Runnable then) {
        long gen = incarnation;
        rt.disk().list(listed -> {
            if (gen != incarnation) {
                return;
            }
            if (!(listed instanceof IoResult.Ok<List<String>> ok)) {
                retryStartLater("listing the data directory failed: " + ((IoResult.Failed<?>) listed).message());
                return;
            }
            List<String> mine = new ArrayList<>();
            for (String name : ok.value()) {
                if (name.startsWith(cfg.walFilePrefix())) {
                    mine.add(name);
                }
            }
            syncFiles(mine, 0, then);
        });
    }

    private void syncFiles(List<String> names, int i, Runnable then) {
        long gen = incarnation;
        if (i == names.size()) {
            rt.disk().fsyncDirectory(r -> {
                if (gen != incarnation) {
                    return;
                }
                if (r instanceof IoResult.Failed<Void> f) {
                    retryStartLater("fsync of the data directory failed: " + f.message());
                } else {
                    then.run();
                }
            });
            return;
        }
        rt.disk().fsync(names.get(i), r -> {
            if (gen != incarnation) {
                return;
            }
            if (r instanceof IoResult.Failed<Void> f && f.error() != IoError.NOT_FOUND) {
                retryStartLater("fsync of " + names.get(i) + " failed: " + f.message());
            } else {
                syncFiles(names, i + 1, then);
            }
        });
    }

    private void openWal() {
        WalConfig walCfg = WalConfig.of(cfg.clusterId(), id).withFilePrefix(cfg.walFilePrefix())
                .withImageChunkBytes(cfg.imageChunkBytes());
        long gen = incarnation;
        Wal.open(rt.disk(), rt.scheduler(), rt.trace(), walCfg, result -> {
            if (gen != incarnation) {
                return;
            }
            switch (result) {
                case OpenResult.Opened o -> recover(o.wal(), o.recovered());
                case OpenResult.Refused r when r.reason() == OpenResult.Reason.IO_ERROR ->
                        retryStartLater("the disk failed during recovery: " + r.message());
                case OpenResult.Refused r -> halt("refusing to start on this data directory (" + r.reason() + "): "
                        + r.message());
            }
        });
    }

    /** A disk error: drop all volatile state, as a crash would, and recover from the disk after a pause. */
    private void retryStartLater(String why) {
        rt.trace().warn("replica " + id + " restarting from disk: " + why);
        if (tickTimer != null) {
            tickTimer.cancel();
        }
        long generation = ++incarnation;
        started = false;
        saves.reset();
        compacting = false;
        pumpScheduled = false;
        wal = null;
        raft = null;
        failPending("the node is restarting from disk");
        lastRole = Role.FOLLOWER;
        lastTerm = -1;
        lastAppliedTerm = 0;
        lastTickNanos = Long.MIN_VALUE;
        listener.leadershipLost();
        rt.scheduler().schedule(RESTART_DELAY_NANOS, () -> {
            if (generation == incarnation && failure == null) {
                start();
            }
        });
    }

    private void recover(Wal opened, Recovered rec) {
        this.wal = opened;
        Snapshot snap = null;
        S restored;
        try {
            if (rec.snapshot().isPresent()) {
                WalSnapshot ws = rec.snapshot().get();
                snap = SnapshotPayload.decode(ws.index(), ws.term(), ws.data());
                restored = factory.restore(snap.data());
                if (restored.appliedIndex() != snap.index()) {
                    halt("snapshot image at index " + restored.appliedIndex() + " does not match its marker " + snap.index());
                    return;
                }
            } else {
                restored = factory.fresh();
            }
        } catch (IllegalStateException e) {
            halt("the snapshot cannot be restored (CORRUPT): " + e.getMessage());
            return;
        }
        List<Entry> entries = new ArrayList<>(rec.entries().size());
        for (WalEntry e : rec.entries()) {
            if (e.kind() >= EntryType.values().length) {
                halt("log entry " + e.index() + " has unknown kind " + e.kind());
                return;
            }
            entries.add(new Entry(e.term(), e.index(), EntryType.values()[e.kind()], e.data()));
        }
        WalHardState hs = rec.hardState();
        ClusterConfig bootstrap = new ClusterConfig(cfg.initialVoters(), new TreeSet<>());
        raft = new Raft(id, cfg.raft(), rt.entropy(), bootstrap, new HardState(hs.term(), hs.vote(), hs.commit()),
                snap, entries);
        sm = restored;
        started = true;
        listener.stateMachineReplaced(sm);
        catchUpTicks();
        rt.trace().event("replica " + id + " recovered term=" + hs.term() + " last=" + raft.lastIndex()
                + " snapshot=" + (snap == null ? 0 : snap.index()));
        scheduleTick();
        pump();
    }

    private void halt(String why) {
        if (failure == null) {
            failure = why;
            rt.trace().warn("replica " + id + " stopped: " + why);
        }
        if (tickTimer != null) {
            tickTimer.cancel();
        }
        failPending("the node stopped: " + why);
        listener.leadershipLost();
    }

    private void scheduleTick() {
        long gen = incarnation;
        tickTimer = rt.scheduler().schedule(cfg.tickNanos(), () -> {
            if (failure != null || gen != incarnation) {
                return;
            }
            catchUpTicks();
            pump();
            scheduleTick();
        });
    }

    /** One Raft tick per tick length elapsed on the monotonic clock (see KvNode#catchUpTicks). */
    private void catchUpTicks() {
        long now = rt.clock().monotonicNanos();
        if (lastTickNanos == Long.MIN_VALUE) {
            lastTickNanos = now;
            return;
        }
        long due = (now - lastTickNanos) / cfg.tickNanos();
        if (due <= 0) {
            return;
        }
        lastTickNanos += due * cfg.tickNanos();
        long n = Math.min(due, 4L * cfg.raft().electionTicks());
        for (long i = 0; i < n; i++) {
            raft.tick();
        }
    }

    // ---------------------------------------------------------------- inputs

    /** A Raft message from {@code from}; {@code payload} still carries the channel byte. Malformed ones are dropped. */
    public void onRaftMessage(int from, byte[] payload) {
        if (!isRunning()) {
            malformedDropped++;
            return;
        }
        catchUpTicks();
        Message m;
        try {
            m = RaftCodec.decode(Arrays.copyOfRange(payload, 1, payload.length));
        } catch (RaftCodec.MalformedMessageException e) {
            dropMalformed(from, e.getMessage());
            return;
        }
        if (m.from() != from || m.to() != id) {
            dropMalformed(from, "raft message claims " + m.from() + "->" + m.to());
            return;
        }
        raft.step(m);
        schedulePump();
    }

    private void dropMalformed(int from, String why) {
        malformedDropped++;
        if (Long.bitCount(malformedDropped) == 1) {
            rt.trace().warn("dropped malformed message #" + malformedDropped + " from " + from + ": " + why);
        }
    }

    /**
     * Proposes {@code data} as a normal entry; {@code done} gets what applying it returned, or why that
     * is not known. Called on the loop; {@code done} runs later on the loop, never inside this call.
     */
    public void propose(byte[] data, Consumer<Outcome<R>> done) {
        if (!isRunning()) {
            rt.scheduler().execute(() -> done.accept(new Outcome.NotApplied<>(
                    failure != null ? "the node stopped: " + failure : "the node is recovering", Raft.NONE, true)));
            return;
        }
        catchUpTicks();
        switch (raft.propose(data)) {
            case ProposeResult.Accepted a -> pending.put(a.index(), new Pending<>(a.term(), done));
            case ProposeResult.Rejected r -> rt.scheduler().execute(() -> done.accept(
                    new Outcome.NotApplied<>(r.reason() + ": " + r.detail(), r.leaderHint(), true)));
        }
        schedulePump();
    }

    /** Runs the Ready loop once after the events already queued, so they leave as one batch and one save. */
    public void schedulePump() {
        if (pumpScheduled) {
            return;
        }
        pumpScheduled = true;
        long gen = incarnation;
        rt.scheduler().execute(() -> {
            pumpScheduled = false;
            if (gen == incarnation) {
                pump();
            }
        });
    }

    // ---------------------------------------------------------------- the Ready loop

    private void pump() {
        if (!isRunning()) {
            return;
        }
        for (Message m : raft.takeMessages()) {
            sendRaft(m);
        }
        while (isRunning() && saves.mayTake(raft) && raft.hasReady()) {
            Ready r = raft.ready();
            for (Message m : r.messages()) {
                sendRaft(m);
            }
            // Committed entries do not depend on this Ready's save (they are durable on a majority):
            // apply and answer them now, not behind the saves in flight.
            for (Entry e : r.committed()) {
                apply(e);
            }
            if (r.mustPersist() || saves.any()) {
                // A Ready with nothing to save still waits for the saves before it: it is advanced, and
                // its acknowledgements sent, in order.
                saves.submitted();
                save(r);
            } else {
                afterPersist(r);
            }
        }
        if (isRunning() && saves.any()) {
            // entries committed while saves are in flight (followers acknowledged them)
            List<Entry> more;
            while (!(more = raft.takeCommitted()).isEmpty()) {
                for (Entry e : more) {
                    apply(e);
                }
            }
        }
        if (isRunning()) {
            noticeRoleChange();
        }
    }

    /** Log bytes after which a snapshot is taken whatever the image size (the log is held in memory). */
    static final long MAX_LOG_BYTES_BEFORE_SNAPSHOT = 1L << 30;

    /** Whether a log of {@code logBytes} since an image of {@code lastImageBytes} is worth a new image. */
    static boolean logWorthAnImage(long logBytes, long lastImageBytes) {
        return logBytes >= lastImageBytes / 2 || logBytes >= MAX_LOG_BYTES_BEFORE_SNAPSHOT;
    }

    private void save(Ready r) {
        WalHardState hs = r.hardState() == null ? null
                : new WalHardState(r.hardState().term(), r.hardState().vote(), r.hardState().commit());
        WalSnapshot snap = r.snapshot() == null ? null : new WalSnapshot(r.snapshot().index(), r.snapshot().term(),
                SnapshotPayload.encode(r.snapshot().config(), r.snapshot().data()));
        List<WalEntry> entries = new ArrayList<>(r.entries().size());
        for (Entry e : r.entries()) {
            entries.add(new WalEntry(e.index(), e.term(), e.type().ordinal(), e.data()));
        }
        long gen = incarnation;
        wal.save(hs, entries, snap, res -> {
            if (gen != incarnation) {
                return;
            }
            switch (res) {
                case SaveResult.Durable d -> {
                    if (!isRunning()) {
                        return;
                    }
                    saves.durable();
                    afterPersist(r);
                    pump();
                }
                // back-pressure: offer it again shortly, in order (nothing after it was accepted since)
                case SaveResult.Rejected x -> {
                    if (saves.refused(r)) {
                        rt.scheduler().schedule(cfg.tickNanos(), () -> {
                            if (gen == incarnation && isRunning()) {
                                saves.takeRefused().forEach(this::save);
                            }
                        });
                    }
                }
                case SaveResult.Failed f -> retryStartLater("write-ahead log failed: " + f.reason());
            }
        });
    }

    private void afterPersist(Ready r) {
        for (Message m : r.persistedMessages()) {
            sendRaft(m);
        }
        if (r.snapshot() != null) {
            S restored;
            try {
                restored = factory.restore(r.snapshot().data());
            } catch (IllegalStateException e) {
                halt("a snapshot from the leader cannot be restored: " + e.getMessage());
                return;
            }
            if (restored.appliedIndex() != r.snapshot().index()) {
                throw new IllegalStateException("snapshot image index " + restored.appliedIndex() + " != "
                        + r.snapshot().index());
            }
            sm = restored;
            listener.stateMachineReplaced(sm);
            rt.trace().event("replica " + id + " installed snapshot index=" + r.snapshot().index());
        }
        raft.advance(r);
        maybeCompact();
    }

    private void apply(Entry e) {
        R result = null;
        if (e.type() == EntryType.NORMAL && e.data().length > 0) {
            result = sm.apply(e.index(), e.data());
        } else {
            sm.skip(e.index());
        }
        lastAppliedTerm = e.term();
        // older pending indices can only belong to entries that were overwritten
        while (!pending.isEmpty() && pending.firstKey() < e.index()) {
            pending.pollFirstEntry().getValue().done().accept(new Outcome.NotApplied<>(
                    "the entry was overwritten by a new leader", raft.leaderId(), true));
        }
        Pending<R> p = pending.remove(e.index());
        if (p == null) {
            return;
        }
        if (p.term() != e.term()) {
            p.done().accept(new Outcome.NotApplied<>("the entry was overwritten by a new leader", raft.leaderId(), true));
        } else {
            p.done().accept(new Outcome.Applied<>(result));
        }
    }

    /** Snapshots at multiples of the interval, staggered by node id (see KvNode#maybeCompact for why). */
    private void maybeCompact() {
        long applied = sm.appliedIndex();
        long every = cfg.snapshotEveryEntries();
        long phase = Math.floorMod(id, 3) * (every / 3);
        long snapshotted = raft.firstIndex() - 1;
        if (compacting || Math.floorDiv(applied - phase, every) <= Math.floorDiv(snapshotted - phase, every)) {
            return;
        }
        if (saves.anyRefused()) {
            // entries handed out in a refused save are not in the WAL yet: a snapshot saved now would
            // overtake them (found by the simulator with a 2-save WAL queue, workload.wal_queue)
            return;
        }
        // An image costs time in proportion to the whole database, replay in proportion to the log: a
        // large database with small transactions is re-imaged only once its log has grown to half its
        // last image (pgbench at scale 10: a ~120 MB image against ~35 MB of log per 100,000 TPC-B-like
        // transactions), or past MAX_LOG_BYTES_BEFORE_SNAPSHOT, which bounds the log held in memory.
        Snapshot last = raft.snapshot();
        if (!logWorthAnImage(raft.logBytesAfterSnapshot(), last == null ? 0 : last.data().length())) {
            return;
        }
        if (!raft.canCompact(applied)) {
            return;
        }
        ImageWriter image = ImageBytes.writer(cfg.imageChunkBytes());
        sm.snapshot(image);
        if (!raft.compact(applied, image.finish())) {
            return;
        }
        Snapshot s = raft.snapshot();
        compacting = true;
        long gen = incarnation;
        wal.save(null, List.of(), new WalSnapshot(s.index(), s.term(), SnapshotPayload.encode(s.config(), s.data())),
                res -> {
                    if (gen != incarnation) {
                        return;
                    }
                    compacting = false;
                    if (res instanceof SaveResult.Failed f) {
                        retryStartLater("write-ahead log failed while saving a snapshot: " + f.reason());
                    } else if (res instanceof SaveResult.Durable) {
                        rt.trace().event("replica " + id + " snapshot durable index=" + s.index());
                    }
                });
    }

    private void noticeRoleChange() {
        Role role = raft.role();
        long term = raft.term();
        if (role == lastRole && term == lastTerm) {
            return;
        }
        boolean lostLeadership = lastRole == Role.LEADER && (role != Role.LEADER || term != lastTerm);
        if (role == Role.LEADER && lastRole != Role.LEADER) {
            rt.trace().event("replica " + id + " became leader term=" + term);
        }
        lastRole = role;
        lastTerm = term;
        if (lostLeadership) {
            rt.trace().event("replica " + id + " stepped down term=" + term);
            failPending("leadership changed before the entry was known to commit");
            listener.leadershipLost();
        }
    }

    /** Entries still pending may yet commit (under a new leader): their outcome is unknown. */
    private void failPending(String why) {
        List<Pending<R>> all = new ArrayList<>(pending.values());
        pending.clear();
        int hint = raft == null ? Raft.NONE : raft.leaderId();
        for (Pending<R> p : all) {
            p.done().accept(new Outcome.NotApplied<>(why, hint, false));
        }
    }

    private void sendRaft(Message m) {
        rt.network().send(m.to(), RaftCodec.encodeOnChannel(cfg.raftChannel(), m));
    }

    /** Pending proposals by index, for observers (tests). */
    Map<Long, ?> pendingView() {
        return pending;
    }
}
