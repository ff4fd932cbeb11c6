package io.shoaldb.kv;

import io.shoaldb.kv.KvCodec.AdminOp;
import io.shoaldb.kv.KvCodec.AdminRequest;
import io.shoaldb.kv.KvCodec.ClientMessage;
import io.shoaldb.kv.KvCodec.KvRequest;
import io.shoaldb.kv.KvCodec.KvResponse;
import io.shoaldb.kv.KvCodec.Status;
import io.shoaldb.raft.ClusterConfig;
import io.shoaldb.raft.Entry;
import io.shoaldb.raft.EntryType;
import io.shoaldb.raft.HardState;
import io.shoaldb.raft.Message;
import io.shoaldb.raft.ProposeResult;
import io.shoaldb.raft.Raft;
import io.shoaldb.raft.RaftCodec;
import io.shoaldb.raft.ReadState;
import io.shoaldb.raft.Ready;
import io.shoaldb.replica.SavesInFlight;
import io.shoaldb.raft.Role;
import io.shoaldb.raft.Snapshot;
import io.shoaldb.runtime.IoError;
import io.shoaldb.runtime.IoResult;
import io.shoaldb.runtime.NodeProcess;
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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A replicated key-value node: one Raft group over the write-ahead log, serving clients that are
 * network peers with their own ids. The node follows the Ready contract: a leader's appends leave at
 * once, everything else only after the WAL reports the Ready durable; committed entries are applied
 * to the {@link KvStateMachine} and answered to the client that proposed them; reads go through
 * ReadIndex (or a lease) and are answered once the read index is applied.
 *
 * <p>If the data directory belongs to another cluster or node, is corrupt, or was written by a newer
 * format, the node refuses to start: {@link #failure()} says why and the node ignores every input.
 * The same happens after a disk failure, since the WAL can then no longer be trusted; a restart
 * recovers from what is durable.
 */
public final class KvNode implements NodeProcess {

    private record PendingWrite(long term, int from, long clientId, long seq, boolean admin, long proposedNanos) {
    }

    private record PendingRead(int from, long clientId, long seq, String key) {
    }

    private record ConfirmedRead(long index, PendingRead read) {
    }

    private final NodeRuntime rt;
    private final KvNodeConfig cfg;
    private final int id;

    private Wal wal;
    private Raft raft;
    private KvStateMachine kv;
    private String failure;
    private boolean started;
    /** Readys handed to the WAL and not yet durable, and the ones it refused. */
    private final SavesInFlight saves = new SavesInFlight();
    private boolean compacting;
    private boolean pumpScheduled;
    private Scheduler.Cancellable tickTimer;
    private long lastTickNanos = Long.MIN_VALUE;
    /** When a Ready was first found waiting behind the saves in flight; MIN_VALUE if none is. */
    private long readyWaitingSinceNanos = Long.MIN_VALUE;
    /** The commit index up to which proposals' commit latency has been recorded. */
    private long commitSeen;
    private final KvNodeStats stats = new KvNodeStats();

    private final TreeMap<Long, PendingWrite> pendingWrites = new TreeMap<>();
    private final TreeMap<Long, PendingRead> pendingReads = new TreeMap<>();
    private final List<ConfirmedRead> confirmedReads = new ArrayList<>();
    private long nextReadId;
    private Role lastRole = Role.FOLLOWER;
    private long lastTerm = -1;

    /** Pause before recovering again after a disk failure. */
    static final long RESTART_DELAY_NANOS = 500_000_000L;

    /** Counts in-process restarts, so callbacks of an abandoned incarnation do nothing. */
    private long incarnation;
    private long malformedDropped;
    private long clientRequests;

    public KvNode(NodeRuntime runtime, KvNodeConfig config) {
        this.rt = runtime;
        this.cfg = config;
        this.id = runtime.nodeId();
    }

    // ---------------------------------------------------------------- observation

    /** Why this node refused to start or stopped, or null while it is healthy. */
    public String failure() {
        return failure;
    }

    /** Whether the WAL was recovered and the node is serving. */
    public boolean isRunning() {
        return started && failure == null;
    }

    /** The Raft state machine, for observers (invariant checks, tests); never drive it from outside. */
    public Raft raft() {
        return raft;
    }

    /** The applied key-value state, for observers. */
    public KvStateMachine stateMachine() {
        return kv;
    }

    /** Messages dropped because they were malformed, misaddressed or arrived before start. */
    public long malformedDropped() {
        return malformedDropped;
    }

    public long clientRequests() {
        return clientRequests;
    }

    /** Where writes spend their time (the benchmark's latency breakdown); use on the event loop only. */
    public KvNodeStats stats() {
        return stats;
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void start() {
        syncEverythingThen(this::openWal);
    }

    /**
     * Makes every file of the directory durable before recovery reads it. After a crash, or after a
     * failed fsync, the files may hold data that was written but never made durable; acting on it (a
     * vote, an acknowledged entry) and then losing it in the next crash would break Raft's promises.
     */
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
        if (i == names.size()) {
            long gen = incarnation;
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
        long gen = incarnation;
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
                .withImageChunkBytes(cfg.imageChunkBytes()).withMaxQueuedSaves(cfg.walQueuedSaves());
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

    /**
     * An I/O error is an operating condition, not a verdict on the data: drop all volatile state, as a
     * crash would, and recover from the disk again after a pause. Refusals for wrong or corrupt data
     * are final instead ({@link #halt}).
     */
    private void retryStartLater(String why) {
        rt.trace().warn("kv node " + id + " restarting from disk: " + why);
        if (tickTimer != null) {
            tickTimer.cancel();
        }
        long generation = ++incarnation;
        started = false;
        saves.reset();
        compacting = false;
        pumpScheduled = false;
        readyWaitingSinceNanos = Long.MIN_VALUE;
        commitSeen = 0;
        wal = null;
        raft = null;
        pendingWrites.clear();
        pendingReads.clear();
        confirmedReads.clear();
        lastRole = Role.FOLLOWER;
        lastTerm = -1;
        lastTickNanos = Long.MIN_VALUE;
        rt.scheduler().schedule(RESTART_DELAY_NANOS, () -> {
            if (generation == incarnation && failure == null) {
                start();
            }
        });
    }

    private void recover(Wal opened, Recovered rec) {
        this.wal = opened;
        Snapshot snap = null;
        if (rec.snapshot().isPresent()) {
            WalSnapshot ws = rec.snapshot().get();
            snap = SnapshotPayload.decode(ws.index(), ws.term(), ws.data());
            kv = KvStateMachine.restore(snap.data());
            if (kv.appliedIndex() != snap.index()) {
                halt("snapshot image at index " + kv.appliedIndex() + " does not match its marker " + snap.index());
                return;
            }
        } else {
            kv = new KvStateMachine();
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
        ClusterConfig bootstrap = new ClusterConfig(cfg.initialVoters(), new java.util.TreeSet<>());
        raft = new Raft(id, cfg.raft(), rt.entropy(), bootstrap, new HardState(hs.term(), hs.vote(), hs.commit()),
                snap, entries);
        started = true;
        catchUpTicks();
        rt.trace().event("kv node " + id + " recovered term=" + hs.term() + " last=" + raft.lastIndex()
                + " snapshot=" + (snap == null ? 0 : snap.index()));
        scheduleTick();
        pump();
    }

    private void halt(String why) {
        if (failure == null) {
            failure = why;
            rt.trace().warn("kv node " + id + " stopped: " + why);
        }
        if (tickTimer != null) {
            tickTimer.cancel();
        }
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

    /**
     * Gives Raft one tick per tick length elapsed on the monotonic clock, not one per timer firing: a
     * paused or overloaded node then cannot undercount time, which leader leases rely on. Called at the
     * start of every handler, so a lease is judged against the current time.
     */
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
        // beyond a few election timeouts more ticks change nothing: every timeout has expired
        long n = Math.min(due, 4L * cfg.raft().electionTicks());
        for (long i = 0; i < n; i++) {
            raft.tick();
        }
    }

    // ---------------------------------------------------------------- inputs

    @Override
    public void onMessage(int from, byte[] payload) {
        if (!isRunning() || payload.length == 0) {
            malformedDropped++;
            return;
        }
        catchUpTicks();
        switch (payload[0]) {
            case KvCodec.CHANNEL_RAFT -> onRaftMessage(from, payload);
            case KvCodec.CHANNEL_REQUEST -> {
                try {
                    ClientMessage m = KvCodec.decodeClient(payload);
                    clientRequests++;
                    switch (m) {
                        case KvRequest r -> onKvRequest(from, r);
                        case AdminRequest a -> onAdminRequest(from, a);
                        case KvResponse r -> dropMalformed(from, "a response sent to a node");
                    }
                } catch (KvCodec.MalformedException e) {
                    dropMalformed(from, e.getMessage());
                }
            }
            default -> dropMalformed(from, "unknown channel " + payload[0]);
        }
        schedulePump();
    }

    /**
     * Runs the Ready loop once after the messages already queued on the event loop: requests and
     * acknowledgements arriving together then leave as one batch per follower and one save.
     */
    private void schedulePump() {
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

    private void onRaftMessage(int from, byte[] payload) {
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
    }

    private void dropMalformed(int from, String why) {
        malformedDropped++;
        if (Long.bitCount(malformedDropped) == 1) { // 1st, 2nd, 4th, 8th...: visible without flooding the log
            rt.trace().warn("dropped malformed message #" + malformedDropped + " from " + from + ": " + why);
        }
    }

    private void onKvRequest(int from, KvRequest r) {
        switch (r.op()) {
            case KvOp.Get g -> {
                long readId = ++nextReadId;
                ProposeResult res = raft.readIndex(readId);
                if (res instanceof ProposeResult.Rejected rej) {
                    reject(from, r.clientId(), r.seq(), rej);
                } else {
                    pendingReads.put(readId, new PendingRead(from, r.clientId(), r.seq(), g.key()));
                }
            }
            case KvOp.Put p -> proposeWrite(from, r);
            case KvOp.Cas c -> proposeWrite(from, r);
        }
    }

    private void proposeWrite(int from, KvRequest r) {
        if (r.seq() < 1) {
            respond(from, new KvResponse(r.clientId(), r.seq(), Status.BAD_REQUEST, null, -1,
                    "write sequence numbers start at 1"));
            return;
        }
        KvResult done = kv.appliedResult(r.clientId(), r.seq());
        if (done != null) {
            respond(from, KvResponse.ok(r.clientId(), r.seq(), done)); // a retry of an applied request
            return;
        }
        ProposeResult res = raft.propose(KvCodec.encodeCommand(new KvCommand(r.clientId(), r.seq(), r.op())));
        switch (res) {
            case ProposeResult.Accepted a -> pendingWrites.put(a.index(),
                    new PendingWrite(a.term(), from, r.clientId(), r.seq(), false, rt.clock().monotonicNanos()));
            case ProposeResult.Rejected rej -> reject(from, r.clientId(), r.seq(), rej);
        }
    }

    private void onAdminRequest(int from, AdminRequest a) {
        ProposeResult res = switch (a.op()) {
            case AdminOp.Change c -> raft.proposeConfChange(c.change());
            case AdminOp.TransferLeader t -> raft.transferLeadership(t.target());
        };
        switch (res) {
            case ProposeResult.Accepted acc -> {
                if (a.op() instanceof AdminOp.Change) {
                    pendingWrites.put(acc.index(), new PendingWrite(acc.term(), from, a.clientId(), a.seq(), true,
                            rt.clock().monotonicNanos()));
                } else {
                    respond(from, KvResponse.ok(a.clientId(), a.seq(), KvCodec.DONE));
                }
            }
            case ProposeResult.Rejected rej -> reject(from, a.clientId(), a.seq(), rej);
        }
    }

    private void reject(int to, long clientId, long seq, ProposeResult.Rejected rej) {
        Status status = switch (rej.reason()) {
            case NOT_LEADER -> Status.NOT_LEADER;
            case TRANSFERRING, BUSY, CONFIG_CHANGE_PENDING -> Status.UNAVAILABLE;
            case TOO_LARGE, INVALID_CONFIG_CHANGE, INVALID_TARGET -> Status.BAD_REQUEST;
        };
        respond(to, new KvResponse(clientId, seq, status, null, rej.leaderHint(), rej.detail()));
    }

    private void respond(int to, KvResponse r) {
        rt.network().send(to, KvCodec.encodeClient(r));
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
            // Committed entries do not depend on this Ready's save: apply and answer them now.
            applyCommitted(r.committed(), r.readStates(), false);
            if (r.mustPersist() || saves.any()) {
                // Also a Ready with nothing to save waits for the saves before it: its persisted messages
                // (acknowledgements) may speak for entries those saves carry.
                saves.submitted();
                save(r);
            } else {
                afterPersist(r);
            }
        }
        if (isRunning() && saves.any()) {
            // Entries committed while saves are in flight (followers acknowledged them) need not
            // wait for them: they are durable on a majority.
            List<Entry> more;
            while (!(more = raft.takeCommitted()).isEmpty()) {
                applyCommitted(more, List.of(), true);
            }
            if (readyWaitingSinceNanos == Long.MIN_VALUE && raft.hasUnpersisted()) {
                readyWaitingSinceNanos = rt.clock().monotonicNanos();
            }
        }
        if (isRunning()) {
            noteCommits();
            noticeRoleChange();
        }
    }

    /** Records the commit latency of this leader's proposals that the commit index now covers. */
    private void noteCommits() {
        long commit = raft.commitIndex();
        if (commit <= commitSeen) {
            return;
        }
        long now = rt.clock().monotonicNanos();
        for (PendingWrite pw : pendingWrites.subMap(commitSeen, false, commit, true).values()) {
            stats.record(KvNodeStats.Metric.PROPOSE_TO_COMMIT, now - pw.proposedNanos());
        }
        commitSeen = commit;
    }

    private void applyCommitted(List<Entry> committed, List<ReadState> readStates, boolean whileSaving) {
        noteCommits();
        for (Entry e : committed) {
            apply(e);
        }
        stats.applied(committed.size(), whileSaving);
        for (ReadState rs : readStates) {
            PendingRead pr = pendingReads.remove(rs.requestId());
            if (pr != null) {
                confirmedReads.add(new ConfirmedRead(rs.index(), pr));
            }
        }
        serveReads();
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
        long submittedNanos = rt.clock().monotonicNanos();
        stats.record(KvNodeStats.Metric.SAVE_WAIT,
                readyWaitingSinceNanos == Long.MIN_VALUE ? 0 : submittedNanos - readyWaitingSinceNanos);
        readyWaitingSinceNanos = Long.MIN_VALUE;
        stats.saved(entries.size());
        for (Entry e : r.entries()) {
            PendingWrite pw = pendingWrites.get(e.index());
            if (pw != null && pw.term() == e.term()) {
                stats.record(KvNodeStats.Metric.PROPOSE_TO_SAVE, submittedNanos - pw.proposedNanos());
            }
        }
        wal.save(hs, entries, snap, res -> {
            if (gen != incarnation) {
                return; // the answer of a WAL this node has since given up on
            }
            switch (res) {
                case SaveResult.Durable d -> {
                    if (!isRunning()) {
                        return;
                    }
                    stats.record(KvNodeStats.Metric.SAVE, rt.clock().monotonicNanos() - submittedNanos);
                    saves.durable();
                    afterPersist(r);
                    pump();
                }
                // back-pressure: the WAL is still healthy; offer the same content again shortly, in order
                // (the saves after this one were refused too: nothing was accepted since)
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
            kv = KvStateMachine.restore(r.snapshot().data());
            if (kv.appliedIndex() != r.snapshot().index()) {
                throw new IllegalStateException("snapshot image index " + kv.appliedIndex() + " != " + r.snapshot().index());
            }
            rt.trace().event("kv node " + id + " installed snapshot index=" + r.snapshot().index());
        }
        raft.advance(r);
        serveReads();
        maybeCompact();
    }

    private void apply(Entry e) {
        KvResult result = null;
        if (e.type() == EntryType.NORMAL && e.data().length > 0) {
            KvCommand cmd;
            try {
                cmd = KvCodec.decodeCommand(e.data());
            } catch (KvCodec.MalformedException ex) {
                throw new IllegalStateException("committed entry " + e + " is not a command: " + ex.getMessage(), ex);
            }
            result = kv.apply(e.index(), cmd);
        } else {
            kv.skip(e.index());
        }
        // older pending indices can only belong to entries that were overwritten
        while (!pendingWrites.isEmpty() && pendingWrites.firstKey() < e.index()) {
            failWrite(pendingWrites.pollFirstEntry().getValue(), "the entry was overwritten by a new leader");
        }
        PendingWrite pw = pendingWrites.remove(e.index());
        if (pw == null) {
            return;
        }
        if (pw.term() != e.term()) {
            failWrite(pw, "the entry was overwritten by a new leader");
        } else if (pw.admin()) {
            respond(pw.from(), KvResponse.ok(pw.clientId(), pw.seq(), KvCodec.DONE));
        } else {
            respond(pw.from(), KvResponse.ok(pw.clientId(), pw.seq(), result));
            stats.record(KvNodeStats.Metric.PROPOSE_TO_REPLY, rt.clock().monotonicNanos() - pw.proposedNanos());
        }
    }

    private void failWrite(PendingWrite pw, String why) {
        respond(pw.from(), new KvResponse(pw.clientId(), pw.seq(), Status.UNKNOWN, null, raft.leaderId(), why));
    }

    private void serveReads() {
        Iterator<ConfirmedRead> it = confirmedReads.iterator();
        while (it.hasNext()) {
            ConfirmedRead cr = it.next();
            if (cr.index() <= kv.appliedIndex()) {
                it.remove();
                PendingRead pr = cr.read();
                respond(pr.from(), KvResponse.ok(pr.clientId(), pr.seq(), new KvResult.Value(kv.get(pr.key()))));
            }
        }
    }

    /**
     * Snapshots when the applied index crosses the next of this node's snapshot points: multiples of
     * the interval shifted by a third of it per node id (mod 3). Writing a snapshot stalls a node's log
     * saves for a few fsyncs; staggered points keep three replicas from stalling at the same moment,
     * so a leader and one follower can still commit while the other follower writes its snapshot.
     */
    private void maybeCompact() {
        long applied = kv.appliedIndex();
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
        if (!raft.canCompact(applied) || !raft.compact(applied, kv.snapshot(cfg.imageChunkBytes()))) {
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
                        rt.trace().event("kv node " + id + " snapshot durable index=" + s.index());
                    }
                });
    }

    /** Fails what a deposed leader can no longer answer; announces leadership changes. */
    private void noticeRoleChange() {
        Role role = raft.role();
        long term = raft.term();
        if (role == lastRole && term == lastTerm) {
            return;
        }
        boolean lostLeadership = lastRole == Role.LEADER && (role != Role.LEADER || term != lastTerm);
        if (role == Role.LEADER && lastRole != Role.LEADER) {
            rt.trace().event("kv node " + id + " became leader term=" + term);
        }
        if (lostLeadership) {
            rt.trace().event("kv node " + id + " stepped down term=" + term);
            for (Map.Entry<Long, PendingWrite> e : pendingWrites.entrySet()) {
                failWrite(e.getValue(), "leadership changed before the write was known to commit");
            }
            pendingWrites.clear();
            for (PendingRead pr : pendingReads.values()) {
                respond(pr.from(), new KvResponse(pr.clientId(), pr.seq(), Status.NOT_LEADER, null, raft.leaderId(),
                        "leadership changed before the read was confirmed"));
            }
            pendingReads.clear();
        }
        lastRole = role;
        lastTerm = term;
    }

    private void sendRaft(Message m) {
        rt.network().send(m.to(), RaftCodec.encodeOnChannel(KvCodec.CHANNEL_RAFT, m));
    }
}
