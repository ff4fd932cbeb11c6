package io.shoaldb.raft;

import io.shoaldb.raft.Message.AppendRequest;
import io.shoaldb.raft.Message.AppendResponse;
import io.shoaldb.raft.Message.Heartbeat;
import io.shoaldb.raft.Message.HeartbeatResponse;
import io.shoaldb.image.ImageBytes;
import io.shoaldb.raft.Message.SnapshotChunk;
import io.shoaldb.raft.Message.SnapshotResponse;
import io.shoaldb.raft.Message.TimeoutNow;
import io.shoaldb.raft.Message.VoteRequest;
import io.shoaldb.raft.Message.VoteResponse;
import io.shoaldb.raft.ProposeResult.Accepted;
import io.shoaldb.raft.ProposeResult.Rejected;
import java.util.ArrayList;
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

    /** The leader's state while this node leads, else null. */
    private Leader lead;
    private final TreeMap<Integer, Boolean> votes = new TreeMap<>();
    private int electionElapsed;
    private int heartbeatElapsed;
    private int randomizedElectionTicks;
    private long ticks;
    /** Tick of the last message accepted from a leader, for refusing votes while a leader is alive. */
    private long lastLeaderContactTick;

    private final SnapshotReceiver receiver = new SnapshotReceiver();
    private Snapshot snapshotToPersist;
    /**
     * Readys handed out and not yet advanced, oldest first. Several may be outstanding (the host pipelines
     * its saves: the WAL writes them in order, so they become durable in order), except around a
     * received snapshot, which is handed out alone and must be advanced before anything after it.
     */
    private final java.util.ArrayDeque<Ready> outstanding = new java.util.ArrayDeque<>();

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

    /** Payload bytes of the log entries kept after the snapshot (what a restart would replay). */
    public long logBytesAfterSnapshot() {
        return log.entryBytes();
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
        return lead == null ? "none" : lead.progressOf(peer);
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
                if (!lead.onElectionTimeout()) {
                    becomeFollower(term, NONE);
                    return;
                }
            }
            if (heartbeatElapsed >= cfg.heartbeatTicks()) {
                heartbeatElapsed = 0;
                lead.onHeartbeatTimeout();
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
            case LEADER -> lead.step(m);
            case CANDIDATE, PRE_CANDIDATE -> stepCandidate(m);
            case FOLLOWER -> stepFollower(m);
        }
    }

    /** Proposes opaque state-machine data; only a leader accepts. */
    public ProposeResult propose(byte[] data) {
        Objects.requireNonNull(data, "data");
        if (role != Role.LEADER) {
            return notLeader();
        }
        Rejected r = lead.checkProposable(data.length);
        return r != null ? r : lead.append(EntryType.NORMAL, data);
    }

    /** Proposes a single-server membership change. */
    public ProposeResult proposeConfChange(ConfChange change) {
        if (role != Role.LEADER) {
            return notLeader();
        }
        Rejected r = lead.checkProposable(0);
        if (r != null) {
            return r;
        }
        if (lastConfigIndex() > log.commit()) {
            return new Rejected(Rejection.CONFIG_CHANGE_PENDING, id, "a membership change is still uncommitted");
        }
        if (log.term(log.commit()) != term) {
            return new Rejected(Rejection.CONFIG_CHANGE_PENDING, id,
                    "the leader has not yet committed an entry of its term");
        }
        return switch (config.apply(change)) {
            case ClusterConfig.ConfigChangeResult.Invalid inv ->
                    new Rejected(Rejection.INVALID_CONFIG_CHANGE, id, inv.reason());
            case ClusterConfig.ConfigChangeResult.Valid valid -> {
                Accepted a = lead.append(EntryType.CONFIG, RaftCodec.encodeConfig(valid.config()));
                configEntries.put(a.index(), valid.config());
                config = valid.config();
                lead.onConfigChange(valid.config());
                yield a;
            }
        };
    }

    /**
     * Asks for a linearizable read. When accepted, a {@link ReadState} with the same id comes out in a
     * later Ready (or never, if this node loses leadership first: the host must then fail the read).
     */
    public ProposeResult readIndex(long requestId) {
        return role != Role.LEADER ? notLeader() : lead.readIndex(requestId);
    }

    /** Hands leadership to {@code target}, which must be a voter; proposals are refused meanwhile. */
    public ProposeResult transferLeadership(int target) {
        return role != Role.LEADER ? notLeader() : lead.transferLeadership(target);
    }

    private Rejected notLeader() {
        return new Rejected(Rejection.NOT_LEADER, leader, "not the leader");
    }

    /**
     * The host took a snapshot of its state machine at {@code index} (at most the applied index): keep it
     * to send to lagging followers and discard the in-memory log up to it. Its storage must keep the log
     * entries until the snapshot itself is durable. Returns false if the log is already compacted that far,
     * or if {@code index} is beyond what was handed to storage (see {@link #canCompact}).
     */
    /**
     * Whether {@link #compact} to {@code index} would succeed now. Entries are applied as soon as they
     * commit, possibly before this node handed them to its own storage; a snapshot must wait for that
     * (the host asks again after its save), so hosts check before building an image.
     */
    public boolean canCompact(long index) {
        return index > log.snapshotIndex() && index <= log.compactableTo();
    }

    public boolean compact(long index, ImageBytes data) {
        if (index <= log.snapshotIndex()) {
            return false;
        }
        if (index > log.applied()) {
            throw new IllegalArgumentException("cannot compact to " + index + " beyond applied " + log.applied());
        }
        if (index > log.compactableTo()) {
            return false; // applied ahead of this node's storage; the host tries again after the save
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
        if (lead != null) {
            lead.flush();
        }
        List<Message> out = List.copyOf(messages);
        messages.clear();
        return out;
    }

    /** Whether {@link #ready()} has anything to hand out. */
    public boolean hasReady() {
        if (lead != null) {
            lead.flush();
        }
        return termOrVoteChanged() || snapshotToPersist != null
                || log.handedOut() < log.lastIndex() || !messages.isEmpty() || !persistedMessages.isEmpty()
                || !readStates.isEmpty() || canApply();
    }

    /** Whether the next Ready will have something to persist (a term, vote, snapshot or entries). */
    public boolean hasUnpersisted() {
        return termOrVoteChanged() || snapshotToPersist != null || log.handedOut() < log.lastIndex();
    }

    /** Whether committed entries, handed to storage, are not yet handed out for application. */
    private boolean canApply() {
        return snapshotToPersist == null && log.applied() >= log.snapshotIndex() && log.applicableTo() > log.applied();
    }

    /**
     * Hands out the next committed entries (at most {@code maxApplyBytesPerReady} beyond the first) for
     * the host to apply at once, in order, after everything handed out before; they count as applied
     * when this returns. Unlike {@link #ready()} this may be called while a Ready is being persisted:
     * an entry committed meanwhile (followers acknowledged it) is durable on a majority and does not
     * depend on that save, so its client need not wait for this node's fsync. Only entries already
     * handed to storage in a Ready are handed out, and none while a received snapshot is not yet
     * installed.
     */
    public List<Entry> takeCommitted() {
        if (!canApply()) {
            return List.of();
        }
        List<Entry> out = log.slice(log.applied() + 1, log.applicableTo(), cfg.maxApplyBytesPerReady());
        log.appliedTo(out.getLast().index());
        return out;
    }

    private boolean termOrVoteChanged() {
        return term != handedOutHardState.term() || vote != handedOutHardState.vote();
    }

    /** Readys handed out and not yet advanced. */
    public int outstandingReadys() {
        return outstanding.size();
    }

    /**
     * Whether {@link #ready()} may be called now with Readys outstanding: not while one of them carries
     * a received snapshot (nothing may be applied or saved past it before the host installed it), and
     * not while a received snapshot waits to be handed out (it goes out alone).
     */
    public boolean mayTakeReady() {
        return outstanding.isEmpty() || (snapshotToPersist == null && outstanding.peekLast().snapshot() == null);
    }

    /**
     * Collects everything pending. The host persists Readys in the order it took them and
     * {@link #advance}s them in that order; it may take the next one before advancing the previous
     * (pipelined saves) when {@link #mayTakeReady()} allows.
     */
    public Ready ready() {
        if (!mayTakeReady()) {
            throw new IllegalStateException("a Ready is outstanding and a received snapshot must go alone");
        }
        if (lead != null) {
            lead.flush();
        }
        Snapshot snap = snapshotToPersist;
        snapshotToPersist = null;
        List<Entry> entries = log.takeUnpersisted(cfg.maxApplyBytesPerReady());
        // The commit index alone is not worth an fsync (a restarted node learns it again from the
        // leader); it rides along whenever something else must be persisted.
        HardState hs = hardState();
        HardState hsOut = null;
        if ((termOrVoteChanged() || snap != null || !entries.isEmpty()) && !hs.equals(handedOutHardState)) {
            hsOut = hs;
            handedOutHardState = hs;
        }
        List<Entry> committed = snap == null ? takeCommitted() : List.of();
        Ready r = new Ready(hsOut, snap, entries, messages, persistedMessages, committed, readStates);
        messages.clear();
        persistedMessages.clear();
        readStates.clear();
        outstanding.addLast(r);
        return r;
    }

    /** Acknowledges that the host persisted, sent and applied what {@code r} asked for. */
    public void advance(Ready r) {
        if (outstanding.peekFirst() != r) {
            throw new IllegalStateException(outstanding.isEmpty() ? "advance without an outstanding Ready"
                    : "Readys must be advanced in the order they were taken");
        }
        outstanding.removeFirst();
        if (r.hardState() != null) {
            persistedHardState = r.hardState();
        }
        if (r.snapshot() != null) {
            log.snapshotPersisted(r.snapshot());
        }
        log.persistedUpTo(r.entries());
        Leader l = lead;
        if (l != null && l.maybeCommit() && lead == l) { // committing may depose a removed leader
            l.markAppendPending();
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
        lead = new Leader(this, log, cfg);
        lead.maybeCommit();
    }

    private void resetCommon() {
        electionElapsed = 0;
        heartbeatElapsed = 0;
        resetRandomizedElectionTimeout();
        votes.clear();
        if (lead != null) {
            lead.deactivate();
            lead = null;
        }
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
        Snapshot s = receiver.accept(c, cfg.maxSnapshotBytes(), cfg.maxSnapshotChunkBytes());
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
        send(new SnapshotResponse(id, c.from(), term, s.index(), s.data().length(), true));
    }

    void send(Message m) {
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

    // ---------------------------------------------------------------- for Leader

    /** Index of the newest membership entry in the log, 0 if none after the snapshot. */
    long lastConfigIndex() {
        return configEntries.isEmpty() ? 0 : configEntries.lastKey();
    }

    long ticks() {
        return ticks;
    }

    List<ReadState> readStates() {
        return readStates;
    }

    void restartElectionTimer() {
        electionElapsed = 0;
    }

    void stepDown() {
        becomeFollower(term, NONE);
    }
}
