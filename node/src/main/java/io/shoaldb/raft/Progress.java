package io.shoaldb.raft;

import java.util.ArrayDeque;

/** The leader's view of one follower's log: how far it matches and how replication to it proceeds. */
final class Progress {

    enum State {
        /** Sends one append at a time and waits, to find where the follower's log matches. */
        PROBE,
        /** Streams appends optimistically, up to the inflight bound. */
        REPLICATE,
        /** Sends a snapshot in chunks, one chunk at a time. */
        SNAPSHOT
    }

    long match;
    long next;
    State state = State.PROBE;
    /** In PROBE, an append was sent and no reply came yet. */
    boolean probeSent;
    /** Heard from since the last check-quorum round. */
    boolean recentActive;
    /** Highest heartbeat round acknowledged in this term. */
    long ackedSeq;
    /** Snapshot being sent in SNAPSHOT state, and the byte offset the follower expects next. */
    long pendingSnapshot;
    long snapshotOffset;
    /** Last indices of appends in flight in REPLICATE state, oldest first. */
    private final ArrayDeque<Long> inflight = new ArrayDeque<>();
    private final int maxInflight;

    Progress(long next, int maxInflight) {
        this.next = next;
        this.maxInflight = maxInflight;
    }

    boolean isPaused() {
        return switch (state) {
            case PROBE -> probeSent;
            case REPLICATE -> inflight.size() >= maxInflight;
            case SNAPSHOT -> true;
        };
    }

    boolean inflightFull() {
        return inflight.size() >= maxInflight;
    }

    void addInflight(long lastIndex) {
        if (inflight.size() >= maxInflight) {
            throw new IllegalStateException("inflight window overflow");
        }
        inflight.addLast(lastIndex);
    }

    void freeInflightTo(long index) {
        while (!inflight.isEmpty() && inflight.peekFirst() <= index) {
            inflight.pollFirst();
        }
    }

    void freeFirstInflight() {
        inflight.pollFirst();
    }

    int inflightCount() {
        return inflight.size();
    }

    void becomeProbe() {
        if (state == State.SNAPSHOT) {
            next = Math.max(match + 1, pendingSnapshot + 1);
        } else {
            next = match + 1;
        }
        state = State.PROBE;
        probeSent = false;
        pendingSnapshot = 0;
        inflight.clear();
    }

    void becomeReplicate() {
        state = State.REPLICATE;
        next = match + 1;
        probeSent = false;
        inflight.clear();
    }

    void becomeSnapshot(long snapshotIndex) {
        state = State.SNAPSHOT;
        pendingSnapshot = snapshotIndex;
        snapshotOffset = 0;
        inflight.clear();
    }

    /** Records a successful append up to {@code index}; returns whether it was news. */
    boolean maybeUpdate(long index) {
        boolean updated = false;
        if (match < index) {
            match = index;
            updated = true;
            probeSent = false;
        }
        next = Math.max(next, index + 1);
        return updated;
    }

    /**
     * Handles a rejected append of {@code rejected} (its prevIndex) from a follower whose log ends at
     * {@code hint}; returns false for a stale rejection.
     */
    boolean maybeDecrTo(long rejected, long hint) {
        if (state == State.REPLICATE) {
            if (rejected <= match) {
                return false;
            }
            next = match + 1;
            return true;
        }
        if (next - 1 != rejected) {
            return false;
        }
        next = Math.max(Math.min(rejected, hint + 1), match + 1);
        probeSent = false;
        return true;
    }

    @Override
    public String toString() {
        return state + " match=" + match + " next=" + next + " inflight=" + inflight.size();
    }
}
