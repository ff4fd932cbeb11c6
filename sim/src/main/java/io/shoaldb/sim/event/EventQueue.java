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

    // The heap keeps each event's ordering key in parallel primitive arrays, so sifting compares
    // longs in two contiguous arrays instead of chasing a pointer per comparison.
    private Event[] heap = new Event[1024];
    private long[] times = new long[1024];
    private long[] seqs = new long[1024];
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
        long seq = nextSeq++;
        Event e = new Event(timeNanos, seq, kind, node, incarnation, sizeBytes, action);
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
            times = Arrays.copyOf(times, size * 2);
            seqs = Arrays.copyOf(seqs, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            long pt = times[parent];
            if (pt < timeNanos || (pt == timeNanos && seqs[parent] < seq)) {
                break;
            }
            heap[i] = heap[parent];
            times[i] = pt;
            seqs[i] = seqs[parent];
            i = parent;
        }
        heap[i] = e;
        times[i] = timeNanos;
        seqs[i] = seq;
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
        int n = --size;
        Event last = heap[n];
        long lt = times[n];
        long ls = seqs[n];
        heap[n] = null;
        if (n > 0) {
            int i = 0;
            int half = n >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                int right = child + 1;
                if (right < n && (times[right] < times[child]
                        || (times[right] == times[child] && seqs[right] < seqs[child]))) {
                    child = right;
                }
                long ct = times[child];
                if (ct > lt || (ct == lt && seqs[child] > ls)) {
                    break;
                }
                heap[i] = heap[child];
                times[i] = ct;
                seqs[i] = seqs[child];
                i = child;
            }
            heap[i] = last;
            times[i] = lt;
            seqs[i] = ls;
        }
        return top;
    }
}
