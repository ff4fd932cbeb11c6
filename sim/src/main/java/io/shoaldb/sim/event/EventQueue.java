package io.shoaldb.sim.event;

import java.util.Arrays;

/**
 * The simulator's agenda: a binary min-heap of events ordered by (virtual time, sequence number).
 * The sequence number makes ties deterministic. Written by hand rather than with
 * {@code java.util.PriorityQueue} to avoid a comparator call per comparison on the hottest path.
 */
public final class EventQueue {

    /** Bound on pending events; a run that exceeds it has a runaway producer, which is a bug. */
    public static final int MAX_PENDING = 16_000_000;

    private Event[] heap = new Event[1024];
    private int size;
    private long nextSeq;

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Total events ever scheduled, which is also the next sequence number. */
    public long scheduledCount() {
        return nextSeq;
    }

    public Event schedule(long timeNanos, EventKind kind, int node, int incarnation, int sizeBytes, Runnable action) {
        if (timeNanos < 0) {
            throw new IllegalArgumentException("negative event time " + timeNanos);
        }
        if (size == MAX_PENDING) {
            throw new IllegalStateException("more than " + MAX_PENDING + " pending events: a runaway producer");
        }
        Event e = new Event(timeNanos, nextSeq++, kind, node, incarnation, sizeBytes, action);
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Event p = heap[parent];
            if (!e.before(p)) {
                break;
            }
            heap[i] = p;
            i = parent;
        }
        heap[i] = e;
        return e;
    }

    /** The earliest event without removing it, or null when empty. */
    public Event peek() {
        return size == 0 ? null : heap[0];
    }

    /** Removes and returns the earliest event, or null when empty. */
    public Event poll() {
        if (size == 0) {
            return null;
        }
        Event top = heap[0];
        Event last = heap[--size];
        heap[size] = null;
        if (size > 0) {
            int i = 0;
            int half = size >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                Event c = heap[child];
                int right = child + 1;
                if (right < size && heap[right].before(c)) {
                    child = right;
                    c = heap[child];
                }
                if (!c.before(last)) {
                    break;
                }
                heap[i] = c;
                i = child;
            }
            heap[i] = last;
        }
        return top;
    }
}
