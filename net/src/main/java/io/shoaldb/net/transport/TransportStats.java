package io.shoaldb.net.transport;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters of one transport. Written on the node's event loop, read from anywhere (logs, tests,
 * benchmarks), hence atomics rather than plain fields.
 */
public final class TransportStats {

    /** What is counted. Every dropped frame and every closed connection is counted under exactly one reason. */
    public enum Counter {
        FRAMES_SENT,
        FRAMES_RECEIVED,
        PAYLOAD_BYTES_SENT,
        PAYLOAD_BYTES_RECEIVED,
        /** Checksum mismatch: the frame was dropped, the connection kept. */
        DROPPED_CORRUPT,
        /** Payload over the configured limit: the frame was skipped unread, the connection kept. */
        DROPPED_OVERSIZED,
        /** A connection ended in the middle of a frame. */
        DROPPED_TRUNCATED,
        /** Reserved header flags set: a frame of a format this build does not know. */
        DROPPED_UNSUPPORTED,
        /** The outbound queue to a peer was full. */
        DROPPED_QUEUE_FULL,
        /** A send to an id that is neither a peer nor a connected client. */
        DROPPED_UNROUTABLE,
        /** Bad magic, bad version or impossible length: the connection was closed. */
        CLOSED_BROKEN_FRAMING,
        /** A frame carried another cluster's id: the connection was closed. */
        CLOSED_WRONG_CLUSTER,
        /** A connection's frames changed sender id: the connection was closed. */
        CLOSED_SENDER_MISMATCH,
        /** An outbound connection's socket stayed full past the stall timeout: closed and redialled. */
        CLOSED_STALLED,
        /** An inbound connection over the configured limit was refused. */
        CLOSED_TOO_MANY_CONNECTIONS,
        /**
         * An inbound connection delivered no complete frame for the idle timeout and was closed (not
         * refused input: an abandoned connection; a live sender redials).
         */
        IDLE_INBOUND_CLOSED,
        CONNECT_ATTEMPTS,
        CONNECTS,
        DISCONNECTS,
    }

    private final AtomicLongArray counts = new AtomicLongArray(Counter.values().length);

    void add(Counter counter) {
        counts.incrementAndGet(counter.ordinal());
    }

    void add(Counter counter, long delta) {
        counts.addAndGet(counter.ordinal(), delta);
    }

    public long get(Counter counter) {
        return counts.get(counter.ordinal());
    }

    /** All counters that are not zero, in declaration order. */
    public Map<Counter, Long> nonZero() {
        Map<Counter, Long> result = new EnumMap<>(Counter.class);
        for (Counter c : Counter.values()) {
            long v = get(c);
            if (v != 0) {
                result.put(c, v);
            }
        }
        return result;
    }

    /** Sum of every DROPPED_ and CLOSED_ counter: anything other than zero means some input was refused. */
    public long refused() {
        long sum = 0;
        for (Counter c : Counter.values()) {
            if (c.name().startsWith("DROPPED_") || c.name().startsWith("CLOSED_")) {
                sum += get(c);
            }
        }
        return sum;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        nonZero().forEach((c, v) -> sb.append(sb.isEmpty() ? "" : " ").append(c.name().toLowerCase()).append('=').append(v));
        return sb.toString();
    }
}
