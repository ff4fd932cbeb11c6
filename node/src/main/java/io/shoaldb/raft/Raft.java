package io.shoaldb.raft;

import io.shoaldb.raft.Message.AppendRequest;
import io.shoaldb.raft.Message.AppendResponse;
import io.shoaldb.raft.Message.Heartbeat;
import io.shoaldb.raft.Message.HeartbeatResponse;
import io.shoaldb.raft.Message.SnapshotChunk;
import io.shoaldb.raft.Message.SnapshotResponse;
import io.shoaldb.raft.Message.TimeoutNow;
import io.shoaldb.raft.Message.VoteRequest;
import io.shoaldb.raft.Message.VoteResponse;
import io.shoaldb.raft.ProposeResult.Accepted;
import io.shoaldb.raft.ProposeResult.Rejected;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * One Raft node as a pure state machine (see the package documentation for the Step/Ready/Advance
 * contract). Single-server membership changes take effect when appended; a leader proposes one only
 * after it has committed an entry of its own term and when no other change is uncommitted, which is
 * the known fix for the single-server change bug.
 */
public final class Raft {

    /** No node: no vote cast, no leader known. */
    public static final int NONE = -1;

    private static final byte[] NO_DATA = new byte[0];

    private final int id;
    private final RaftConfig cfg;
    private final RandomGenerator rng;
    private final RaftLog log;
    private final ClusterConfig bootstrapConfig;
    /** Configurations carried by entries after the snapshot, by index. */
    private final TreeMap<Long, ClusterConfig> configEntries = new TreeMap<>();
    private ClusterConfig config;

    private Role role = Role.FOLLOWER;
    private long term;
    private int vote;
    private int leader = NONE;

    private HardState handedOutHardState;
    private HardState persistedHardState;

    private final TreeMap<Integer, Progress> progress = new TreeMap<>();
    private final TreeMap<Integer, Boolean> votes = new TreeMap<>();
    private int electionElapsed;
    private int heartbeatElapsed;
    private int randomizedElectionTicks;
    private long ticks;
    /** Tick of the last message accepted from a leader, for refusing votes while a leader is alive. */
    private long lastLeaderContactTick;
    private int transferee = NONE;
    private boolean leaseRevoked;
    private boolean appendPending;
    private long unsentRound;

    private final ReadTracker reads = new ReadTracker();
    private final SnapshotReceiver receiver = new SnapshotReceiver();
    private Snapshot snapshotToPersist;
    private boolean readyOutstanding;

    private final List<Message> messages = new ArrayList<>();
    private final List<Message> persistedMessages = new ArrayList<>();
    private final List<ReadState> readStates = new ArrayList<>();
    private long droppedMessages;

    /**
     * Builds a node from what its storage holds (all empty for a brand-new node).
     *
     * @param bootstrapConfig the membership to use while neither the snapshot nor the log names one;
     *                        every founding member must be given the same one, a joining node an empty one
     */
    public Raft(int id, RaftConfig cfg, RandomGenerator rng, ClusterConfig bootstrapConfig, HardState hardState,
                Snapshot snapshot, List<Entry> entries) {
        if (id < 0) {
            throw new IllegalArgumentException("node id must be non-negative: " + id);
        }
        this.id = id;
        this.cfg = Objects.requireNonNull(cfg, "cfg");
        this.rng = Objects.requireNonNull(rng, "rng");
        this.bootstrapConfig = Objects.requireNonNull(bootstrapConfig, "bootstrapConfig");
        this.log = new RaftLog(snapshot, entries, hardState.commit());
        this.term = hardState.term();
        this.vote = hardState.vote();
        if (snapshot != null && snapshot.term() > term) {
            throw new IllegalStateException("stored snapshot term " + snapshot.term() + " above stored term " + term);
        }
        if (log.lastTerm() > term) {
            throw new IllegalStateException("stored log term " + log.lastTerm() + " above stored term " + term);
        }
        for (Entry e : entries) {
            if (e.type() == EntryType.CONFIG) {
                configEntries.put(e.index(), RaftCodec.decodeConfigEntry(e));
            }
        }
        this.config = currentConfigFromLog();
        this.persistedHardState = hardState;
        this.handedOutHardState = hardState;
        // With leases on, a restarted node must not vote before a leader's lease it may have granted expires.
        this.lastLeaderContactTick = cfg.leaseDriftTicks() >= 0 ? 0 : Long.MIN_VALUE / 2;
        resetRandomizedElectionTimeout();
    }

