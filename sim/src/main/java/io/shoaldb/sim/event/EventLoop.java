package io.shoaldb.sim.event;

import java.io.PrintStream;

/**
 * The single-threaded heart of a run: virtual time, the event queue, and the rolling trace hash.
 * {@link #step()} takes the earliest event, advances virtual time to it, folds its description into
 * the trace hash and runs it to completion. Nothing else advances time, so a run is a pure function
 * of the events scheduled, which are a pure function of (scenario, seed).
 */
public final class EventLoop {

    /** Outcome of {@link #step()}. */
    public enum Step { EXECUTED, SKIPPED, EMPTY }

    private final EventQueue queue = new EventQueue();
    private final TraceHash hash = new TraceHash();
    private EventGate gate = EventGate.OPEN;
    private PrintStream traceOut;
    private long nowNanos;
    private long executed;
    private Event current;

    public void gate(EventGate gate) {
        this.gate = gate;
    }

    /** Prints every executed event and every node trace line with the running hash (for diffing runs). */
    public void traceTo(PrintStream out) {
        this.traceOut = out;
    }

    public long nowNanos() {
        return nowNanos;
    }

    /** Events executed so far. */
    public long executed() {
        return executed;
    }

    public int pending() {
        return queue.size();
    }

    public long traceHash() {
        return hash.value();
    }

    /** The event being executed, or the one whose action threw; null between events. */
    public Event current() {
        return current;
    }

    public Event at(long timeNanos, EventKind kind, int node, int incarnation, int sizeBytes, Runnable action) {
        if (timeNanos < nowNanos) {
            throw new IllegalArgumentException("event in the past: " + timeNanos + " < now " + nowNanos);
        }
        return queue.schedule(timeNanos, kind, node, incarnation, sizeBytes, action);
    }

    public Event after(long delayNanos, EventKind kind, int node, int incarnation, int sizeBytes, Runnable action) {
        if (delayNanos < 0) {
            throw new IllegalArgumentException("negative delay " + delayNanos);
        }
        return queue.schedule(nowNanos + delayNanos, kind, node, incarnation, sizeBytes, action);
    }

    /** Runs the earliest pending event, if the gate admits it. Exceptions of the action propagate. */
    public Step step() {
        Event e = queue.poll();
        if (e == null) {
            return Step.EMPTY;
        }
        if (e.cancelled) {
            return Step.SKIPPED;
        }
        nowNanos = e.timeNanos;
        long verdict = gate.admit(e, nowNanos);
        if (verdict == EventGate.DROP) {
            return Step.SKIPPED;
        }
        if (verdict != EventGate.RUN) {
            queue.schedule(verdict, e.kind, e.node, e.incarnation, e.sizeBytes, e.action);
            return Step.SKIPPED;
        }
        executed++;
        hash.addEvent(e.timeNanos, e.kind, e.node, e.sizeBytes);
        if (traceOut != null) {
            traceOut.println(formatTime(e.timeNanos) + " n" + e.node + " " + e.kind + " " + e.sizeBytes
                    + " " + TraceHash.hex(hash.value()));
        }
        current = e;
        e.action.run();
        // Left set when the action throws, so the caller can say which event failed.
        current = null;
        return Step.EXECUTED;
    }

    /** Folds a line a node recorded into the trace hash (and the trace output). */
    public void traceLine(int node, String level, String what) {
        hash.add(node);
        hash.addString(level);
        hash.addString(what);
        if (traceOut != null) {
            traceOut.println(formatTime(nowNanos) + " n" + node + " " + level + " " + what);
        }
    }

    /** Folds a simulator-side decision (a fault) into the trace hash. */
    public void traceFault(String what) {
        hash.addString(what);
        if (traceOut != null) {
            traceOut.println(formatTime(nowNanos) + " fault " + what);
        }
    }

    /** Virtual time as seconds with nanosecond digits, e.g. {@code 12.000450000}. */
    public static String formatTime(long nanos) {
        return (nanos / 1_000_000_000L) + "." + String.format("%09d", nanos % 1_000_000_000L);
    }
}
