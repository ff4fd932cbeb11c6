package io.shoaldb.checker.history;

import java.util.Objects;

/**
 * One line of a history.
 *
 * @param process   the client process; one operation at a time per process
 * @param type      invoke, ok, fail or info
 * @param op        what was asked (invoke) or what happened (completion)
 * @param timeNanos optional wall or simulated time, for display only ({@code -1} if absent); real-time
 *                  order is the order of events in the history
 * @param commit    optional white-box commit position the system reported for a transaction
 *                  ({@code -1} if absent); see {@link io.shoaldb.checker.whitebox.CommitOrderChecker}
 */
public record Event(int process, EventType type, Op op, long timeNanos, long commit) {
    public Event {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(op, "op");
        if (process < 0) {
            throw new IllegalArgumentException("process must be >= 0: " + process);
        }
        if (commit < -1) {
            throw new IllegalArgumentException("commit must be >= 0 (or -1 for none): " + commit);
        }
    }

    public Event(int process, EventType type, Op op) {
        this(process, type, op, -1, -1);
    }
}
