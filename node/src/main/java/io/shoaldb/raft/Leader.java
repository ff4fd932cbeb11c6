package io.shoaldb.raft;

import io.shoaldb.raft.Message.AppendRequest;
import io.shoaldb.raft.Message.AppendResponse;
import io.shoaldb.raft.Message.Heartbeat;
import io.shoaldb.raft.Message.HeartbeatResponse;
import io.shoaldb.raft.Message.SnapshotChunk;
import io.shoaldb.raft.Message.SnapshotResponse;
import io.shoaldb.raft.Message.TimeoutNow;
import io.shoaldb.raft.ProposeResult.Accepted;
import io.shoaldb.raft.ProposeResult.Rejected;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a {@link Raft} node knows only while it leads one term: each follower's replication
 * progress, the linearizable-read rounds and lease, a leader transfer in progress. It exists from the
 * election win to the step-down, so none of it can leak into a later term.
 */
final class Leader {

    private final Raft raft;
    private final RaftLog log;
    private final RaftConfig cfg;
    private final int id;
    private final long term;
    private final TreeMap<Integer, Progress> progress = new TreeMap<>();
    private final ReadTracker reads = new ReadTracker();
    private int transferee = Raft.NONE;
    /** Set once a TimeoutNow left: a forced election may start at any time in this term. */
    private boolean leaseRevoked;
    private boolean appendPending;
    /** A heartbeat round created for reads and not yet broadcast (reads of one turn share it). */
    private long unsentRound;
    private boolean active = true;

    Leader(Raft raft, RaftLog log, RaftConfig cfg) {
        this.raft = raft;
        this.log = log;
        this.cfg = cfg;
        this.id = raft.id();
        this.term = raft.term();
        for (int member : raft.clusterConfig().members()) {
            if (member != id) {
                addProgress(member, log.lastIndex() + 1);
            }
        }
        // an entry of its own term lets the new leader commit everything before it (Raft §5.4.2)
        log.appendNew(new Entry(term, log.lastIndex() + 1, EntryType.NORMAL, new byte[0]));
        appendPending = true;
    }

    /** The leader stepped down; whatever is still running in this object must not act. */
    void deactivate() {
        active = false;
    }

    private void addProgress(int member, long next) {
        Progress p = new Progress(next, cfg.maxInflightAppends());
        p.recentActive = true;
        progress.put(member, p);
    }

    String progressOf(int peer) {
        Progress p = progress.get(peer);
        return p == null ? "none" : p.toString();
    }

    // ---------------------------------------------------------------- time

    /** An election timeout passed: returns false if this leader lost touch with a majority. */
    boolean onElectionTimeout() {
        if (cfg.checkQuorum() && !quorumActive()) {
            return false;
        }
        transferee = Raft.NONE; // a transfer still running has timed out; take proposals again
        return true;
    }

    void onHeartbeatTimeout() {
        broadcastHeartbeat(reads.newRound(raft.ticks()));
    }

    // ---------------------------------------------------------------- client work

    Rejected checkProposable(int sizeBytes) {
        if (transferee != Raft.NONE) {
            return new Rejected(Rejection.TRANSFERRING, id, "leadership is moving to " + transferee);
        }
        if (sizeBytes > cfg.maxEntryBytes()) {
            return new Rejected(Rejection.TOO_LARGE, id, sizeBytes + " bytes exceeds " + cfg.maxEntryBytes());
        }
        if (log.lastIndex() - log.commit() >= cfg.maxUncommittedEntries()) {
            return new Rejected(Rejection.BUSY, id, "too many uncommitted entries");
        }
        return null;
    }

    Accepted append(EntryType type, byte[] data) {
        Entry e = new Entry(term, log.lastIndex() + 1, type, data);
        log.appendNew(e);
        appendPending = true;
        return new Accepted(e.index(), e.term());
    }

