package io.shoaldb.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.raft.Message.AppendRequest;
import io.shoaldb.raft.Message.VoteRequest;
import io.shoaldb.raft.Message.VoteResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RaftTest {

    static final RaftConfig CFG = RaftConfig.defaults();

    @Test
    void singleNodeElectsItselfAndCommits() {
        TestCluster c = new TestCluster(CFG, 1, 1);
        int leader = c.awaitLeader(100);
        assertEquals(1, leader);
        assertInstanceOf(ProposeResult.Accepted.class, c.propose("a"));
        assertEquals(List.of("a"), c.machine(1));
    }

    @Test
    void threeNodesElectOneLeaderAndReplicateToAll() {
        TestCluster c = new TestCluster(CFG, 2, 1, 2, 3);
        int leader = c.awaitLeader(100);
        for (int i = 0; i < 20; i++) {
            c.propose("v" + i);
        }
        c.tickAll();
        c.settle();
        for (int id = 1; id <= 3; id++) {
            assertEquals(20, c.machine(id).size(), "node " + id);
            assertEquals(c.machine(leader), c.machine(id));
            assertEquals(leader, c.raft(id).leaderId());
        }
    }

    @Test
    void followersRejectProposals() {
        TestCluster c = new TestCluster(CFG, 3, 1, 2, 3);
        int leader = c.awaitLeader(100);
        int follower = leader == 1 ? 2 : 1;
        ProposeResult r = c.raft(follower).propose(new byte[] {1});
        ProposeResult.Rejected rej = assertInstanceOf(ProposeResult.Rejected.class, r);
        assertEquals(Rejection.NOT_LEADER, rej.reason());
        assertEquals(leader, rej.leaderHint());
    }

    @Test
    void voteIsPersistedBeforeTheResponseIsSent() {
        Raft r = Raft.fresh(2, CFG.withPreVote(false, false), new SplittableRandom(1), TestCluster.voters(1, 2, 3));
        r.step(new VoteRequest(1, 2, 1, false, 0, 0, false));
        Ready ready = r.ready();
        assertEquals(new HardState(1, 1, 0), ready.hardState());
        assertTrue(ready.messages().isEmpty(), "a vote must not leave before it is durable");
        VoteResponse resp = assertInstanceOf(VoteResponse.class, ready.persistedMessages().getFirst());
        assertTrue(resp.granted());
        r.advance(ready);
        // a second candidate in the same term is refused
        r.step(new VoteRequest(3, 2, 1, false, 5, 1, false));
        Ready second = r.ready();
        assertFalse(((VoteResponse) second.persistedMessages().getFirst()).granted());
    }

    @Test
    void candidateRequestsVotesOnlyAfterPersistingItsTerm() {
        Raft r = Raft.fresh(1, CFG.withPreVote(false, false), new SplittableRandom(3), TestCluster.voters(1, 2, 3));
        for (int i = 0; i < 2 * CFG.electionTicks(); i++) {
            r.tick();
        }
        assertEquals(Role.CANDIDATE, r.role());
        Ready ready = r.ready();
        assertEquals(r.term(), ready.hardState().term());
        assertEquals(1, ready.hardState().vote());
        assertTrue(ready.messages().isEmpty());
        assertEquals(2, ready.persistedMessages().size());
    }

    @Test
    void preVoteKeepsAPartitionedNodeFromRaisingItsTerm() {
        TestCluster c = new TestCluster(CFG, 4, 1, 2, 3);
        int leader = c.awaitLeader(100);
        int other = leader == 3 ? 2 : 3;
        long term = c.raft(leader).term();
        c.isolate(other);
        for (int i = 0; i < 10 * CFG.electionTicks(); i++) {
            c.tickAll();
            c.settle();
        }
        assertEquals(term, c.raft(other).term(), "pre-vote fails without a majority, the term stays");
        c.heal();
        for (int i = 0; i < 5; i++) {
            c.tickAll();
            c.settle();
        }
        assertEquals(leader, c.leader(), "rejoining does not disrupt the leader");
        assertEquals(term, c.raft(leader).term());
    }

    @Test
    void withoutPreVoteAPartitionedNodeRaisesItsTerm() {
        TestCluster c = new TestCluster(CFG.withPreVote(false, false), 5, 1, 2, 3);
        int leader = c.awaitLeader(100);
        int other = leader == 3 ? 2 : 3;
        long term = c.raft(leader).term();
        c.isolate(other);
        for (int i = 0; i < 10 * CFG.electionTicks(); i++) {
            c.tickAll();
            c.settle();
        }
        assertTrue(c.raft(other).term() > term);
    }

    @Test
    void checkQuorumMakesAnIsolatedLeaderStepDown() {
        TestCluster c = new TestCluster(CFG, 6, 1, 2, 3);
        int leader = c.awaitLeader(100);
        c.isolate(leader);
        for (int i = 0; i < 3 * CFG.electionTicks(); i++) {
            c.tickAll();
            c.settle();
        }
        assertNotEquals(Role.LEADER, c.raft(leader).role());
        int newLeader = c.leader();
        assertNotEquals(Raft.NONE, newLeader);
        assertNotEquals(leader, newLeader);
    }

    @Test
    void newLeaderAfterCrashKeepsCommittedEntriesAndOverwritesUncommitted() {
        TestCluster c = new TestCluster(CFG, 7, 1, 2, 3, 4, 5);
        int leader = c.awaitLeader(100);
        c.propose("committed");
        // the leader appends entries that reach nobody, then crashes
        c.isolate(leader);
        c.raft(leader).propose("lost".getBytes(StandardCharsets.UTF_8));
        c.settle();
        c.crash(leader);
        c.heal();
        int next = c.awaitLeader(300);
        assertNotEquals(leader, next);
        c.propose("after");
        c.restart(leader);
        for (int i = 0; i < 5; i++) {
            c.tickAll();
            c.settle();
        }
        for (int id = 1; id <= 5; id++) {
            assertEquals(List.of("committed", "after"), c.machine(id), "node " + id);
        }
    }

    @Test
    void restartedNodeKeepsTermVoteAndLog() {
        TestCluster c = new TestCluster(CFG, 8, 1, 2, 3);
        int leader = c.awaitLeader(100);
        c.propose("x");
        int f = leader == 1 ? 2 : 1;
        long term = c.raft(f).term();
        long last = c.raft(f).lastIndex();
        c.crash(f);
        c.restart(f);
        assertEquals(term, c.raft(f).term());
        assertEquals(last, c.raft(f).lastIndex());
        // the commit index is persisted only along with other state: the next heartbeat brings it back
        for (int i = 0; i < CFG.heartbeatTicks(); i++) {
            c.tickAll();
            c.settle();
        }
        assertEquals(List.of("x"), c.machine(f));
    }

    @Test
    void readIndexConfirmsOnlyWithAMajority() {
        TestCluster c = new TestCluster(CFG, 9, 1, 2, 3);
        int leader = c.awaitLeader(100);
        c.propose("v");
        assertInstanceOf(ProposeResult.Accepted.class, c.raft(leader).readIndex(42));
        c.settle();
        List<ReadState> reads = c.nodes.get(leader).reads;
        assertEquals(1, reads.size());
        assertEquals(42, reads.getFirst().requestId());
        assertEquals(c.raft(leader).commitIndex(), reads.getFirst().index());
        // isolated, the leader cannot confirm a read
        c.isolate(leader);
        c.raft(leader).readIndex(43);
        c.settle();
        assertEquals(1, reads.size());
        // a follower redirects
        int f = leader == 1 ? 2 : 1;
        assertEquals(Rejection.NOT_LEADER,
                ((ProposeResult.Rejected) c.raft(f).readIndex(44)).reason());
    }

    @Test
    void leaseReadsNeedNoRoundTripWhenEnabled() {
        TestCluster c = new TestCluster(CFG.withLeaseDriftTicks(2), 10, 1, 2, 3);
        int leader = c.awaitLeader(200);
        c.propose("v");
        c.tickAll();
        c.tickAll();
        c.settle(); // a heartbeat round acknowledged by a majority starts the lease
        c.isolate(leader);
        c.raft(leader).readIndex(7);
        c.settle();
        assertEquals(1, c.nodes.get(leader).reads.size(), "served from the lease, no messages needed");
        // once the lease runs out (electionTicks - drift ticks), no more lease reads
        for (int i = 0; i < CFG.electionTicks(); i++) {
            c.raft(leader).tick();
            c.settle();
        }
        if (c.raft(leader).role() == Role.LEADER) {
            c.raft(leader).readIndex(8);
            c.settle();
            assertEquals(1, c.nodes.get(leader).reads.size());
        }
    }

    @Test
    void anIsolatedLeadersLeaseEndsBeforeAnotherLeaderCanExist() {
        for (long seed = 1; seed <= 20; seed++) {
            TestCluster c = new TestCluster(CFG.withLeaseDriftTicks(2), seed, 1, 2, 3);
            int old = c.awaitLeader(300);
            c.propose("v");
            c.tickAll();
            c.tickAll();
            c.settle();
            c.isolate(old);
            boolean servedFromLease = false;
            boolean otherLeader = false;
            for (int t = 0; t < 4 * CFG.electionTicks(); t++) {
                c.tickAll();
                c.settle();
                otherLeader |= c.leader() != old && c.leader() != Raft.NONE;
                if (c.raft(old).role() == Role.LEADER) {
                    int before = c.nodes.get(old).reads.size();
                    c.raft(old).readIndex(1000 + t);
                    c.settle();
                    boolean served = c.nodes.get(old).reads.size() > before;
                    servedFromLease |= served;
                    if (served && otherLeader) {
                        throw new AssertionError("seed " + seed + ": node " + old + " served a lease read at tick " + t
                                + " while node " + c.leader() + " leads a later term");
                    }
                }
            }
            assertTrue(servedFromLease, "the lease served reads at first (seed " + seed + ")");
            assertTrue(otherLeader, "a new leader was elected (seed " + seed + ")");
        }
    }

    @Test
    void leaseReadsAreOffWithoutADriftBound() {
        TestCluster c = new TestCluster(CFG, 11, 1, 2, 3);
        int leader = c.awaitLeader(100);
        c.propose("v");
        c.tickAll();
        c.tickAll();
        c.settle();
        c.isolate(leader);
        c.raft(leader).readIndex(7);
        c.settle();
        assertTrue(c.nodes.get(leader).reads.isEmpty());
    }

    @Test
    void restartedNodeRefusesVotesUntilAnyLeaseItGrantedExpired() {
        RaftConfig lease = CFG.withLeaseDriftTicks(2);
        Raft r = Raft.fresh(2, lease, new SplittableRandom(1), TestCluster.voters(1, 2, 3));
        r.step(new VoteRequest(1, 2, 5, false, 0, 0, false));
        assertEquals(0, r.term(), "vote ignored during the quiet period after start");
        for (int i = 0; i < lease.electionTicks(); i++) {
            r.tick();
        }
        r.step(new VoteRequest(1, 2, 5, false, 0, 0, false));
        assertEquals(5, r.term());
        assertEquals(1, r.votedFor());
    }

    @Test
    void leaderTransferHandsOverLeadership() {
        TestCluster c = new TestCluster(CFG, 12, 1, 2, 3);
        int leader = c.awaitLeader(100);
        c.propose("a");
        int target = leader == 3 ? 1 : 3;
        assertInstanceOf(ProposeResult.Accepted.class, c.raft(leader).transferLeadership(target));
        c.settle();
        assertEquals(target, c.leader());
        assertEquals(Role.FOLLOWER, c.raft(leader).role());
        c.propose("b");
        assertEquals(List.of("a", "b"), c.machine(leader));
    }

    @Test
    void transferToALaggingFollowerCatchesItUpFirst() {
        TestCluster c = new TestCluster(CFG, 13, 1, 2, 3);
        int leader = c.awaitLeader(100);
        int target = leader == 3 ? 1 : 3;
        c.cut(leader, target);
        c.propose("a");
        c.propose("b");
        c.heal();
        c.raft(leader).transferLeadership(target);
        assertEquals(Rejection.TRANSFERRING,
                ((ProposeResult.Rejected) c.raft(leader).propose(new byte[] {1})).reason());
        c.settle();
        for (int i = 0; i < 3 && c.leader() != target; i++) {
            c.tickAll();
            c.settle();
        }
        assertEquals(target, c.leader());
        assertEquals(List.of("a", "b"), c.machine(target));
    }

    @Test
    void learnerReceivesTheLogButDoesNotVoteThenIsPromoted() {
        TestCluster c = new TestCluster(CFG, 14, 1, 2, 3);
        int leader = c.awaitLeader(100);
        c.propose("a");
        c.addBlankNode(4);
        ProposeResult r = c.raft(leader).proposeConfChange(new ConfChange(ConfChange.Kind.ADD_LEARNER, 4));
        assertInstanceOf(ProposeResult.Accepted.class, r);
        c.settle();
        c.tickAll();
        c.settle();
        assertEquals(List.of("a"), c.machine(4));
        assertTrue(c.raft(4).clusterConfig().learners().contains(4));
        // a learner never campaigns
        for (int i = 0; i < 5 * CFG.electionTicks(); i++) {
            c.raft(4).tick();
        }
        assertEquals(Role.FOLLOWER, c.raft(4).role());
        c.settle();
        assertInstanceOf(ProposeResult.Accepted.class,
                c.raft(c.leader()).proposeConfChange(new ConfChange(ConfChange.Kind.ADD_VOTER, 4)));
        c.settle();
        assertTrue(c.raft(1).clusterConfig().voters().contains(4));
        assertEquals(4, c.raft(1).clusterConfig().voters().size());
    }

    @Test
    void configChangesAreOneAtATimeAndAfterACurrentTermCommit() {
        TestCluster c = new TestCluster(CFG, 15, 1, 2, 3);
        int leader = c.awaitLeader(100);
        int f1 = leader == 1 ? 2 : 1;
        int f2 = 6 - leader - f1;
        // only the leader commits; the follower cut off: the first change stays uncommitted
        c.cut(leader, f1);
        c.cut(leader, f2);
        assertInstanceOf(ProposeResult.Accepted.class,
                c.raft(leader).proposeConfChange(new ConfChange(ConfChange.Kind.ADD_LEARNER, 9)));
        ProposeResult second = c.raft(leader).proposeConfChange(new ConfChange(ConfChange.Kind.ADD_LEARNER, 8));
        assertEquals(Rejection.CONFIG_CHANGE_PENDING, ((ProposeResult.Rejected) second).reason());
        ProposeResult invalid = c.raft(leader).proposeConfChange(new ConfChange(ConfChange.Kind.REMOVE, 77));
        assertInstanceOf(ProposeResult.Rejected.class, invalid);
    }

    @Test
    void freshLeaderRefusesConfigChangeUntilItCommitsInItsTerm() {
        Raft r = Raft.fresh(1, CFG.withPreVote(false, false), new SplittableRandom(1), TestCluster.voters(1, 2, 3));
        for (int i = 0; i < 2 * CFG.electionTicks(); i++) {
            r.tick();
        }
        Ready rd = r.ready();
        r.advance(rd);
        r.step(new VoteResponse(2, 1, r.term(), false, true));
        assertEquals(Role.LEADER, r.role());
        ProposeResult res = r.proposeConfChange(new ConfChange(ConfChange.Kind.REMOVE, 3));
        assertEquals(Rejection.CONFIG_CHANGE_PENDING, ((ProposeResult.Rejected) res).reason());
    }

    @Test
    void removingTheLeaderMakesItStepDownAfterCommit() {
        TestCluster c = new TestCluster(CFG, 16, 1, 2, 3);
        int leader = c.awaitLeader(100);
        c.propose("a");
        assertInstanceOf(ProposeResult.Accepted.class,
                c.raft(leader).proposeConfChange(new ConfChange(ConfChange.Kind.REMOVE, leader)));
        c.settle();
        assertNotEquals(Role.LEADER, c.raft(leader).role());
        int next = c.awaitLeader(300);
        assertNotEquals(leader, next);
        assertEquals(2, c.raft(next).clusterConfig().voters().size());
        c.propose("b");
        assertEquals(List.of("a", "b"), c.machine(next));
    }

    @Test
    void laggingFollowerCatchesUpFromASnapshotSentInChunks() {
        RaftConfig small = CFG.withBatching(4, 64, 16);
        TestCluster c = new TestCluster(small, 17, 1, 2, 3);
        int leader = c.awaitLeader(100);
        int lag = leader == 3 ? 1 : 3;
        c.isolate(lag);
        for (int i = 0; i < 30; i++) {
            c.propose("value-" + i);
        }
        c.compact(leader);
        assertTrue(c.raft(leader).firstIndex() > c.raft(lag).lastIndex(), "the log the follower needs is gone");
        c.heal();
        for (int i = 0; i < 10; i++) {
            c.tickAll();
            c.settle();
        }
        assertEquals(c.machine(leader), c.machine(lag));
        assertEquals(30, c.machine(lag).size());
        assertNotNull(c.nodes.get(lag).snapshot);
        // the image went over in many 16-byte messages and was assembled into 16-byte chunks
        Snapshot installed = c.nodes.get(lag).snapshot;
        assertEquals(c.raft(leader).snapshot().data(), installed.data());
        assertTrue(installed.data().length() > 10 * 16, "image of " + installed.data().length() + " bytes");
        assertTrue(installed.data().chunkCount() > 10, installed.data().toString());
        // and it keeps following
        c.propose("tail");
        assertEquals(31, c.machine(lag).size());
        // a restart recovers from the stored snapshot plus entries
        c.crash(lag);
        c.restart(lag);
        for (int i = 0; i < CFG.heartbeatTicks(); i++) {
            c.tickAll();
            c.settle();
        }
        assertEquals(c.machine(leader), c.machine(lag));
    }

    @Test
    void newMemberJoinsThroughASnapshot() {
        TestCluster c = new TestCluster(CFG.withBatching(8, 1024, 32), 18, 1, 2, 3);
        int leader = c.awaitLeader(100);
        for (int i = 0; i < 10; i++) {
            c.propose("v" + i);
        }
        c.compact(leader);
        c.addBlankNode(4);
        c.raft(leader).proposeConfChange(new ConfChange(ConfChange.Kind.ADD_VOTER, 4));
        for (int i = 0; i < 10; i++) {
            c.tickAll();
            c.settle();
        }
        assertEquals(c.machine(leader), c.machine(4));
        assertTrue(c.raft(4).clusterConfig().voters().contains(4));
    }

    @Test
    void inflightWindowBoundsPipelining() {
        RaftConfig cfg = CFG.withBatching(3, 8, 1024);
        TestCluster c = new TestCluster(cfg, 19, 1, 2, 3);
        int leader = c.awaitLeader(100);
        c.tickAll();
        c.settle();
        Raft l = c.raft(leader);
        for (int i = 0; i < 50; i++) {
            l.propose(("payload-" + i).getBytes(StandardCharsets.UTF_8));
        }
        List<Message> out = l.takeMessages();
        int f = leader == 1 ? 2 : 1;
        long appendsToF = out.stream().filter(m -> m instanceof AppendRequest a && a.to() == f).count();
        assertTrue(appendsToF <= 3, "at most maxInflightAppends appends in flight, was " + appendsToF);
        for (Message m : out) {
            if (m instanceof AppendRequest a) {
                long bytes = a.entries().stream().mapToLong(Entry::sizeBytes).sum();
                assertTrue(a.entries().size() == 1 || bytes <= 8 + 24, "batch bounded by bytes");
            }
        }
        c.enqueue(out);
        c.settle();
        for (int i = 0; i < 3; i++) {
            c.tickAll();
            c.settle();
        }
        assertEquals(50, c.machine(f).size());
    }

    @Test
    void entriesCommittedByFollowersAreAppliedWhileTheLeadersSaveIsInFlight() {
        TestCluster c = new TestCluster(CFG, 23, 1, 2, 3);
        int leader = c.awaitLeader(100);
        c.tickAll();
        c.settle();
        Raft l = c.raft(leader);
        long index = assertInstanceOf(ProposeResult.Accepted.class, l.propose("x".getBytes(StandardCharsets.UTF_8))).index();
        List<Message> appends = new java.util.ArrayList<>(l.takeMessages());
        Ready saving = l.ready(); // the leader's own save of the entry: held in flight for the whole test
        assertEquals(index, saving.entries().getLast().index());
        appends.addAll(saving.messages());
        assertTrue(l.takeCommitted().isEmpty(), "nothing is committed before any follower acknowledged");
        int acks = 0;
        for (int f = 1; f <= 3; f++) {
            if (f == leader) {
                continue;
            }
            Raft follower = c.raft(f);
            for (Message m : appends) {
                if (m.to() == f) {
                    follower.step(m);
                }
            }
            Ready fr = follower.ready();
            follower.advance(fr);
            for (Message m : fr.persistedMessages()) {
                if (m.to() == leader) {
                    l.step(m);
                }
            }
            acks++;
            if (acks == 1) {
                // the leader's entry is not durable on its own disk: one follower is not a majority
                assertTrue(l.takeCommitted().isEmpty(), "one acknowledgement without the leader's fsync commits nothing");
            }
        }
        assertEquals(index, l.commitIndex(), "two followers' acknowledgements commit without the leader's own fsync");
        List<Entry> applied = l.takeCommitted();
        assertEquals(index, applied.getLast().index(), "committed entries are handed out while the save is in flight");
        assertEquals("x", new String(applied.getLast().data(), StandardCharsets.UTF_8));
        assertEquals(index, l.appliedIndex());
        assertTrue(l.takeCommitted().isEmpty(), "each entry is handed out once");
        l.advance(saving);
        while (l.hasReady()) {
            Ready next = l.ready();
            assertTrue(next.committed().stream().noneMatch(e -> e.index() <= index), "no entry is applied twice");
            l.advance(next);
        }
    }

    @Test
    void committedEntriesApplyBeforeTheyReachStorageButAreNotCompactedBefore() {
        TestCluster c = new TestCluster(CFG, 29, 1, 2, 3);
        int leader = c.awaitLeader(100);
        c.tickAll();
        c.settle();
        int f = leader == 1 ? 2 : 1;
        Raft follower = c.raft(f);
        Raft l = c.raft(leader);
        Ready blocker = follower.ready(); // an empty save in flight on the follower
        l.propose("y".getBytes(StandardCharsets.UTF_8));
        for (Message m : l.takeMessages()) {
            if (m.to() == f && m instanceof AppendRequest a) {
                // the leader's commit index already covers the entry (say, the other follower acknowledged)
                follower.step(new AppendRequest(a.from(), a.to(), a.term(), a.prevIndex(), a.prevTerm(), a.entries(),
                        a.entries().getLast().index()));
            }
        }
        List<Entry> early = follower.takeCommitted();
        assertEquals("y", new String(early.getLast().data(), StandardCharsets.UTF_8),
                "committed on a majority, the entry is applied without waiting for this node's save in flight");
        long index = early.getLast().index();
        assertFalse(follower.canCompact(index), "a snapshot must not cover an entry not yet handed to storage");
        assertFalse(follower.compact(index, io.shoaldb.image.ImageBytes.of(TestCluster.encodeMachine(List.of()))));
        follower.advance(blocker);
        Ready withEntry = follower.ready();
        assertEquals(index, withEntry.entries().getLast().index(), "handed to storage in this Ready");
        assertTrue(withEntry.committed().stream().noneMatch(e -> e.index() <= index), "no entry is applied twice");
        assertTrue(follower.canCompact(index), "once handed out, a snapshot is saved after the entries it covers");
        follower.advance(withEntry);
    }

    @Test
    void messagesForAnotherNodeAreDroppedAndCounted() {
        Raft r = Raft.fresh(1, CFG, new SplittableRandom(1), TestCluster.voters(1, 2, 3));
        r.step(new VoteRequest(2, 3, 1, false, 0, 0, false));
        r.step(new VoteRequest(1, 1, 1, false, 0, 0, false));
        assertEquals(2, r.droppedMessages());
        assertEquals(0, r.term());
    }

    @Test
    void pipelinedReadysAreAdvancedInOrder() {
        Raft r = Raft.fresh(1, CFG, new SplittableRandom(1), TestCluster.voters(1));
        for (int i = 0; i < 2 * CFG.electionTicks(); i++) {
            r.tick();
        }
        Ready first = r.ready();
        r.propose("a".getBytes(StandardCharsets.UTF_8));
        assertTrue(r.mayTakeReady());
        Ready second = r.ready();
        assertEquals(2, r.outstandingReadys());
        assertFalse(second.entries().isEmpty(), "the proposal goes out while the first save is in flight");
        assertThrows(IllegalStateException.class, () -> r.advance(second), "out of order");
        r.advance(first);
        assertTrue(second.committed().isEmpty(), "a group of one commits only what it persisted");
        r.advance(second);
        assertEquals(0, r.outstandingReadys());
        Ready third = r.ready();
        assertEquals("a", new String(third.committed().getLast().data(), StandardCharsets.UTF_8));
        r.advance(third);
        assertThrows(IllegalStateException.class, () -> r.advance(third), "advance without an outstanding Ready");
    }

    @Test
    void compactionBeyondAppliedIsAProgrammerError() {
        TestCluster c = new TestCluster(CFG, 20, 1);
        c.awaitLeader(100);
        c.propose("a");
        Raft r = c.raft(1);
        assertThrows(IllegalArgumentException.class, () -> r.compact(r.appliedIndex() + 5, io.shoaldb.image.ImageBytes.EMPTY));
        assertTrue(r.compact(r.appliedIndex(), io.shoaldb.image.ImageBytes.of(TestCluster.encodeMachine(List.of()))));
        assertFalse(r.compact(r.appliedIndex(), io.shoaldb.image.ImageBytes.EMPTY));
        assertNull(c.nodes.get(1).snapshot);
    }
}
