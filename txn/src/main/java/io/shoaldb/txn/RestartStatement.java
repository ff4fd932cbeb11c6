package io.shoaldb.txn;

/**
 * A locking statement took the lock of a row that changed after the transaction's snapshot: what the
 * statement read of it is stale. The session undoes the statement, moves the snapshot forward with
 * {@link Transaction#refresh} (failing with 40001 if an earlier read changed) and runs it again.
 */
public final class RestartStatement extends RuntimeException {
    RestartStatement() {
        super("the row changed after the transaction's snapshot", null, false, false);
    }
}