    ProposeResult readIndex(long requestId) {
        if (reads.size() >= cfg.maxPendingReads()) {
            return new Rejected(Rejection.BUSY, id, "too many pending reads");
        }
        if (log.term(log.commit()) != term) {
            reads.waitForCommit(requestId);
        } else {
            confirmRead(requestId, log.commit());
        }
        return new Accepted(log.commit(), term);
    }

    ProposeResult transferLeadership(int target) {
        if (target == id || !raft.clusterConfig().voters().contains(target)) {
            return new Rejected(Rejection.INVALID_TARGET, id, "node " + target + " is not another voter");
        }
        transferee = target;
        raft.restartElectionTimer();
        Progress pr = progress.get(target);
        if (pr.match == log.lastIndex()) {
            sendTimeoutNow(target);
        } else {
            sendAppend(target, true);
        }
        return new Accepted(log.lastIndex(), term);
    }

    private void confirmRead(long requestId, long index) {
        ClusterConfig config = raft.clusterConfig();
        boolean soleVoter = config.voters().size() == 1 && config.voters().contains(id);
        if (soleVoter || leaseValid()) {
            raft.readStates().add(new ReadState(requestId, index));
            return;
        }
        if (unsentRound == 0) {
            unsentRound = reads.newRound(raft.ticks());
        }
        reads.add(requestId, index, unsentRound);
    }

    private boolean leaseValid() {
        return cfg.leaseDriftTicks() >= 0 && !leaseRevoked && transferee == Raft.NONE
                && reads.leaseStartTick() != Long.MIN_VALUE
                && raft.ticks() - reads.leaseStartTick() < cfg.electionTicks() - cfg.leaseDriftTicks();
    }

    // ---------------------------------------------------------------- messages

    void step(Message m) {
        switch (m) {
            case AppendResponse r -> handleAppendResponse(r);
            case HeartbeatResponse h -> handleHeartbeatResponse(h);
            case SnapshotResponse s -> handleSnapshotResponse(s);
            case AppendRequest a -> throw twoLeaders(a.from());
            case Heartbeat h -> throw twoLeaders(h.from());
            case SnapshotChunk c -> throw twoLeaders(c.from());
            default -> {
                // vote responses after winning, a TimeoutNow for an earlier transfer: nothing to do
            }
        }
    }

    private IllegalStateException twoLeaders(int other) {
        return new IllegalStateException("Raft invariant violated: nodes " + id + " and " + other
                + " both lead term " + term);
    }

    private void handleAppendResponse(AppendResponse r) {
        Progress pr = progress.get(r.from());
        if (pr == null) {
            return;
        }
        pr.recentActive = true;
        if (!r.success()) {
            if (pr.maybeDecrTo(r.index(), r.hintIndex())) {
                if (pr.state == Progress.State.REPLICATE) {
                    pr.becomeProbe();
                }
                sendAppend(r.from(), true);
            }
            return;
        }
        if (r.index() > log.lastIndex()) {
            throw new IllegalStateException("Raft invariant violated: follower " + r.from() + " matches index "
                    + r.index() + " beyond leader's last " + log.lastIndex());
        }
        boolean wasPaused = pr.isPaused();
        if (!pr.maybeUpdate(r.index())) {
            return;
        }
        switch (pr.state) {
            case PROBE -> pr.becomeReplicate();
            case SNAPSHOT -> {
                if (pr.match >= pr.pendingSnapshot) {
                    pr.becomeProbe();
                    pr.becomeReplicate();
                }
            }
            case REPLICATE -> pr.freeInflightTo(r.index());
        }
        if (maybeCommit()) {
            appendPending = true;
        } else if (wasPaused) {
            sendAppend(r.from(), false);
        }
        while (sendAppend(r.from(), false)) {
            // pipeline: keep the window full
        }
        if (r.from() == transferee && pr.match == log.lastIndex()) {
            sendTimeoutNow(r.from());
        }
    }