    /** A brand-new node with empty storage. */
    public static Raft fresh(int id, RaftConfig cfg, RandomGenerator rng, ClusterConfig bootstrapConfig) {
        return new Raft(id, cfg, rng, bootstrapConfig, HardState.EMPTY, null, List.of());
    }

    // ---------------------------------------------------------------- accessors

    public int id() {
        return id;
    }

    public Role role() {
        return role;
    }

    public long term() {
        return term;
    }

    public int votedFor() {
        return vote;
    }

    /** The leader this node knows of in its term, or {@link #NONE}. */
    public int leaderId() {
        return leader;
    }

    public long commitIndex() {
        return log.commit();
    }

    public long appliedIndex() {
        return log.applied();
    }

    public long lastIndex() {
        return log.lastIndex();
    }

    public long firstIndex() {
        return log.firstIndex();
    }

    /** Term of the entry at {@code index}, or -1 if it is compacted away or beyond the end. */
    public long termAt(long index) {
        return log.term(index);
    }

    /** The entry at {@code index} if still in the log (first index to last index). */
    public Entry entryAt(long index) {
        return log.entry(index);
    }

    public ClusterConfig clusterConfig() {
        return config;
    }

    public Snapshot snapshot() {
        return log.snapshot();
    }

    /** Messages dropped because they were not addressed to this node or came from itself. */
    public long droppedMessages() {
        return droppedMessages;
    }

    public HardState hardState() {
        return new HardState(term, vote, log.commit());
    }

    /** Replication state of a follower as seen by this leader, for tests and diagnostics. */
    public String progressOf(int peer) {
        Progress p = progress.get(peer);
        return p == null ? "none" : p.toString();
    }

    // ---------------------------------------------------------------- inputs

    /** Advances logical time by one tick: election timeouts, heartbeats, check-quorum. */
    public void tick() {
        ticks++;
        if (role == Role.LEADER) {
            lastLeaderContactTick = ticks;
            heartbeatElapsed++;
            electionElapsed++;
            if (electionElapsed >= cfg.electionTicks()) {
                electionElapsed = 0;
                if (cfg.checkQuorum() && !quorumActive()) {
                    becomeFollower(term, NONE);
                    return;
                }
                if (transferee != NONE) {
                    transferee = NONE; // the transfer timed out; take proposals again
                }
            }
            if (heartbeatElapsed >= cfg.heartbeatTicks()) {
                heartbeatElapsed = 0;
                broadcastHeartbeat(reads.newRound(ticks));
            }
            return;
        }
        electionElapsed++;
        if (electionElapsed >= randomizedElectionTicks) {
            electionElapsed = 0;
            if (promotable()) {
                campaign(false);
            }
        }
    }

    /** Handles one message from a peer. Messages for another node are dropped and counted. */
    public void step(Message m) {
        if (m.to() != id || m.from() == id || m.from() < 0) {
            droppedMessages++;
            return;
        }
        if (m.term() > term) {
            if (m instanceof VoteRequest v && !v.transfer() && inLease()) {
                return; // a leader is alive: do not let a partitioned node disrupt it
            }
            boolean keepTerm = (m instanceof VoteRequest v && v.preVote())
                    || (m instanceof VoteResponse r && r.preVote() && r.granted());
            if (!keepTerm) {
                boolean fromLeader = m instanceof AppendRequest || m instanceof Heartbeat || m instanceof SnapshotChunk;
                becomeFollower(m.term(), fromLeader ? m.from() : NONE);
            }
        } else if (m.term() < term) {
            if ((cfg.checkQuorum() || cfg.preVote()) && (m instanceof AppendRequest || m instanceof Heartbeat)) {
                // tell a stale leader about the newer term so it steps down
                send(new AppendResponse(id, m.from(), term, false, 0, log.lastIndex()));
            } else if (m instanceof VoteRequest v && v.preVote()) {
                send(new VoteResponse(id, m.from(), term, true, false));
            }
            return;
        }
        if (m instanceof VoteRequest v) {
            handleVoteRequest(v);
            return;
        }
        switch (role) {
            case LEADER -> stepLeader(m);
            case CANDIDATE, PRE_CANDIDATE -> stepCandidate(m);
            case FOLLOWER -> stepFollower(m);
        }
    }

