package io.shoaldb.sim.event;

/** What a scheduled event is, as it appears in the trace and in the trace hash. */
public enum EventKind {
    /** A node or client incarnation is created and started. */
    START,
    /** A timer set through {@code Scheduler.schedule}. */
    TIMER,
    /** A task queued through {@code Scheduler.execute}. */
    TASK,
    /** A message arriving at its destination. */
    MESSAGE,
    /** A disk operation completing. */
    DISK,
    /** A fault being injected or healed by the nemesis. */
    FAULT,
    /** A phase change of the run (safety to liveness, the liveness deadline). */
    PHASE;

    private static final EventKind[] VALUES = values();

    public static EventKind of(int ordinal) {
        return VALUES[ordinal];
    }
}
