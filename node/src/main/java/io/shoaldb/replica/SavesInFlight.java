package io.shoaldb.replica;

import io.shoaldb.raft.Raft;
import io.shoaldb.raft.Ready;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A Raft host's pipelined saves (docs/raft.md): how many Readys are with the WAL and not yet durable, and
 * the ones the WAL refused (back-pressure), which are offered again in order before anything newer and
 * keep the host from snapshotting meanwhile (a snapshot would overtake their entries). Shared by
 * {@link Replica} and the key-value node.
 */
public final class SavesInFlight {
    /** At most this many saves in flight; the WAL groups the queued ones into one write and fsync. */
    public static final int MAX = 8;

    private int count;
    private final ArrayDeque<Ready> refused = new ArrayDeque<>();

    /** Whether the host may take the next Ready from {@code raft} now. */
    public boolean mayTake(Raft raft) {
        return refused.isEmpty() && count < MAX && raft.mayTakeReady();
    }

    /** Whether any save is with the WAL (a Ready with nothing to save must then queue behind it). */
    public boolean any() {
        return count > 0;
    }

    public void submitted() {
        count++;
    }

    public void durable() {
        count--;
    }

    /** Whether a refused save waits to be offered again; no snapshot may be taken meanwhile. */
    public boolean anyRefused() {
        return !refused.isEmpty();
    }

    /** Notes a refusal; true if it starts a run of refusals, so the host must schedule one retry. */
    public boolean refused(Ready r) {
        refused.addLast(r);
        return refused.size() == 1;
    }

    /** The refused saves, oldest first, to offer again; forgets them. */
    public List<Ready> takeRefused() {
        List<Ready> again = List.copyOf(refused);
        refused.clear();
        return again;
    }

    /** The host restarts from disk: nothing is in flight any more. */
    public void reset() {
        count = 0;
        refused.clear();
    }
}