    /** Proposes opaque state-machine data; only a leader accepts. */
    public ProposeResult propose(byte[] data) {
        Objects.requireNonNull(data, "data");
        Rejected r = checkProposable(data.length);
        if (r != null) {
            return r;
        }
        Entry e = new Entry(term, log.lastIndex() + 1, EntryType.NORMAL, data);
        log.appendNew(e);
        appendPending = true;
        return new Accepted(e.index(), e.term());
    }

    /** Proposes a single-server membership change. */
    public ProposeResult proposeConfChange(ConfChange change) {
        Rejected r = checkProposable(0);
        if (r != null) {
            return r;
        }
        if (!configEntries.isEmpty() && configEntries.lastKey() > log.commit()) {
            return new Rejected(Rejection.CONFIG_CHANGE_PENDING, leader, "a membership change is still uncommitted");
        }
        if (log.term(log.commit()) != term) {
            return new Rejected(Rejection.CONFIG_CHANGE_PENDING, leader,
                    "the leader has not yet committed an entry of its term");
        }
        return switch (config.apply(change)) {
            case ClusterConfig.ConfigChangeResult.Invalid inv ->
                    new Rejected(Rejection.INVALID_CONFIG_CHANGE, leader, inv.reason());
            case ClusterConfig.ConfigChangeResult.Valid valid -> {
                Entry e = new Entry(term, log.lastIndex() + 1, EntryType.CONFIG, RaftCodec.encodeConfig(valid.config()));
                log.appendNew(e);
                configEntries.put(e.index(), valid.config());
                applyConfig(valid.config());
                appendPending = true;
                yield new Accepted(e.index(), e.term());
            }
        };
    }

    /**
     * Asks for a linearizable read. When accepted, a {@link ReadState} with the same id comes out in a
     * later Ready (or never, if this node loses leadership first: the host must then fail the read).
     */
    public ProposeResult readIndex(long requestId) {
        if (role != Role.LEADER) {
            return new Rejected(Rejection.NOT_LEADER, leader, "not the leader");
        }
        if (reads.size() >= cfg.maxPendingReads()) {
            return new Rejected(Rejection.BUSY, leader, "too many pending reads");
        }
        if (log.term(log.commit()) != term) {
            reads.waitForCommit(requestId);
        } else {
            confirmRead(requestId, log.commit());
        }
        return new Accepted(log.commit(), term);
    }

    /** Hands leadership to {@code target}, which must be a voter; proposals are refused meanwhile. */
    public ProposeResult transferLeadership(int target) {
        if (role != Role.LEADER) {
            return new Rejected(Rejection.NOT_LEADER, leader, "not the leader");
        }
        if (target == id || !config.voters().contains(target)) {
            return new Rejected(Rejection.INVALID_TARGET, leader, "node " + target + " is not another voter");
        }
        transferee = target;
        electionElapsed = 0;
        Progress pr = progress.get(target);
        if (pr.match == log.lastIndex()) {
            sendTimeoutNow(target);
        } else {
            sendAppend(target, true);
        }
        return new Accepted(log.lastIndex(), term);
    }

    /**
     * The host has durably stored a snapshot of its state machine at {@code index} (at most the applied
     * index): discard the log up to it. Returns false if the log is already compacted that far.
     */
    public boolean compact(long index, byte[] data) {
        if (index <= log.snapshotIndex()) {
            return false;
        }
        if (index > log.applied()) {
            throw new IllegalArgumentException("cannot compact to " + index + " beyond applied " + log.applied());
        }
        Snapshot s = new Snapshot(index, log.term(index), configAt(index), data);
        log.compact(s);
        configEntries.headMap(index, true).clear();
        return true;
    }

