package io.shoaldb.txn;

/** A transaction reached the bound on its writes and was rolled back (SQLSTATE 54000, program_limit_exceeded). */
public final class TransactionTooLarge extends RuntimeException {
    public TransactionTooLarge(String message) {
        super(message, null, false, false);
    }
}