    private void handleHeartbeatResponse(HeartbeatResponse h) {
        Progress pr = progress.get(h.from());
        if (pr == null) {
            return;
        }
        pr.recentActive = true;
        pr.probeSent = false;
        if (pr.state == Progress.State.REPLICATE && pr.inflightFull()) {
            pr.freeFirstInflight(); // an ack may have been lost: let one more append through
        }
        if (pr.state == Progress.State.SNAPSHOT) {
            sendSnapshotChunk(h.from(), pr); // resend the outstanding chunk
        } else if (pr.match < log.lastIndex()) {
            sendAppend(h.from(), true);
        }
        if (h.seq() > pr.ackedSeq && h.seq() <= reads.seq() && raft.clusterConfig().voters().contains(h.from())) {
            pr.ackedSeq = h.seq();
            reads.acknowledged(quorumAckedSeq(), raft.readStates());
        }
    }

    private void handleSnapshotResponse(SnapshotResponse s) {
        Progress pr = progress.get(s.from());
        if (pr == null) {
            return;
        }
        pr.recentActive = true;
        if (s.done()) {
            if (s.snapshotIndex() > log.lastIndex()) {
                return;
            }
            pr.maybeUpdate(s.snapshotIndex());
            if (pr.state == Progress.State.SNAPSHOT) {
                pr.becomeProbe();
            }
            if (maybeCommit()) {
                appendPending = true;
            }
            sendAppend(s.from(), true);
            return;
        }
        Snapshot cur = log.snapshot();
        if (pr.state != Progress.State.SNAPSHOT || cur == null || s.snapshotIndex() != pr.pendingSnapshot
                || cur.index() != pr.pendingSnapshot) {
            return;
        }
        // only a change of the expected offset triggers a send, so duplicated responses cause no storm
        if (s.nextOffset() != pr.snapshotOffset && s.nextOffset() <= cur.data().length()) {
            pr.snapshotOffset = s.nextOffset();
            sendSnapshotChunk(s.from(), pr);
        }
    }

    // ---------------------------------------------------------------- commit and quorum

    /** Advances the commit index to what a majority has durably stored; returns whether it moved. */
    boolean maybeCommit() {
        ClusterConfig config = raft.clusterConfig();
        if (!active || config.voters().isEmpty()) {
            return false;
        }
        long[] matches = new long[config.voters().size()];
        int i = 0;
        for (int voter : config.voters()) {
            if (voter == id) {
                matches[i++] = log.persisted(); // the leader counts only what its own disk holds
            } else {
                Progress p = progress.get(voter);
                matches[i++] = p == null ? 0 : p.match;
            }
        }
        Arrays.sort(matches);
        long quorumIndex = matches[matches.length - config.quorum()];
        // Raft only commits entries of the current term by counting replicas (Figure 8 of the paper).
        if (quorumIndex <= log.commit() || log.term(quorumIndex) != term) {
            return false;
        }
        boolean firstInTerm = log.term(log.commit()) != term;
        log.commitTo(quorumIndex);
        if (firstInTerm) {
            for (long requestId : reads.drainWaiting()) {
                confirmRead(requestId, log.commit());
            }
        }
        if (!config.voters().contains(id) && raft.lastConfigIndex() <= log.commit()) {
            raft.stepDown(); // this leader's removal is committed; it hands over by stepping down
        }
        return true;
    }

    private long quorumAckedSeq() {
        ClusterConfig config = raft.clusterConfig();
        long[] acks = new long[config.voters().size()];
        int i = 0;
        for (int voter : config.voters()) {
            if (voter == id) {
                acks[i++] = reads.seq();
            } else {
                Progress p = progress.get(voter);
                acks[i++] = p == null ? 0 : p.ackedSeq;
            }
        }
        Arrays.sort(acks);
        return acks[acks.length - config.quorum()];
    }