    // ---------------------------------------------------------------- ready / advance

    /**
     * Messages that may be sent at once, without waiting for persistence (a leader's appends and
     * heartbeats). The host may drain them at any time, also while a Ready is being persisted.
     */
    public List<Message> takeMessages() {
        flush();
        List<Message> out = List.copyOf(messages);
        messages.clear();
        return out;
    }

    /** Whether {@link #ready()} has anything to hand out. */
    public boolean hasReady() {
        flush();
        return !hardState().equals(handedOutHardState) || snapshotToPersist != null
                || log.handedOut() < log.lastIndex() || !messages.isEmpty() || !persistedMessages.isEmpty()
                || !readStates.isEmpty() || (log.applied() >= log.snapshotIndex() && log.applicableTo() > log.applied());
    }

    /** Collects everything pending; the host must {@link #advance} it before asking for the next one. */
    public Ready ready() {
        if (readyOutstanding) {
            throw new IllegalStateException("the previous Ready has not been advanced");
        }
        flush();
        HardState hs = hardState();
        HardState hsOut = hs.equals(handedOutHardState) ? null : hs;
        handedOutHardState = hs;
        Snapshot snap = snapshotToPersist;
        snapshotToPersist = null;
        List<Entry> entries = log.takeUnpersisted();
        List<Entry> committed = List.of();
        if (snap == null && log.applied() >= log.snapshotIndex() && log.applicableTo() > log.applied()) {
            committed = log.slice(log.applied() + 1, log.applicableTo(), cfg.maxApplyBytesPerReady());
        }
        Ready r = new Ready(hsOut, snap, entries, messages, persistedMessages, committed, readStates);
        messages.clear();
        persistedMessages.clear();
        readStates.clear();
        readyOutstanding = true;
        return r;
    }

    /** Acknowledges that the host persisted, sent and applied what {@code r} asked for. */
    public void advance(Ready r) {
        if (!readyOutstanding) {
            throw new IllegalStateException("advance without an outstanding Ready");
        }
        readyOutstanding = false;
        if (r.hardState() != null) {
            persistedHardState = r.hardState();
        }
        if (r.snapshot() != null) {
            log.snapshotPersisted(r.snapshot());
        }
        log.persistedUpTo(r.entries());
        if (!r.committed().isEmpty()) {
            log.appliedTo(r.committed().getLast().index());
        }
        if (role == Role.LEADER && maybeCommit()) {
            appendPending = true;
        }
    }

    // ---------------------------------------------------------------- role changes

    private void becomeFollower(long newTerm, int newLeader) {
        if (newTerm < term) {
            throw new IllegalStateException("term would go backwards: " + term + " -> " + newTerm);
        }
        if (newTerm > term) {
            term = newTerm;
            vote = NONE;
        }
        role = Role.FOLLOWER;
        leader = newLeader;
        if (newLeader != NONE) {
            lastLeaderContactTick = ticks;
        }
        resetCommon();
    }

    private void becomePreCandidate() {
        role = Role.PRE_CANDIDATE;
        leader = NONE;
        resetCommon();
    }

    private void becomeCandidate() {
        if (role == Role.LEADER) {
            throw new IllegalStateException("a leader cannot become candidate");
        }
        term++;
        vote = id;
        role = Role.CANDIDATE;
        leader = NONE;
        resetCommon();
    }

    private void becomeLeader() {
        if (role != Role.CANDIDATE) {
            throw new IllegalStateException("only a candidate becomes leader, not a " + role);
        }
        role = Role.LEADER;
        leader = id;
        resetCommon();
        lastLeaderContactTick = ticks;
        for (int member : config.members()) {
            if (member != id) {
                Progress p = new Progress(log.lastIndex() + 1, cfg.maxInflightAppends());
                p.recentActive = true;
                progress.put(member, p);
            }
        }
        log.appendNew(new Entry(term, log.lastIndex() + 1, EntryType.NORMAL, NO_DATA));
        appendPending = true;
        maybeCommit();
    }

