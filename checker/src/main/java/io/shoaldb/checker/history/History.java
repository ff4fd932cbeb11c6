package io.shoaldb.checker.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An immutable history: events in real-time order, paired into {@link Operation}s.
 *
 * <p>Pairing follows Jepsen: each process has at most one operation outstanding; its completion must be
 * the same kind of operation on the same key. An invocation that never completes counts as INFO. Events of
 * a Jepsen nemesis are not client operations and are not part of a History.
 */
public final class History {
    private final List<Event> events;
    private final List<Operation> operations;

    private History(List<Event> events, int[] lineOfEvent) {
        this.events = List.copyOf(events);
        this.operations = pair(this.events, lineOfEvent);
    }

    /** Builds a history from events in real-time order; throws {@link MalformedHistoryException} naming the event. */
    public static History of(List<Event> events) {
        return new History(events, null);
    }

    /** As {@link #of(List)}, but errors name {@code lineOfEvent[i]} for event {@code i} (used by the JSON reader). */
    static History of(List<Event> events, int[] lineOfEvent) {
        if (lineOfEvent.length != events.size()) {
            throw new IllegalArgumentException("one line number per event");
        }
        return new History(events, lineOfEvent);
    }

    public static HistoryBuilder builder() {
        return new HistoryBuilder();
    }

    public List<Event> events() {
        return events;
    }

    /** The operations in order of invocation; {@code operations().get(i).id() == i}. */
    public List<Operation> operations() {
        return operations;
    }

    public int size() {
        return events.size();
    }

    private static List<Operation> pair(List<Event> events, int[] lineOfEvent) {
        // Per process: index of its outstanding invoke, or -1. Processes are small dense ints in practice, but
        // a sparse id must not cost memory, so the table grows to the largest id seen, with a hard bound.
        int[] pending = new int[16];
        Arrays.fill(pending, -1);
        List<Operation> ops = new ArrayList<>(events.size() / 2 + 1);
        // Completions are attached in a second pass so that ids follow invocation order.
        int[] completionOf = new int[events.size()];
        Arrays.fill(completionOf, -1);
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            int line = lineOfEvent == null ? i + 1 : lineOfEvent[i];
            if (e.process() >= pending.length) {
                if (e.process() > 10_000_000) {
                    throw new MalformedHistoryException(line, "process id " + e.process() + " is too large (max 10000000)");
                }
                int old = pending.length;
                pending = Arrays.copyOf(pending, Math.max(e.process() + 1, old * 2));
                Arrays.fill(pending, old, pending.length, -1);
            }
            int p = e.process();
            if (e.type() == EventType.INVOKE) {
                if (pending[p] >= 0) {
                    throw new MalformedHistoryException(line, "process " + p + " invokes again while its operation from "
                            + lineOf(pending[p], lineOfEvent) + " is outstanding (after info, use a new process id)");
                }
                pending[p] = i;
            } else {
                int inv = pending[p];
                if (inv < 0) {
                    throw new MalformedHistoryException(line, "process " + p + " completes (" + e.type().jsonName()
                            + ") an operation it never invoked");
                }
                Op invoked = events.get(inv).op();
                if (!Op.sameShape(invoked, e.op())) {
                    throw new MalformedHistoryException(line, "completion " + HistoryJson.describe(e.op())
                            + " does not match its invocation " + HistoryJson.describe(invoked) + " at "
                            + lineOf(inv, lineOfEvent));
                }
                completionOf[inv] = i;
                pending[p] = -1;
            }
        }
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (e.type() != EventType.INVOKE) {
                continue;
            }
            int c = completionOf[i];
            int id = ops.size();
            if (c < 0 || events.get(c).type() == EventType.INFO) {
                long commit = c < 0 ? e.commit() : Math.max(e.commit(), events.get(c).commit());
                ops.add(new Operation(id, e.process(), EventType.INFO, e.op(), e.op(), i, Operation.NEVER, commit));
            } else {
                Event done = events.get(c);
                ops.add(new Operation(id, e.process(), done.type(), e.op(), done.op(), i, c, done.commit()));
            }
        }
        return List.copyOf(ops);
    }

    private static String lineOf(int eventIndex, int[] lineOfEvent) {
        return "line " + (lineOfEvent == null ? eventIndex + 1 : lineOfEvent[eventIndex]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof History h && events.equals(h.events);
    }

    @Override
    public int hashCode() {
        return Objects.hash(events);
    }

    @Override
    public String toString() {
        return "History[" + events.size() + " events, " + operations.size() + " operations]";
    }
}
