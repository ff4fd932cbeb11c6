package io.shoaldb.sim.event;

/**
 * One scheduled event. Ordered by (time, sequence number): the sequence number is assigned at
 * scheduling, so events due at the same virtual instant run in the order they were scheduled.
 *
 * @see EventQueue
 */
public final class Event {

    /** Incarnation value for events that belong to a node but to none of its incarnations (messages). */
    public static final int ANY_INCARNATION = -1;
    /** Node value for events that belong to the simulator itself (faults, phases). */
    public static final int NO_NODE = -1;

    final long timeNanos;
    final long seq;
    final EventKind kind;
    final int node;
    final int incarnation;
    final int sizeBytes;
    final Runnable action;
    boolean cancelled;

    Event(long timeNanos, long seq, EventKind kind, int node, int incarnation, int sizeBytes, Runnable action) {
        this.timeNanos = timeNanos;
        this.seq = seq;
        this.kind = kind;
        this.node = node;
        this.incarnation = incarnation;
        this.sizeBytes = sizeBytes;
        this.action = action;
    }

    public long timeNanos() {
        return timeNanos;
    }

    public long seq() {
        return seq;
    }

    public EventKind kind() {
        return kind;
    }

    public int node() {
        return node;
    }

    public int incarnation() {
        return incarnation;
    }

    public int sizeBytes() {
        return sizeBytes;
    }

    public Runnable action() {
        return action;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Calls the event off; the queue discards it when it comes due. */
    public void cancel() {
        cancelled = true;
    }
}
