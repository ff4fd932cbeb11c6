package io.shoaldb.pgwire;

import java.security.MessageDigest;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Maps BackendKeyData (process id, secret) to the session that holds it, so a CancelRequest arriving on
 * another connection can reach it. This is the one structure shared between connections; it holds only
 * immutable entries, and the cancel action it runs just schedules work on the node's loop.
 */
final class CancelRegistry {
    private record Entry(int secretKey, Runnable cancel) {
    }

    private final ConcurrentHashMap<Integer, Entry> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger nextProcessId = new AtomicInteger(1);

    /** A process id no live session uses (positive, like a real PostgreSQL backend pid). */
    int allocateProcessId() {
        while (true) {
            int pid = nextProcessId.getAndUpdate(p -> p == Integer.MAX_VALUE ? 1 : p + 1);
            if (!sessions.containsKey(pid)) {
                return pid;
            }
        }
    }

    void register(int processId, int secretKey, Runnable cancel) {
        Entry previous = sessions.putIfAbsent(processId, new Entry(secretKey, cancel));
        if (previous != null) {
            throw new IllegalStateException("process id " + processId + " registered twice");
        }
    }

    void unregister(int processId) {
        sessions.remove(processId);
    }

    /** Runs the matching session's cancel action; returns whether the key matched. */
    boolean cancel(int processId, int secretKey) {
        Entry e = sessions.get(processId);
        int expected = e == null ? ~secretKey : e.secretKey;
        // Compare in constant time so a wrong key reveals nothing about the right one.
        boolean match = MessageDigest.isEqual(ByteBuffer.allocate(4).putInt(expected).array(),
                ByteBuffer.allocate(4).putInt(secretKey).array());
        if (match && e != null) {
            e.cancel.run();
            return true;
        }
        return false;
    }

    int size() {
        return sessions.size();
    }
}
