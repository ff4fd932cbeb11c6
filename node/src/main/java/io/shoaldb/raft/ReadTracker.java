package io.shoaldb.raft;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The leader's linearizable-read bookkeeping. Heartbeats are sent in numbered rounds; a read asked at
 * commit index c is confirmed once a majority acknowledged a round that started after the read arrived,
 * proving this node was still leader then (ReadIndex). The tick at which the newest majority-acknowledged
 * round started also bounds the leader lease.
 */
final class ReadTracker {

    /** Rounds remembered for lease accounting; older ones are forgotten, which only shortens the lease. */
    static final int MAX_ROUNDS = 4096;

    record Pending(long requestId, long index, long seq) {
    }

    /** Reads that arrived before this leader committed an entry of its own term. */
    private final ArrayDeque<Long> waitingForCommit = new ArrayDeque<>();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    /** {seq, tick} of rounds not yet acknowledged by a majority, oldest first. */
    private final ArrayDeque<long[]> rounds = new ArrayDeque<>();
    private long seq;
    private long leaseStartTick = Long.MIN_VALUE;

    void reset() {
        waitingForCommit.clear();
        pending.clear();
        rounds.clear();
        seq = 0;
        leaseStartTick = Long.MIN_VALUE;
    }

    int size() {
        return waitingForCommit.size() + pending.size();
    }

    long seq() {
        return seq;
    }

    long newRound(long tick) {
        seq++;
        rounds.addLast(new long[] {seq, tick});
        if (rounds.size() > MAX_ROUNDS) {
            rounds.pollFirst();
        }
        return seq;
    }

    void waitForCommit(long requestId) {
        waitingForCommit.addLast(requestId);
    }

    List<Long> drainWaiting() {
        List<Long> out = new ArrayList<>(waitingForCommit);
        waitingForCommit.clear();
        return out;
    }

    void add(long requestId, long index, long roundSeq) {
        if (!pending.isEmpty() && pending.peekLast().seq() > roundSeq) {
            throw new IllegalStateException("read rounds out of order");
        }
        pending.addLast(new Pending(requestId, index, roundSeq));
    }

    /** A majority has acknowledged every round up to {@code quorumSeq}. */
    void acknowledged(long quorumSeq, List<ReadState> out) {
        while (!pending.isEmpty() && pending.peekFirst().seq() <= quorumSeq) {
            Pending p = pending.pollFirst();
            out.add(new ReadState(p.requestId(), p.index()));
        }
        while (!rounds.isEmpty() && rounds.peekFirst()[0] <= quorumSeq) {
            long[] r = rounds.pollFirst();
            leaseStartTick = Math.max(leaseStartTick, r[1]);
        }
    }

    long leaseStartTick() {
        return leaseStartTick;
    }
}