    private void resetCommon() {
        electionElapsed = 0;
        heartbeatElapsed = 0;
        resetRandomizedElectionTimeout();
        votes.clear();
        progress.clear();
        transferee = NONE;
        leaseRevoked = false;
        appendPending = false;
        unsentRound = 0;
        reads.reset();
    }

    private void resetRandomizedElectionTimeout() {
        randomizedElectionTicks = cfg.electionTicks() + rng.nextInt(cfg.electionTicks());
    }

    private boolean promotable() {
        return config.voters().contains(id) && snapshotToPersist == null && log.applied() >= log.snapshotIndex();
    }

    private boolean inLease() {
        return cfg.checkQuorum() && ticks - lastLeaderContactTick < cfg.electionTicks();
    }

    private void campaign(boolean transfer) {
        startElection(cfg.preVote() && !transfer, transfer);
    }

    private void startElection(boolean pre, boolean transfer) {
        if (pre) {
            becomePreCandidate();
        } else {
            becomeCandidate();
        }
        long voteTerm = pre ? term + 1 : term;
        votes.put(id, true);
        if (tallyVotes()) {
            return;
        }
        for (int voter : config.voters()) {
            if (voter != id) {
                send(new VoteRequest(id, voter, voteTerm, pre, log.lastIndex(), log.lastTerm(), transfer));
            }
        }
    }