    private boolean quorumActive() {
        ClusterConfig config = raft.clusterConfig();
        int activeVoters = 0;
        for (int voter : config.voters()) {
            Progress p = progress.get(voter);
            if (voter == id || (p != null && p.recentActive)) {
                activeVoters++;
            }
        }
        for (Progress p : progress.values()) {
            p.recentActive = false;
        }
        return activeVoters >= config.quorum();
    }

    // ---------------------------------------------------------------- membership

    void onConfigChange(ClusterConfig next) {
        for (int member : next.members()) {
            if (member != id && !progress.containsKey(member)) {
                addProgress(member, log.lastIndex());
            }
        }
        progress.keySet().removeIf(member -> !next.isMember(member));
        if (transferee != Raft.NONE && !next.voters().contains(transferee)) {
            transferee = Raft.NONE;
        }
        maybeCommit();
    }

    // ---------------------------------------------------------------- sending

    /** Sends what proposals and reads of this turn need: one batch per follower, one heartbeat round. */
    void flush() {
        if (!active) {
            return;
        }
        if (appendPending) {
            appendPending = false;
            for (int peer : progress.keySet()) {
                if (sendAppend(peer, true)) {
                    while (sendAppend(peer, false)) {
                        // pipeline
                    }
                }
            }
        }
        if (unsentRound != 0) {
            broadcastHeartbeat(unsentRound);
            unsentRound = 0;
        }
    }

    void markAppendPending() {
        appendPending = true;
    }

    /** Sends the next append (or snapshot chunk) to {@code to}; returns whether anything was sent. */
    private boolean sendAppend(int to, boolean evenIfEmpty) {
        Progress pr = progress.get(to);
        if (!active || pr == null || pr.isPaused()) {
            return false;
        }
        long prevIndex = pr.next - 1;
        if (prevIndex > log.lastIndex()) {
            throw new IllegalStateException("progress next " + pr.next + " beyond last index " + log.lastIndex());
        }
        long prevTerm = log.term(prevIndex);
        if (prevTerm < 0) {
            pr.becomeSnapshot(log.snapshot().index());
            sendSnapshotChunk(to, pr);
            return true;
        }
        List<Entry> entries = pr.next <= log.lastIndex()
                ? log.slice(pr.next, log.lastIndex(), cfg.maxAppendBytes()) : List.of();
        if (entries.isEmpty() && !evenIfEmpty) {
            return false;
        }
        raft.send(new AppendRequest(id, to, term, prevIndex, prevTerm, entries, log.commit()));
        if (pr.state == Progress.State.REPLICATE) {
            if (!entries.isEmpty()) {
                long last = entries.getLast().index();
                pr.next = last + 1;
                pr.addInflight(last);
            }
        } else {
            pr.probeSent = true;
        }
        return true;
    }

    private void sendSnapshotChunk(int to, Progress pr) {
        if (!active) {
            return;
        }
        Snapshot s = log.snapshot();
        if (s.index() != pr.pendingSnapshot) {
            pr.becomeSnapshot(s.index());
        }
        long offset = pr.snapshotOffset;
        long total = s.data().length();
        int len = (int) Math.min(cfg.maxSnapshotChunkBytes(), total - offset);
        byte[] chunk = s.data().range(offset, len);
        boolean last = offset + len == total;
        raft.send(new SnapshotChunk(id, to, term, s.index(), s.term(), s.config(), offset, total, chunk, last));
    }

    private void broadcastHeartbeat(long seq) {
        if (!active) {
            return;
        }
        for (Map.Entry<Integer, Progress> e : progress.entrySet()) {
            long commit = Math.min(e.getValue().match, log.commit());
            raft.send(new Heartbeat(id, e.getKey(), term, commit, seq));
        }
        if (progress.isEmpty() || raft.clusterConfig().voters().size() == 1) {
            reads.acknowledged(quorumAckedSeq(), raft.readStates());
        }
    }

    private void sendTimeoutNow(int to) {
        leaseRevoked = true; // a forced election may now start at any time, even after the transfer aborts
        raft.send(new TimeoutNow(id, to, term));
    }
}
