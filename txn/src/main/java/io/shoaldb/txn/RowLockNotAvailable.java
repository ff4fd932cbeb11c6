package io.shoaldb.txn;

/**
 * A NOWAIT lock request ({@code SELECT ... FOR UPDATE NOWAIT}) found the row locked by another transaction;
 * nothing was queued. The SQL layer reports 55P03 naming the table.
 */
public final class RowLockNotAvailable extends RuntimeException {
    private final long tableId;

    RowLockNotAvailable(long tableId, long holderId) {
        super("row of table " + tableId + " is locked by transaction " + holderId, null, false, false);
        this.tableId = tableId;
    }

    public long tableId() {
        return tableId;
    }
}