    /** Acts on the votes so far; returns whether the election is decided. */
    private boolean tallyVotes() {
        int granted = 0;
        int rejected = 0;
        for (Map.Entry<Integer, Boolean> v : votes.entrySet()) {
            if (config.voters().contains(v.getKey())) {
                if (v.getValue()) {
                    granted++;
                } else {
                    rejected++;
                }
            }
        }
        if (granted >= config.quorum()) {
            if (role == Role.PRE_CANDIDATE) {
                startElection(false, false);
                return true;
            }
            becomeLeader();
            return true;
        }
        if (config.voters().size() - rejected < config.quorum()) {
            becomeFollower(term, NONE);
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- per-role message handling

    private void handleVoteRequest(VoteRequest v) {
        boolean canVote = vote == v.from() || (vote == NONE && leader == NONE) || (v.preVote() && v.term() > term);
        if (canVote && log.isUpToDate(v.lastIndex(), v.lastTerm())) {
            send(new VoteResponse(id, v.from(), v.term(), v.preVote(), true));
            if (!v.preVote()) {
                if (vote != NONE && vote != v.from()) {
                    throw new IllegalStateException("second vote in term " + term);
                }
                electionElapsed = 0;
                vote = v.from();
            }
        } else {
            send(new VoteResponse(id, v.from(), term, v.preVote(), false));
        }
    }

    private void stepCandidate(Message m) {
        switch (m) {
            case AppendRequest a -> {
                becomeFollower(term, a.from());
                handleAppend(a);
            }
            case Heartbeat h -> {
                becomeFollower(term, h.from());
                handleHeartbeat(h);
            }
            case SnapshotChunk c -> {
                becomeFollower(term, c.from());
                handleSnapshotChunk(c);
            }
            case VoteResponse r -> {
                if (r.preVote() == (role == Role.PRE_CANDIDATE)) {
                    votes.put(r.from(), r.granted());
                    tallyVotes();
                }
            }
            default -> {
                // responses meant for a leader of this term: stale, ignore
            }
        }
    }

    private void stepFollower(Message m) {
        switch (m) {
            case AppendRequest a -> {
                acceptLeader(a.from());
                handleAppend(a);
            }
            case Heartbeat h -> {
                acceptLeader(h.from());
                handleHeartbeat(h);
            }
            case SnapshotChunk c -> {
                acceptLeader(c.from());
                handleSnapshotChunk(c);
            }
            case TimeoutNow t -> {
                if (promotable()) {
                    campaign(true);
                }
            }
            default -> {
                // votes responses after an election ended, leader-bound responses: stale, ignore
            }
        }
    }

    private void acceptLeader(int from) {
        if (leader != NONE && leader != from) {
            throw new IllegalStateException("Raft invariant violated: nodes " + leader + " and " + from
                    + " both lead term " + term);
        }
        leader = from;
        electionElapsed = 0;
        lastLeaderContactTick = ticks;
    }

    private void handleAppend(AppendRequest a) {
        if (a.prevIndex() < log.commit()) {
            send(new AppendResponse(id, a.from(), term, true, log.commit(), 0));
            return;
        }
        long[] truncated = {0};
        long lastNew = log.maybeAppend(a.prevIndex(), a.prevTerm(), a.entries(), truncated);
        if (lastNew < 0) {
            long hint = Math.min(a.prevIndex(), log.lastIndex());
            while (hint > log.snapshotIndex() && log.term(hint) > a.prevTerm()) {
                hint--;
            }
            send(new AppendResponse(id, a.from(), term, false, a.prevIndex(), hint));
            return;
        }
        if (truncated[0] > 0) {
            configEntries.tailMap(truncated[0], true).clear();
        }
        for (Entry e : a.entries()) {
            if (e.type() == EntryType.CONFIG && e.index() > log.snapshotIndex()) {
                configEntries.put(e.index(), RaftCodec.decodeConfigEntry(e));
            }
        }
        config = currentConfigFromLog();
        log.commitTo(Math.min(a.commit(), lastNew));
        send(new AppendResponse(id, a.from(), term, true, lastNew, 0));
    }

    private void handleHeartbeat(Heartbeat h) {
        log.commitTo(Math.min(h.commit(), log.lastIndex()));
        send(new HeartbeatResponse(id, h.from(), term, h.seq()));
    }

    private void handleSnapshotChunk(SnapshotChunk c) {
        Snapshot s = receiver.accept(c, cfg.maxSnapshotBytes());
        if (s == null) {
            send(new SnapshotResponse(id, c.from(), term, c.snapshotIndex(), receiver.nextOffset(c.snapshotIndex()), false));
            return;
        }
        if (s.index() <= log.commit()) {
            // we already have everything it covers
        } else if (log.matchTerm(s.index(), s.term())) {
            log.commitTo(s.index());
        } else {
            log.restore(s);
            configEntries.clear();
            config = s.config();
            snapshotToPersist = s;
        }
        send(new SnapshotResponse(id, c.from(), term, s.index(), s.data().length, true));
    }

    private void stepLeader(Message m) {
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
            pr.freeFirstInflight();
        }
        if (pr.state == Progress.State.SNAPSHOT) {
            sendSnapshotChunk(h.from(), pr);
        } else if (pr.match < log.lastIndex()) {
            sendAppend(h.from(), true);
        }
        if (h.seq() > pr.ackedSeq && h.seq() <= reads.seq() && config.voters().contains(h.from())) {
            pr.ackedSeq = h.seq();
            reads.acknowledged(quorumAckedSeq(), readStates);
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
        if (s.nextOffset() != pr.snapshotOffset && s.nextOffset() <= cur.data().length) {
            pr.snapshotOffset = s.nextOffset();
            sendSnapshotChunk(s.from(), pr);
        }
    }

    // ---------------------------------------------------------------- leader machinery

    private Rejected checkProposable(int sizeBytes) {
        if (role != Role.LEADER) {
            return new Rejected(Rejection.NOT_LEADER, leader, "not the leader");
        }
        if (transferee != NONE) {
            return new Rejected(Rejection.TRANSFERRING, leader, "leadership is moving to " + transferee);
        }
        if (sizeBytes > cfg.maxEntryBytes()) {
            return new Rejected(Rejection.TOO_LARGE, leader, sizeBytes + " bytes exceeds " + cfg.maxEntryBytes());
        }
        if (log.lastIndex() - log.commit() >= cfg.maxUncommittedEntries()) {
            return new Rejected(Rejection.BUSY, leader, "too many uncommitted entries");
        }
        return null;
    }

    private void confirmRead(long requestId, long index) {
        boolean soleVoter = config.voters().size() == 1 && config.voters().contains(id);
        if (soleVoter || leaseValid()) {
            readStates.add(new ReadState(requestId, index));
            return;
        }
        if (unsentRound == 0) {
            unsentRound = reads.newRound(ticks);
        }
        reads.add(requestId, index, unsentRound);
    }

    private boolean leaseValid() {
        return cfg.leaseDriftTicks() >= 0 && !leaseRevoked && transferee == NONE
                && reads.leaseStartTick() != Long.MIN_VALUE
                && ticks - reads.leaseStartTick() < cfg.electionTicks() - cfg.leaseDriftTicks();
    }

    private long quorumAckedSeq() {
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
        int active = 0;
        for (int voter : config.voters()) {
            if (voter == id) {
                active++;
                continue;
            }
            Progress p = progress.get(voter);
            if (p != null && p.recentActive) {
                active++;
            }
        }
        for (Progress p : progress.values()) {
            p.recentActive = false;
        }
        return active >= config.quorum();
    }

    /** Advances the commit index to what a majority has durably stored; returns whether it moved. */
    private boolean maybeCommit() {
        if (role != Role.LEADER || config.voters().isEmpty()) {
            return false;
        }
        long[] matches = new long[config.voters().size()];
        int i = 0;
        for (int voter : config.voters()) {
            if (voter == id) {
                matches[i++] = log.persisted();
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
        if (!config.voters().contains(id) && (configEntries.isEmpty() || configEntries.lastKey() <= log.commit())) {
            // this leader's removal is committed; it hands over by stepping down
            becomeFollower(term, NONE);
        }
        return true;
    }

    private void flush() {
        if (role != Role.LEADER) {
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

    /** Sends the next append (or snapshot chunk) to {@code to}; returns whether anything was sent. */
    private boolean sendAppend(int to, boolean evenIfEmpty) {
        Progress pr = progress.get(to);
        if (pr == null || pr.isPaused()) {
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
        send(new AppendRequest(id, to, term, prevIndex, prevTerm, entries, log.commit()));
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
        Snapshot s = log.snapshot();
        if (s.index() != pr.pendingSnapshot) {
            pr.becomeSnapshot(s.index());
        }
        long offset = pr.snapshotOffset;
        int len = (int) Math.min(cfg.maxSnapshotChunkBytes(), s.data().length - offset);
        byte[] chunk = Arrays.copyOfRange(s.data(), (int) offset, (int) offset + len);
        boolean last = offset + len == s.data().length;
        send(new SnapshotChunk(id, to, term, s.index(), s.term(), s.config(), offset, s.data().length, chunk, last));
    }

    private void broadcastHeartbeat(long seq) {
        for (Map.Entry<Integer, Progress> e : progress.entrySet()) {
            long commit = Math.min(e.getValue().match, log.commit());
            send(new Heartbeat(id, e.getKey(), term, commit, seq));
        }
        if (progress.isEmpty() || config.voters().size() == 1) {
            reads.acknowledged(quorumAckedSeq(), readStates);
        }
    }

    private void sendTimeoutNow(int to) {
        leaseRevoked = true; // a forced election may now start at any time, even after the transfer aborts
        send(new TimeoutNow(id, to, term));
    }

    private void send(Message m) {
        if (role == Role.LEADER && persistedHardState.term() == term) {
            messages.add(m);
        } else {
            persistedMessages.add(m);
        }
    }

    // ---------------------------------------------------------------- membership

    private ClusterConfig currentConfigFromLog() {
        if (!configEntries.isEmpty()) {
            return configEntries.lastEntry().getValue();
        }
        return log.snapshot() != null ? log.snapshot().config() : bootstrapConfig;
    }

    private ClusterConfig configAt(long index) {
        Map.Entry<Long, ClusterConfig> e = configEntries.floorEntry(index);
        if (e != null) {
            return e.getValue();
        }
        return log.snapshot() != null ? log.snapshot().config() : bootstrapConfig;
    }

    private void applyConfig(ClusterConfig next) {
        config = next;
        for (int member : next.members()) {
            if (member != id && !progress.containsKey(member)) {
                Progress p = new Progress(log.lastIndex(), cfg.maxInflightAppends());
                p.recentActive = true;
                progress.put(member, p);
            }
        }
        progress.keySet().removeIf(member -> !next.isMember(member));
        if (transferee != NONE && !next.voters().contains(transferee)) {
            transferee = NONE;
        }
        maybeCommit();
    }
}
