package io.shoaldb.checker.history;

import java.util.ArrayList;
import java.util.List;

/**
 * Records a history event by event, in real-time order, as a simulator or a test client sees it.
 * Not thread-safe: one recorder per single-threaded run.
 */
public final class HistoryBuilder {
    /** A bound on one history: far above any run we check, low enough to fail before exhausting the heap. */
    public static final int MAX_EVENTS = 50_000_000;

    private final List<Event> events = new ArrayList<>();

    public HistoryBuilder add(Event event) {
        if (events.size() >= MAX_EVENTS) {
            throw new IllegalStateException("history exceeds " + MAX_EVENTS + " events");
        }
        events.add(event);
        return this;
    }

    public HistoryBuilder invoke(int process, Op op) {
        return add(new Event(process, EventType.INVOKE, op));
    }

    public HistoryBuilder ok(int process, Op op) {
        return add(new Event(process, EventType.OK, op));
    }

    /** An ok completion that also reports the system's commit position (white-box checking). */
    public HistoryBuilder ok(int process, Op op, long commit) {
        return add(new Event(process, EventType.OK, op, -1, commit));
    }

    public HistoryBuilder fail(int process, Op op) {
        return add(new Event(process, EventType.FAIL, op));
    }

    public HistoryBuilder info(int process, Op op) {
        return add(new Event(process, EventType.INFO, op));
    }

    /** An info completion whose commit position the system knows (it committed, but the client never heard). */
    public HistoryBuilder info(int process, Op op, long commit) {
        return add(new Event(process, EventType.INFO, op, -1, commit));
    }

    public int size() {
        return events.size();
    }

    /** Pairs the events; throws {@link MalformedHistoryException} if they do not pair. */
    public History build() {
        return History.of(events);
    }
}
