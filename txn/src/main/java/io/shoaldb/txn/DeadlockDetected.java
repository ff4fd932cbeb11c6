package io.shoaldb.txn;

/** A row-lock request would close a cycle of waiting transactions (SQLSTATE 40P01, deadlock_detected). */
public final class DeadlockDetected extends RuntimeException {
    public DeadlockDetected(String message) {
        super(message, null, false, false);
    }
}
