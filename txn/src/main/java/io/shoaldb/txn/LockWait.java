package io.shoaldb.txn;

/**
 * A statement wrote a row whose lock another transaction holds. The statement's effects were not kept
 * ({@link Transaction#undoStatement}); its session queues the transaction for the lock with
 * {@link Transaction#waitFor} and runs the statement again once the lock is granted.
 */
public final class LockWait extends RuntimeException {
    private final Transaction txn;
    private final LockTable.RowKey row;
    private final long holderId;

    LockWait(Transaction txn, LockTable.RowKey row, long holderId) {
        super("row of table " + row.tableId() + " is locked by transaction " + holderId, null, false, false);
        this.txn = txn;
        this.row = row;
        this.holderId = holderId;
    }

    public Transaction transaction() {
        return txn;
    }

    LockTable.RowKey row() {
        return row;
    }

    public long holderId() {
        return holderId;
    }
}
