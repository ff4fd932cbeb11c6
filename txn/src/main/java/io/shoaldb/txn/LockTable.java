package io.shoaldb.txn;

import io.shoaldb.storage.KeyCodec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Exclusive row locks of the leader's open transactions, with a FIFO wait queue per row and deadlock
 * detection (docs/locking.md). A transaction that writes a row takes its lock first; a second writer of
 * the row waits in the row's queue instead of racing to a serialization failure at commit. Locks are a
 * throughput device only: every commit is still validated when its log record is applied, so a lock lost
 * or never taken costs an abort, never correctness.
 *
 * <p>Runs on the node's event loop. Nothing here blocks: a waiter is a continuation, which
 * {@link #releaseAll} hands to the {@code defer} port (the loop's {@code Scheduler.execute}) once the lock
 * is its own, so a grant never runs another session's statement inside the releasing call.
 * Bounded: each transaction waits for at most one lock, so the queues hold at most
 * {@link TransactionManager#MAX_ACTIVE_TRANSACTIONS} waiters in all.
 */
public final class LockTable {
    /** A row: table id and primary-key bytes. */
    public record RowKey(long tableId, byte[] key) {
    }

    static final Comparator<RowKey> ORDER = (a, b) -> a.tableId() != b.tableId()
            ? Long.compare(a.tableId(), b.tableId()) : KeyCodec.compare(a.key(), b.key());

    private static final class Lock {
        Transaction holder;
        final ArrayDeque<Waiter> waiters = new ArrayDeque<>(2);
    }

    private record Waiter(Transaction txn, Runnable onGrant) {
    }

    private final TreeMap<RowKey, Lock> locks = new TreeMap<>(ORDER);
    private final Consumer<Runnable> defer;
    private long waits;
    private long deadlocks;

    public LockTable(Consumer<Runnable> defer) {
        this.defer = defer;
    }

    /**
     * Takes the lock of {@code key} for {@code t} if it is free or already {@code t}'s; returns the
     * transaction holding it otherwise (then nothing changed).
     */
    Transaction tryAcquire(Transaction t, RowKey key) {
        Lock l = locks.get(key);
        if (l == null) {
            l = new Lock();
            l.holder = t;
            locks.put(key, l);
            t.heldLocks().add(key);
            return null;
        }
        return l.holder == t ? null : l.holder;
    }

    /**
     * Queues {@code t} for the lock of {@code key}; {@code onGrant} runs (deferred, on the loop) once the
     * lock is {@code t}'s. Throws {@link DeadlockDetected} (nothing queued) if the holder waits, directly
     * or through a chain of waiters, for a lock {@code t} holds.
     */
    void enqueue(Transaction t, RowKey key, Runnable onGrant) {
        if (t.waitingOn() != null) {
            throw new IllegalStateException("transaction " + t.id() + " already waits for a lock");
        }
        Lock l = locks.get(key);
        if (l == null || l.holder == t) {
            tryAcquire(t, key);
            defer.accept(onGrant);
            return;
        }
        Transaction h = l.holder;
        for (int steps = 0; h != null && steps <= TransactionManager.MAX_ACTIVE_TRANSACTIONS; steps++) {
            if (h == t) {
                deadlocks++;
                throw new DeadlockDetected("deadlock detected: transaction " + t.id() + " waits for a row of table "
                        + key.tableId() + " locked by transaction " + l.holder.id() + ", which waits (directly or"
                        + " through other transactions) for a row transaction " + t.id() + " locked");
            }
            RowKey next = h.waitingOn();
            if (next == null) {
                break;
            }
            Lock nl = locks.get(next);
            h = nl == null ? null : nl.holder;
        }
        waits++;
        l.waiters.addLast(new Waiter(t, onGrant));
        t.setWaitingOn(key);
    }

    /**
     * Releases every lock {@code t} holds, handing each to the first transaction waiting for it, and takes
     * {@code t} out of the queue it waits in. Called when {@code t} ends (its commit applied, rolled back,
     * aborted) or fails.
     */
    void releaseAll(Transaction t) {
        RowKey w = t.waitingOn();
        if (w != null) {
            Lock l = locks.get(w);
            if (l != null) {
                l.waiters.removeIf(x -> x.txn() == t);
            }
            t.setWaitingOn(null);
        }
        List<RowKey> held = t.heldLocks();
        for (RowKey k : held) {
            Lock l = locks.get(k);
            if (l == null || l.holder != t) {
                throw new AssertionError("transaction " + t.id() + " lists a lock it does not hold");
            }
            Waiter next = l.waiters.pollFirst();
            if (next == null) {
                locks.remove(k);
                continue;
            }
            l.holder = next.txn();
            next.txn().setWaitingOn(null);
            next.txn().heldLocks().add(k);
            defer.accept(next.onGrant());
        }
        held.clear();
    }

    /** Whether some transaction holds the lock of {@code key}. */
    boolean isLocked(RowKey key) {
        return locks.containsKey(key);
    }

    /** Rows locked now. */
    public int size() {
        return locks.size();
    }

    /** Lock requests that had to wait, since the table was made. */
    public long waits() {
        return waits;
    }

    /** Lock requests refused as deadlocks. */
    public long deadlocks() {
        return deadlocks;
    }

    /**
     * Asserts the table's invariants: every holder and waiter is an open transaction of {@code active}
     * (no lock outlives its transaction), each lock appears in its holder's list, each waiter waits where
     * its transaction says it does.
     */
    void checkInvariants(Map<Long, Transaction> active) {
        for (Map.Entry<RowKey, Lock> e : locks.entrySet()) {
            Transaction h = e.getValue().holder;
            if (h == null || active.get(h.id()) != h || h.state() != Transaction.State.ACTIVE) {
                throw new AssertionError("a row lock of table " + e.getKey().tableId() + " is held by finished transaction "
                        + (h == null ? "none" : h.id() + " (" + h.state() + ")"));
            }
            for (Waiter w : e.getValue().waiters) {
                if (active.get(w.txn().id()) != w.txn() || w.txn().waitingOn() == null
                        || ORDER.compare(w.txn().waitingOn(), e.getKey()) != 0) {
                    throw new AssertionError("transaction " + w.txn().id() + " is queued for a lock it does not wait for");
                }
            }
        }
        long listed = 0;
        for (Transaction t : active.values()) {
            listed += t.heldLocks().size();
            for (RowKey k : t.heldLocks()) {
                Lock l = locks.get(k);
                if (l == null || l.holder != t) {
                    throw new AssertionError("transaction " + t.id() + " lists a lock it does not hold");
                }
            }
        }
        if (listed != locks.size()) {
            throw new AssertionError(locks.size() + " rows are locked but open transactions list " + listed + " locks");
        }
    }

    /** A fresh list for a transaction's held locks. */
    static List<RowKey> newHeldList() {
        return new ArrayList<>(4);
    }
}
